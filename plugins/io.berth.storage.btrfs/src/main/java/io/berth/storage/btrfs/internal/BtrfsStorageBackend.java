package io.berth.storage.btrfs.internal;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.CommandRunner;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderTrees;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code btrfs}: every quota scope is a btrfs subvolume
 * {@code <mount>/<kind>/<scopeId>} and its quota is the limit on referenced bytes of the
 * subvolume's level-0 qgroup {@code 0/<subvolume id>}; folders are plain directories
 * {@code <mount>/<kind>/<scopeId>/<folderId>} inside it. The kind directories {@code user} and
 * {@code project} are plain directories.
 *
 * <p>The volume's mount path must be an absolute path of a directory on a mounted btrfs file
 * system (its mount point, or a directory inside it), with quotas enabled
 * ({@code btrfs quota enable <mount>}) for the quota methods. The option {@value #OPTION_BTRFS}
 * names the {@code btrfs} executable (default {@code btrfs}, looked up on the {@code PATH}).
 *
 * <p>Capabilities {@link Capability#QUOTA QUOTA}, {@link Capability#USAGE USAGE} and
 * {@link Capability#CLONE CLONE}. External commands, run without a shell, each within
 * {@link #COMMAND_TIMEOUT} and in the C locale:
 * <ul>
 * <li>{@code btrfs subvolume create <scope>}: a missing scope, by {@link #createFolder},
 * {@link #cloneFolder} (the target's scope), {@link #createQuotaScope} and {@link #setQuota};</li>
 * <li>{@code btrfs inspect-internal rootid <scope>}: the subvolume id of a scope;</li>
 * <li>{@code btrfs qgroup limit <bytes>|none 0/<id> <mount>}: setting and removing a limit (the
 * qgroup named explicitly and the mount path as the file system handle: the kernel charges the
 * change's transaction to the subvolume of that path, so a scope that is over its limit could not
 * have the limit raised or removed through its own path);</li>
 * <li>{@code btrfs qgroup show -re --raw --sync -f <scope>}: the referenced bytes and the limit
 * (after a sync of the file system, so that recent writes are counted).</li>
 * </ul>
 * Scopes are never deleted by this backend (there is no SPI call for it); removing a scope's
 * subvolume is an operator's {@code btrfs subvolume delete}.
 *
 * <p>Symbolic links are never followed, as in the {@code vfs} backend: a folder, its scope or its
 * kind directory that is a symbolic link is refused; deleting removes links inside a folder, not
 * what they point to; usage counts a link as a file of no bytes; a clone (a plain recursive copy,
 * charged to the target scope's quota) recreates a relative link whose target stays inside the
 * source folder and leaves out every other link and special files. A scope directory that exists
 * as a plain directory (not a subvolume) is refused, since it cannot carry a quota.
 *
 * <p>Stateless, hence thread-safe; concurrent creations of the same scope are tolerated.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + BtrfsStorageBackend.TYPE)
public final class BtrfsStorageBackend implements StorageBackend {
    static final String TYPE = "btrfs";
    /** The volume option naming the btrfs executable. */
    static final String OPTION_BTRFS = "btrfs";
    /** The default btrfs executable, looked up on the {@code PATH}. */
    static final String DEFAULT_BTRFS = "btrfs";
    /** How long one btrfs command may run before it is killed. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** The inode number of the root directory of every btrfs subvolume (BTRFS_FIRST_FREE_OBJECTID). */
    private static final long SUBVOLUME_ROOT_INODE = 256;
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE));
    private static final System.Logger LOG = System.getLogger(BtrfsStorageBackend.class.getName());

    private final CommandRunner runner;

    /** The backend running the real btrfs commands. */
    public BtrfsStorageBackend() {
        this(CommandRunner.system());
    }

    /**
     * A backend running its commands through the given runner.
     *
     * @param runner runs the btrfs commands
     */
    BtrfsStorageBackend(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        ensureScope(volume, mount, folder.scope(), "create folder " + folder);
        FolderTrees.createDirectories(volume, mount, folder, dir);
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        FolderTrees.deleteFolder(volume, mount, folder, FolderTrees.folderDir(volume, mount, folder));
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        Path mount = mount(volume);
        Path source = FolderTrees.folderDir(volume, mount, from);
        Path target = FolderTrees.folderDir(volume, mount, to);
        FolderTrees.checkClone(volume, mount, from, source, to, target);
        ensureScope(volume, mount, to.scope(), "clone folder " + from + " to " + to);
        FolderTrees.clone(volume, mount, from, source, to, target);
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        return FolderTrees.usage(volume, mount, folder, FolderTrees.folderDir(volume, mount, folder));
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requireLimitOrNone(volume, scope, hardLimitBytes);
        Path mount = mount(volume);
        String what = "create quota scope " + scope;
        Path dir = ensureScope(volume, mount, scope, what);
        limit(volume, mount, what, dir, hardLimitBytes);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Path mount = mount(volume);
        String what = "describe quota scope " + scope;
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        if (!existingScope(volume, what, dir)) {
            return Optional.empty();
        }
        long id = subvolumeId(volume, what, dir);
        CommandRunner.Result shown = btrfs(volume, what, "qgroup", "show", "-re", "--raw", "--sync", "-f",
                dir.toString());
        return Optional.of(parseQgroup(volume, what, scope, dir, id, shown.stdout()));
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requirePositive(volume, scope, hardLimitBytes);
        Path mount = mount(volume);
        String what = "set the quota of scope " + scope;
        Path dir = ensureScope(volume, mount, scope, what);
        limit(volume, mount, what, dir, hardLimitBytes);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Path mount = mount(volume);
        String what = "remove the quota of scope " + scope;
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        if (existingScope(volume, what, dir)) {
            limit(volume, mount, what, dir, QuotaUsage.NO_LIMIT);
        }
    }

    /** Sets the referenced-bytes limit of the scope's qgroup, or removes it for {@link QuotaUsage#NO_LIMIT}. */
    private void limit(Volume volume, Path mount, String what, Path dir, long hardLimitBytes) {
        long id = subvolumeId(volume, what, dir);
        btrfs(volume, what, "qgroup", "limit",
                hardLimitBytes == QuotaUsage.NO_LIMIT ? "none" : Long.toString(hardLimitBytes), "0/" + id,
                mount.toString());
    }

    /**
     * Reads the line of qgroup {@code 0/<id>} from {@code btrfs qgroup show -re --raw}: the columns
     * are found by the header (e.g. {@code Qgroupid Referenced Exclusive Max referenced Max exclusive
     * Path}, or {@code qgroupid rfer excl max_rfer max_excl} of older btrfs-progs), by position
     * when there is none.
     */
    static QuotaUsage parseQgroup(Volume volume, String what, QuotaScope scope, Path dir, long id, String output) {
        String wanted = "0/" + id;
        int referenced = 1;
        int maxReferenced = 3;
        for (String line : output.split("\\R")) {
            String[] columns = line.trim().split("\\s+");
            if (columns[0].equalsIgnoreCase("qgroupid")) {
                List<String> header = Arrays.asList(line.trim().toLowerCase(Locale.ROOT)
                        .replace("max referenced", "max_rfer").replace("max exclusive", "max_excl")
                        .replace("referenced", "rfer").replace("exclusive", "excl").split("\\s+"));
                if (header.contains("rfer") && header.contains("max_rfer")) {
                    referenced = header.indexOf("rfer");
                    maxReferenced = header.indexOf("max_rfer");
                }
            } else if (columns[0].equals(wanted)) {
                if (columns.length <= Math.max(referenced, maxReferenced)) {
                    throw unreadable(volume, what, dir, "too few columns in " + line.trim(), output, null);
                }
                try {
                    long used = Long.parseLong(columns[referenced]);
                    String max = columns[maxReferenced];
                    long limit = max.equals("none") || max.equals("-") ? QuotaUsage.NO_LIMIT
                            : Long.parseUnsignedLong(max);
                    // an unsigned figure beyond Long.MAX_VALUE is no effective limit
                    return new QuotaUsage(scope, used, limit < 0 ? QuotaUsage.NO_LIMIT : limit);
                } catch (IllegalArgumentException e) {
                    throw unreadable(volume, what, dir, "not a number of bytes in " + line.trim(), output, e);
                }
            }
        }
        throw unreadable(volume, what, dir, "no line for qgroup " + wanted + " of the scope's subvolume (are quotas "
                + "enabled? btrfs quota enable <mount>)", output, null);
    }

    private static StorageException unreadable(Volume volume, String what, Path dir, String why, String output,
            Throwable cause) {
        return new StorageException("cannot " + what + " on volume " + volume.name() + " at " + dir
                + ": cannot read the output of btrfs qgroup show: " + why + "; it printed: " + abbreviate(output),
                cause);
    }

    /**
     * The scope's subvolume, created when missing (with the plain kind directory above it).
     *
     * @return the scope's directory
     */
    private Path ensureScope(Volume volume, Path mount, QuotaScope scope, String what) {
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        FolderTrees.createDirectories(volume, mount, scope, dir.getParent());
        if (existingScope(volume, what, dir)) {
            return dir;
        }
        List<String> command = command(volume, "subvolume", "create", dir.toString());
        CommandRunner.Result created = run(volume, what, command);
        if (!created.ok()) {
            if (existingScope(volume, what, dir)) {
                return dir; // created concurrently
            }
            throw failed(volume, what, command, created);
        }
        if (!existingScope(volume, what, dir)) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": "
                    + String.join(" ", command) + " succeeded, but " + dir + " is no subvolume");
        }
        LOG.log(System.Logger.Level.INFO, "created btrfs subvolume {0} for quota scope {1} on volume {2}", dir,
                scope, volume.name());
        return dir;
    }

    /**
     * Whether the scope's subvolume exists; a symbolic link on the way, a file, or a plain
     * directory in its place is an error.
     */
    private static boolean existingScope(Volume volume, String what, Path dir) {
        Path kindDir = dir.getParent();
        for (Path p : new Path[] {kindDir, dir}) {
            if (Files.isSymbolicLink(p)) {
                throw new StorageException("cannot " + what + " on volume " + volume.name() + ": " + p
                        + " is a symbolic link, which could lead out of the volume");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException("cannot " + what + " on volume " + volume.name() + ": " + p
                        + " exists and is not a directory");
            }
        }
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": this platform does not "
                    + "show inode numbers, which tell a btrfs subvolume from a plain directory");
        }
        long inode;
        try {
            inode = ((Number) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": cannot read the inode "
                    + "of " + dir + ": " + e, e);
        }
        if (inode != SUBVOLUME_ROOT_INODE) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": " + dir
                    + " is a plain directory, not a btrfs subvolume, so it cannot carry a quota; move its contents "
                    + "into a subvolume (btrfs subvolume create) in its place");
        }
        return true;
    }

    /** The subvolume id of the scope's subvolume, from {@code btrfs inspect-internal rootid}. */
    private long subvolumeId(Volume volume, String what, Path dir) {
        CommandRunner.Result result = btrfs(volume, what, "inspect-internal", "rootid", dir.toString());
        String id = result.stdout().trim();
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": btrfs inspect-internal "
                    + "rootid " + dir + " printed no subvolume id: " + abbreviate(result.stdout()), e);
        }
        throw new StorageException("cannot " + what + " on volume " + volume.name() + ": btrfs inspect-internal "
                + "rootid " + dir + " printed no subvolume id: " + abbreviate(result.stdout()));
    }

    /** Runs a btrfs command that must succeed. */
    private CommandRunner.Result btrfs(Volume volume, String what, String... arguments) {
        List<String> command = command(volume, arguments);
        CommandRunner.Result result = run(volume, what, command);
        if (!result.ok()) {
            throw failed(volume, what, command, result);
        }
        return result;
    }

    /** The btrfs executable of the volume followed by the arguments. */
    private static List<String> command(Volume volume, String... arguments) {
        String executable = volume.options().getOrDefault(OPTION_BTRFS, DEFAULT_BTRFS);
        if (executable.isBlank()) {
            throw new StorageException("option " + OPTION_BTRFS + " of volume " + volume.name()
                    + " must name the btrfs executable, not be blank");
        }
        List<String> command = new ArrayList<>(arguments.length + 1);
        command.add(executable);
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private CommandRunner.Result run(Volume volume, String what, List<String> command) {
        LOG.log(System.Logger.Level.DEBUG, "volume {0}: running {1}", volume.name(), command);
        return runner.runFor(volume, what, command, COMMAND_TIMEOUT);
    }

    private static StorageException failed(Volume volume, String what, List<String> command,
            CommandRunner.Result result) {
        String said = result.stderr().isBlank() ? result.stdout() : result.stderr();
        String hint = said.contains("not enabled") ? " (enable quotas with: btrfs quota enable <mount>)" : "";
        return new StorageException("cannot " + what + " on volume " + volume.name() + ": "
                + String.join(" ", command) + " failed with exit code " + result.exitCode() + ": "
                + abbreviate(said) + hint);
    }

    private static String abbreviate(String output) {
        String s = output.strip();
        if (s.isEmpty()) {
            return "(nothing)";
        }
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    /** The volume's mount path: absolute, normalized, an existing directory on a btrfs file system. */
    static Path mount(Volume volume) {
        FolderTrees.checkVolume(volume, TYPE);
        Path mount = FolderTrees.mount(volume);
        FileStore store;
        try {
            store = Files.getFileStore(mount);
        } catch (IOException e) {
            throw new StorageException("cannot read the file system of volume " + volume.name() + " at " + mount
                    + ": " + FolderTrees.describe(e), e);
        }
        if (!TYPE.equals(store.type())) {
            throw new StorageException("mount path of volume " + volume.name() + " is not on a btrfs file system: "
                    + mount + " is on " + store.type() + " (" + store.name() + "); mount a btrfs file system there");
        }
        return mount;
    }
}
