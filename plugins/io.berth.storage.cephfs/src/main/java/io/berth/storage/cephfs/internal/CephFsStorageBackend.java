package io.berth.storage.cephfs.internal;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.CommandRunner;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderTrees;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code cephfs}: folders are directories {@code <mount>/<kind>/<scopeId>/<folderId>}
 * on a mounted CephFS, and every quota scope directory {@code <mount>/<kind>/<scopeId>} is a plain
 * directory whose CephFS quota attribute {@value CephXattrs#MAX_BYTES} is the scope's hard limit.
 * The volume's mount path must be absolute and an existing directory. Directory work follows the
 * {@code vfs} backend: no symbolic link is ever followed, a folder behind one is refused, a clone
 * copies files, directories and the relative links that stay inside the folder.
 *
 * <p>Capabilities {@link Capability#QUOTA QUOTA}, {@link Capability#USAGE USAGE} and
 * {@link Capability#CLONE CLONE}. A scope exists when its directory exists; creating a folder,
 * a scope or setting a quota creates the directory on demand.
 *
 * <p><b>Commands</b> (from the attr package; each run without a shell, with {@code -h} so that a
 * symbolic link put in place of a directory is never followed, and the absolute directory last):
 * <ul>
 * <li>set a limit, or remove it with {@code 0} (CephFS's way of removing a quota):
 * {@code setfattr -h -n ceph.quota.max_bytes -v <bytes> <scopeDir>};</li>
 * <li>read the limit: {@code getfattr -h --only-values --absolute-names -n ceph.quota.max_bytes <scopeDir>};
 * "No such attribute" (a directory without a quota) and {@code 0} both mean no limit;</li>
 * <li>read the usage of a scope: {@code getfattr -h --only-values --absolute-names -n ceph.dir.rbytes <scopeDir>}
 * (Ceph's recursive byte count, which is what its quota enforcement compares with the limit);</li>
 * <li>{@link #usage} of a folder: {@code ceph.dir.rbytes} for the bytes (the sum of the sizes of
 * the files below it) and {@code ceph.dir.rfiles} for the file count (every entry below it that is
 * not a directory), read the same way. These recursive statistics are Ceph's own accounting and
 * reach the directory lazily, so a write of the last seconds may not show yet.</li>
 * </ul>
 * A command that exits with a non-zero status fails with a {@link StorageException} quoting it and
 * its error output (for example "Operation not supported" when the volume is not on CephFS).
 *
 * <p><b>Volume options:</b> {@code setfattr} and {@code getfattr} (the executables, default
 * {@code setfattr} and {@code getfattr}) and {@code command_timeout_seconds} (default
 * {@value #DEFAULT_TIMEOUT_SECONDS}).
 *
 * <p>Stateless, hence thread-safe.
 */
@Component(service = StorageBackend.class,
        property = StorageBackend.PROPERTY + "=" + CephFsStorageBackend.TYPE)
public final class CephFsStorageBackend implements StorageBackend {
    static final String TYPE = "cephfs";
    static final long DEFAULT_TIMEOUT_SECONDS = 60;
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE));

    private final CommandRunner runner;

    /** The backend running the real setfattr and getfattr. */
    public CephFsStorageBackend() {
        this(CommandRunner.system());
    }

    CephFsStorageBackend(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(folder, "folder");
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        FolderTrees.createDirectories(volume, mount, folder, dir);
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(folder, "folder");
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        FolderTrees.deleteFolder(volume, mount, folder, dir);
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Path mount = FolderTrees.mount(volume);
        Path source = FolderTrees.folderDir(volume, mount, from);
        Path target = FolderTrees.folderDir(volume, mount, to);
        FolderTrees.checkClone(volume, mount, from, source, to, target);
        FolderTrees.createDirectories(volume, mount, to.scope(), FolderTrees.scopeDir(volume, mount, to.scope()));
        FolderTrees.clone(volume, mount, from, source, to, target);
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(folder, "folder");
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        if (!FolderTrees.existingDirectory(volume, mount, folder, dir)) {
            throw new FolderNotFoundException(volume.name(), folder);
        }
        String what = "measure folder " + folder;
        long bytes = required(volume, settings, what, dir, CephXattrs.RBYTES);
        long files = required(volume, settings, what, dir, CephXattrs.RFILES);
        return new FolderUsage(bytes, files);
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requireLimitOrNone(volume, scope, hardLimitBytes);
        setMaxBytes(volume, scope, hardLimitBytes);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        if (!FolderTrees.existingDirectory(volume, mount, scope, dir)) {
            return Optional.empty();
        }
        String what = "read the quota of scope " + scope;
        long limit = getfattr(volume, settings, what, dir, CephXattrs.MAX_BYTES).orElse(QuotaUsage.NO_LIMIT);
        long used = required(volume, settings, what, dir, CephXattrs.RBYTES);
        return Optional.of(new QuotaUsage(scope, used, limit));
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requirePositive(volume, scope, hardLimitBytes);
        setMaxBytes(volume, scope, hardLimitBytes);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        if (FolderTrees.existingDirectory(volume, mount, scope, dir)) {
            setfattr(volume, settings, scope, dir, QuotaUsage.NO_LIMIT);
        }
    }

    /** Creates the scope's directory when missing and sets its limit. */
    private void setMaxBytes(Volume volume, QuotaScope scope, long bytes) {
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        FolderTrees.createDirectories(volume, mount, scope, dir);
        setfattr(volume, settings, scope, dir, bytes);
    }

    private void setfattr(Volume volume, Settings settings, QuotaScope scope, Path dir, long bytes) {
        List<String> argv = List.of(settings.setfattr(), "-h", "-n", CephXattrs.MAX_BYTES, "-v",
                Long.toString(bytes), dir.toString());
        String what = (bytes == QuotaUsage.NO_LIMIT ? "remove the quota" : "set the quota " + bytes + " bytes")
                + " of scope " + scope;
        CommandRunner.Result result = runner.runFor(volume, what, argv, settings.timeout());
        if (result.exitCode() != 0) {
            throw CommandRunner.failure(volume, what, argv, result, result.stderr());
        }
    }

    /** An attribute that must be there (a recursive statistic). */
    private long required(Volume volume, Settings settings, String what, Path dir, String name) {
        return getfattr(volume, settings, what, dir, name).orElseThrow(() -> new StorageException("cannot " + what
                + " on volume " + volume.name() + ": " + dir + " has no attribute " + name
                + " (is the volume on CephFS?)"));
    }

    /** The attribute's value, or empty when the directory does not have it. */
    private OptionalLong getfattr(Volume volume, Settings settings, String what, Path dir, String name) {
        List<String> argv = List.of(settings.getfattr(), "-h", "--only-values", "--absolute-names", "-n", name,
                dir.toString());
        CommandRunner.Result result = runner.runFor(volume, what, argv, settings.timeout());
        if (CephXattrs.noSuchAttribute(result)) {
            return OptionalLong.empty();
        }
        if (result.exitCode() != 0) {
            throw CommandRunner.failure(volume, what, argv, result, result.stderr());
        }
        try {
            return OptionalLong.of(CephXattrs.parseValue(result.stdout()));
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": attribute " + name
                    + " of " + dir + " is " + e.getMessage(), e);
        }
    }

    /**
     * The volume's options.
     *
     * @param setfattr the setfattr executable
     * @param getfattr the getfattr executable
     * @param timeout  how long one command may run
     */
    record Settings(String setfattr, String getfattr, Duration timeout) {

        static Settings of(Volume volume) {
            String setfattr = executable(volume, "setfattr");
            String getfattr = executable(volume, "getfattr");
            String value = volume.options().get("command_timeout_seconds");
            long seconds = DEFAULT_TIMEOUT_SECONDS;
            if (value != null) {
                try {
                    seconds = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new StorageException("option command_timeout_seconds of volume " + volume.name()
                            + " must be a whole number from 1 to 86400: " + value, e);
                }
                if (seconds < 1 || seconds > 86_400) {
                    throw new StorageException("option command_timeout_seconds of volume " + volume.name()
                            + " must be a whole number from 1 to 86400: " + value);
                }
            }
            return new Settings(setfattr, getfattr, Duration.ofSeconds(seconds));
        }

        private static String executable(Volume volume, String option) {
            String value = volume.options().getOrDefault(option, option);
            if (value.isBlank()) {
                throw new StorageException("option " + option + " of volume " + volume.name() + " must not be blank");
            }
            return value;
        }
    }
}
