package io.berth.core.testing;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.MissingCapabilityException;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A storage backend over real directories under the volume's mount path (the default layout), with quota
 * scopes kept in memory (limit per volume and scope; usage counted from the scope's files). It follows the
 * SPI contract: a volume of another type is an {@link IllegalArgumentException}, a missing capability a
 * {@link MissingCapabilityException} before anything is touched. Every call is recorded, and the next call of
 * a method can be made to fail.
 */
public final class FakeStorageBackend implements StorageBackend {
    private final String type;
    private final Set<Capability> capabilities;
    private final Map<String, Long> limits = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final List<Volume> seen = new ArrayList<>();

    public FakeStorageBackend(String type, Set<Capability> capabilities) {
        this.type = type;
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /** Plain directories, no optional capability (like {@code vfs}). */
    public static FakeStorageBackend vfsLike(String type) {
        return new FakeStorageBackend(type, Set.of());
    }

    /** Quotas, usage and clone. */
    public static FakeStorageBackend quota(String type) {
        return new FakeStorageBackend(type, Set.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE));
    }

    public String type() {
        return type;
    }

    /** The service properties of this backend. */
    public Map<String, Object> properties() {
        return Map.of(StorageBackend.PROPERTY, type);
    }

    /** Calls as {@code method volume argument…}, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** The volumes as the backend received them (options with secrets opened). */
    public synchronized List<Volume> volumesSeen() {
        return List.copyOf(seen);
    }

    /** Makes the next call of {@code method} throw {@code e} (before it does anything). */
    public void failNext(String method, RuntimeException e) {
        failures.put(method, e);
    }

    /** The limit of a scope, or null when the scope does not exist (0 = no limit). */
    public Long limit(String volume, QuotaScope scope) {
        return limits.get(volume + "|" + scope);
    }

    private synchronized void call(String method, Volume volume, Object... args) {
        Objects.requireNonNull(volume, "volume");
        StringBuilder b = new StringBuilder(method).append(' ').append(volume.name());
        for (Object a : args) {
            b.append(' ').append(Objects.requireNonNull(a, "argument"));
        }
        calls.add(b.toString());
        seen.add(volume);
        if (!type.equals(volume.backend())) {
            throw new IllegalArgumentException("volume " + volume.name() + " is of type " + volume.backend()
                    + ", not " + type);
        }
        RuntimeException e = failures.remove(method);
        if (e != null) {
            throw e;
        }
    }

    private void require(Capability c) {
        if (!capabilities.contains(c)) {
            throw new MissingCapabilityException(type, c);
        }
    }

    private static Path inside(Volume volume, String relative) {
        Path mount = volume.mount().toAbsolutePath().normalize();
        Path p = mount.resolve(relative).normalize();
        if (!p.startsWith(mount)) {
            throw new StorageException("path " + relative + " leaves volume " + volume.name());
        }
        return p;
    }

    private Path dir(Volume volume, FolderPath folder) {
        return inside(volume, folderLocation(volume, folder));
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        call("createFolder", volume, folder);
        try {
            Files.createDirectories(dir(volume, folder));
        } catch (IOException e) {
            throw new StorageException("cannot create folder " + folder + " on volume " + volume.name(), e);
        }
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        call("deleteFolder", volume, folder);
        Path d = dir(volume, folder);
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            deleteTree(d);
        } catch (IOException e) {
            throw new StorageException("cannot delete folder " + folder + " on volume " + volume.name(), e);
        }
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        call("cloneFolder", volume, from, to);
        require(Capability.CLONE);
        Path src = dir(volume, from);
        Path dst = dir(volume, to);
        if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new FolderNotFoundException(volume.name(), from);
        }
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new FolderExistsException(volume.name(), to);
        }
        try {
            Files.createDirectories(dst.getParent());
            Files.walkFileTree(src, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectory(dst.resolve(src.relativize(d)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Path target = dst.resolve(src.relativize(f));
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Files.readSymbolicLink(f));
                    } else {
                        Files.copy(f, target, LinkOption.NOFOLLOW_LINKS);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            try {
                deleteTree(dst);
            } catch (IOException ignored) {
                // best effort
            }
            throw new StorageException("cannot clone " + from + " to " + to + " on volume " + volume.name(), e);
        }
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        call("usage", volume, folder);
        require(Capability.USAGE);
        Path d = dir(volume, folder);
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            throw new FolderNotFoundException(volume.name(), folder);
        }
        long[] sum = new long[2];
        walk(d, sum);
        return new FolderUsage(sum[0], sum[1]);
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        call("createQuotaScope", volume, scope, hardLimitBytes);
        require(Capability.QUOTA);
        if (hardLimitBytes < 0) {
            throw new IllegalArgumentException("negative limit " + hardLimitBytes);
        }
        try {
            Files.createDirectories(inside(volume, scope.relativePath()));
        } catch (IOException e) {
            throw new StorageException("cannot create quota scope " + scope + " on volume " + volume.name(), e);
        }
        limits.put(volume.name() + "|" + scope, hardLimitBytes);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        call("describeQuotaScope", volume, scope);
        require(Capability.QUOTA);
        Long limit = limits.get(volume.name() + "|" + scope);
        if (limit == null) {
            return Optional.empty();
        }
        long[] sum = new long[2];
        Path d = inside(volume, scope.relativePath());
        if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            walk(d, sum);
        }
        return Optional.of(new QuotaUsage(scope, sum[0], limit));
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        call("setQuota", volume, scope, hardLimitBytes);
        require(Capability.QUOTA);
        if (hardLimitBytes <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + hardLimitBytes);
        }
        limits.put(volume.name() + "|" + scope, hardLimitBytes);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        call("unsetQuota", volume, scope);
        require(Capability.QUOTA);
        limits.computeIfPresent(volume.name() + "|" + scope, (k, v) -> QuotaUsage.NO_LIMIT);
    }

    private static void walk(Path d, long[] sum) {
        try (Stream<Path> s = Files.walk(d)) {
            s.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!a.isDirectory()) {
                        sum[1]++;
                        if (a.isRegularFile()) {
                            sum[0] += a.size();
                        }
                    }
                } catch (IOException e) {
                    throw new StorageException("cannot measure " + d.getFileName(), e);
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot measure " + d.getFileName(), e);
        }
    }

    private static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(d, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
