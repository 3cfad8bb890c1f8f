package io.berth.storage.vfs.internal;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.MissingCapabilityException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code vfs}: every folder is a plain directory
 * {@code <mount>/<kind>/<scopeId>/<folderId>} under the volume's mount path, which must be an
 * existing directory given as an absolute path.
 *
 * <p>Capabilities {@link Capability#USAGE USAGE} and {@link Capability#CLONE CLONE}; there are no
 * quotas, so the quota methods throw {@link MissingCapabilityException}.
 *
 * <p>Symbolic links are never followed: a folder (or one of its parent directories under the mount
 * path) that is a symbolic link is refused; deleting removes links inside a folder, not what they
 * point to; usage counts a link as a file of no bytes; a clone recreates a relative link whose
 * target stays inside the source folder and leaves out every other link (absolute ones, ones that
 * lead out of the folder) and special files (sockets, pipes, devices). Directories are created
 * with the process's default permissions (typically {@code 0755}).
 *
 * <p>Stateless, hence thread-safe.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + VfsStorageBackend.TYPE)
public final class VfsStorageBackend implements StorageBackend {
    static final String TYPE = "vfs";
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.USAGE, Capability.CLONE));

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        Path dir = resolve(volume, mount, folder);
        try {
            createDirectories(volume, mount, folder, dir);
        } catch (IOException e) {
            throw new StorageException("cannot create folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
    }

    /** Creates the directories from the mount path down to {@code dir}, refusing symbolic links on the way. */
    private static void createDirectories(Volume volume, Path mount, FolderPath folder, Path dir) throws IOException {
        Path current = mount;
        for (Path name : mount.relativize(dir)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw escape(volume, folder, current);
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current);
                } catch (FileAlreadyExistsException e) {
                    // created concurrently, or something else is in the way
                    if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                        throw new StorageException("cannot create folder " + folder + " on volume " + volume.name()
                                + ": " + current + " exists and is not a directory", e);
                    }
                }
            }
        }
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        Path dir = resolve(volume, mount, folder);
        if (!existingFolder(volume, mount, folder, dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed concurrently
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // deleted concurrently
        } catch (IOException e) {
            throw new StorageException("cannot delete folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        Path mount = mount(volume);
        Path source = resolve(volume, mount, from);
        Path target = resolve(volume, mount, to);
        if (!existingFolder(volume, mount, from, source)) {
            throw new FolderNotFoundException(volume.name(), from);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FolderExistsException(volume.name(), to);
        }
        Path parent = target.getParent();
        try {
            createDirectories(volume, mount, to, parent);
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            throw new FolderExistsException(volume.name(), to);
        } catch (IOException e) {
            throw new StorageException("cannot clone folder " + from + " to " + to + " on volume " + volume.name()
                    + ": cannot create " + target + " in " + parent + ": " + describe(e), e);
        }
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(source)) {
                        Files.createDirectory(target.resolve(source.relativize(d)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path copy = target.resolve(source.relativize(file));
                    if (attrs.isRegularFile()) {
                        Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                    } else if (attrs.isSymbolicLink()) {
                        Path link = Files.readSymbolicLink(file);
                        if (!link.isAbsolute() && file.getParent().resolve(link).normalize().startsWith(source)) {
                            Files.createSymbolicLink(copy, link);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            try {
                deleteFolder(volume, to);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new StorageException("cannot clone folder " + from + " to " + to + " on volume " + volume.name()
                    + ": " + (e instanceof IOException io ? describe(io) : e.toString()), e);
        }
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        Path dir = resolve(volume, mount, folder);
        if (!existingFolder(volume, mount, folder, dir)) {
            throw new FolderNotFoundException(volume.name(), folder);
        }
        long[] totals = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        totals[0] += attrs.size();
                    }
                    totals[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed while walking
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            throw new FolderNotFoundException(volume.name(), folder);
        } catch (IOException e) {
            throw new StorageException("cannot measure folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
        return new FolderUsage(totals[0], totals[1]);
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        throw noQuota(volume, scope);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        throw noQuota(volume, scope);
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        throw noQuota(volume, scope);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        throw noQuota(volume, scope);
    }

    private static MissingCapabilityException noQuota(Volume volume, QuotaScope scope) {
        checkVolume(volume);
        Objects.requireNonNull(scope, "scope");
        return new MissingCapabilityException(TYPE, Capability.QUOTA);
    }

    private static void checkVolume(Volume volume) {
        Objects.requireNonNull(volume, "volume");
        if (!TYPE.equals(volume.backend())) {
            throw new IllegalArgumentException("volume " + volume.name() + " is served by backend "
                    + volume.backend() + ", not " + TYPE);
        }
    }

    /** The volume's mount path: absolute, normalized, an existing directory. */
    static Path mount(Volume volume) {
        checkVolume(volume);
        Path mount;
        try {
            mount = volume.mount();
        } catch (InvalidPathException e) {
            throw new StorageException("mount path of volume " + volume.name() + " is not a path: "
                    + e.getMessage(), e);
        }
        if (!mount.isAbsolute()) {
            throw new StorageException("mount path of volume " + volume.name() + " must be absolute: " + mount);
        }
        mount = mount.normalize();
        if (!Files.isDirectory(mount)) {
            throw new StorageException("mount path of volume " + volume.name() + " is not a directory: " + mount
                    + (Files.exists(mount) ? "" : " (missing: is the volume mounted?)"));
        }
        return mount;
    }

    /** The folder's directory under the mount path, checked to stay inside it. */
    static Path resolve(Volume volume, Path mount, FolderPath folder) {
        Objects.requireNonNull(folder, "folder");
        Path dir = mount.resolve(folder.scope().kind().directoryName()).resolve(folder.scope().id())
                .resolve(folder.folderId()).normalize();
        if (!dir.startsWith(mount) || dir.equals(mount)) {
            throw new StorageException("folder " + folder + " would leave volume " + volume.name() + " at " + mount);
        }
        return dir;
    }

    /**
     * Whether the folder exists as a real directory, with no symbolic link on the way from the
     * mount path; a link or a file in its place is an error.
     */
    private static boolean existingFolder(Volume volume, Path mount, FolderPath folder, Path dir) {
        Path current = mount;
        for (Path name : mount.relativize(dir)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw escape(volume, folder, current);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException("folder " + folder + " on volume " + volume.name() + " is not a directory: "
                    + dir);
        }
        return true;
    }

    private static StorageException escape(Volume volume, FolderPath folder, Path link) {
        return new StorageException("folder " + folder + " on volume " + volume.name() + " is refused: " + link
                + " is a symbolic link, which could lead out of the volume");
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }
}
