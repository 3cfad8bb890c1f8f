package io.berth.storage.xfs.internal;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code xfs}: folders are directories {@code <mount>/<kind>/<scopeId>/<folderId>}
 * on an XFS file system mounted with project quotas ({@code prjquota}), and every quota scope
 * directory {@code <mount>/<kind>/<scopeId>} is an XFS project whose hard block limit is the
 * scope's quota. The volume's mount path must be absolute and an existing directory. Directory work
 * follows the {@code vfs} backend: no symbolic link is ever followed, a folder behind one is
 * refused, a clone copies files, directories and the relative links that stay inside the folder.
 *
 * <p>Capabilities {@link Capability#QUOTA QUOTA}, {@link Capability#USAGE USAGE} (a walk of the
 * folder: the sizes of its regular files and the number of its non-directories; XFS keeps quota
 * figures per project, i.e. per scope, not per folder) and {@link Capability#CLONE CLONE}.
 *
 * <p><b>Projects.</b> A scope's project is named {@code berth-<kind>-<scopeId>}, e.g.
 * {@code berth-user-7d0c…}; when that would be longer than {@value #MAX_PROJECT_NAME} characters
 * the name is {@code berth-<kind>+<first 32 hex digits of the SHA-256 of the scope id>} instead
 * ({@code +} never occurs in scope ids, so the two forms cannot collide). Its id is the one the
 * projid file gives the name, or, for a new project, the next id above the largest in the projid
 * and projects files, at least {@code first_project_id}. See {@link ProjectFiles} for how the files
 * are edited. Creating a folder, setting a quota or cloning into a scope registers the scope's
 * project on demand; a scope exists for {@link #describeQuotaScope} when its directory exists and
 * its project is registered for that directory.
 *
 * <p><b>Commands</b> (xfsprogs' {@code xfs_quota(8)}; each run without a shell, with the files
 * named explicitly by {@code -D} and {@code -P} and the XFS mount point as the path argument):
 * <ul>
 * <li>set up the project's directory tree (marks the scope directory, and whatever is in it,
 * with the project id and the inherit flag), when the directory was just added to the projects
 * file and on every {@link #createQuotaScope}:
 * {@code xfs_quota -x -D <projects_file> -P <projid_file> -c "project -s <name>" <xfs_mount>};</li>
 * <li>set the hard block limit in bytes ({@code 0} removes it):
 * {@code xfs_quota -x -D <projects_file> -P <projid_file> -c "limit -p bhard=<bytes> <name>" <xfs_mount>};
 * XFS keeps the limit in 512-byte units, so a limit that is not a multiple of 1 KiB is reported
 * back rounded down to one;</li>
 * <li>read usage and limit:
 * {@code xfs_quota -x -D <projects_file> -P <projid_file> -c "report -p -b -n -N -L <id> -U <id>" <xfs_mount>}
 * ({@code -p} projects, {@code -b} blocks, {@code -n} numeric ids, {@code -N} no header,
 * {@code -L}/{@code -U} only this id), parsed by {@link XfsQuotaReport}; a project without a row
 * uses nothing and has no limit.</li>
 * </ul>
 * A command fails when it exits with a non-zero status or prints anything on standard error
 * (xfs_quota reports many failures of its {@code -c} commands only there), except its notes about
 * skipped special files; the {@link StorageException} quotes the command and its error output.
 *
 * <p><b>Volume options:</b> {@code projects_file} (default {@value #DEFAULT_PROJECTS}),
 * {@code projid_file} (default {@value #DEFAULT_PROJID}), {@code first_project_id} (default
 * {@value #DEFAULT_FIRST_ID}), {@code xfs_quota} (the executable, default {@code xfs_quota}),
 * {@code xfs_mount} (the mount point of the XFS file system that xfs_quota acts on, default the
 * volume's mount path; needed when the volume is a directory below it) and
 * {@code command_timeout_seconds} (default {@value #DEFAULT_TIMEOUT_SECONDS}).
 *
 * <p>Thread-safe: edits of the project files are serialized per file in the JVM, everything else
 * is stateless.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + XfsStorageBackend.TYPE)
public final class XfsStorageBackend implements StorageBackend {
    static final String TYPE = "xfs";
    static final String DEFAULT_PROJECTS = "/etc/projects";
    static final String DEFAULT_PROJID = "/etc/projid";
    static final long DEFAULT_FIRST_ID = 1000;
    static final long DEFAULT_TIMEOUT_SECONDS = 300;
    static final int MAX_PROJECT_NAME = 64;
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE));

    private final CommandRunner runner;

    /** The backend running the real xfs_quota. */
    public XfsStorageBackend() {
        this(CommandRunner.system());
    }

    XfsStorageBackend(CommandRunner runner) {
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
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        ensureScope(volume, settings, mount, folder.scope(), false);
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
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        Path source = FolderTrees.folderDir(volume, mount, from);
        Path target = FolderTrees.folderDir(volume, mount, to);
        FolderTrees.checkClone(volume, mount, from, source, to, target);
        ensureScope(volume, settings, mount, to.scope(), false);
        FolderTrees.clone(volume, mount, from, source, to, target);
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(folder, "folder");
        Path mount = FolderTrees.mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        return FolderTrees.usage(volume, mount, folder, dir);
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requireLimitOrNone(volume, scope, hardLimitBytes);
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        String name = ensureScope(volume, settings, mount, scope, true);
        limit(volume, settings, scope, name, hardLimitBytes);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        OptionalLong id = registered(volume, settings, mount, scope);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String command = "report -p -b -n -N -L " + id.getAsLong() + " -U " + id.getAsLong();
        String report = xfsQuota(volume, settings, "read the quota of scope " + scope, command);
        try {
            XfsQuotaReport.Blocks blocks = XfsQuotaReport.parse(report, id.getAsLong())
                    .orElse(new XfsQuotaReport.Blocks(0, 0));
            return Optional.of(new QuotaUsage(scope, blocks.usedBytes(), blocks.hardLimitBytes()));
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot read the quota of scope " + scope + " on volume " + volume.name()
                    + ": unexpected xfs_quota report: " + e.getMessage(), e);
        }
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requirePositive(volume, scope, hardLimitBytes);
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        String name = ensureScope(volume, settings, mount, scope, false);
        limit(volume, settings, scope, name, hardLimitBytes);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        Settings settings = Settings.of(volume);
        Path mount = FolderTrees.mount(volume);
        if (registered(volume, settings, mount, scope).isPresent()) {
            limit(volume, settings, scope, projectName(scope), QuotaUsage.NO_LIMIT);
        }
    }

    /**
     * The XFS project name of a scope (see the class documentation).
     *
     * @param scope the scope
     * @return at most {@value #MAX_PROJECT_NAME} characters, no {@code :} or white space
     */
    static String projectName(QuotaScope scope) {
        String kind = scope.kind().directoryName();
        String plain = "berth-" + kind + "-" + scope.id();
        if (plain.length() <= MAX_PROJECT_NAME) {
            return plain;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.id().getBytes(StandardCharsets.UTF_8));
            return "berth-" + kind + "+" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Creates the scope's directory and registers its project; sets up the project's tree when it
     * was registered now or when {@code init} asks for it.
     *
     * @return the project name
     */
    private String ensureScope(Volume volume, Settings settings, Path mount, QuotaScope scope, boolean init) {
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        FolderTrees.createDirectories(volume, mount, scope, dir);
        String name = projectName(scope);
        ProjectFiles.Registration registration;
        try {
            registration = settings.files().register(name, dir.toString(), settings.firstId());
        } catch (IOException e) {
            throw new StorageException("cannot register quota scope " + scope + " on volume " + volume.name()
                    + " as XFS project " + name + " in " + settings.files().projects() + " and "
                    + settings.files().projid() + ": " + FolderTrees.describe(e), e);
        }
        if (registration.added() || init) {
            xfsQuota(volume, settings, "set up the XFS project " + name + " of quota scope " + scope,
                    "project -s " + name);
        }
        return name;
    }

    /** The scope's project id when its directory exists and is registered as its project. */
    private OptionalLong registered(Volume volume, Settings settings, Path mount, QuotaScope scope) {
        Path dir = FolderTrees.scopeDir(volume, mount, scope);
        if (!FolderTrees.existingDirectory(volume, mount, scope, dir)) {
            return OptionalLong.empty();
        }
        try {
            return settings.files().find(projectName(scope), dir.toString());
        } catch (IOException e) {
            throw new StorageException("cannot read the XFS project of quota scope " + scope + " on volume "
                    + volume.name() + " from " + settings.files().projects() + " and " + settings.files().projid()
                    + ": " + FolderTrees.describe(e), e);
        }
    }

    private void limit(Volume volume, Settings settings, QuotaScope scope, String name, long bytes) {
        xfsQuota(volume, settings, (bytes == QuotaUsage.NO_LIMIT ? "remove the quota" : "set the quota "
                + bytes + " bytes") + " of scope " + scope, "limit -p bhard=" + bytes + " " + name);
    }

    /** Runs one xfs_quota command and returns its standard output. */
    private String xfsQuota(Volume volume, Settings settings, String what, String command) {
        List<String> argv = List.of(settings.xfsQuota(), "-x", "-D", settings.files().projects().toString(),
                "-P", settings.files().projid().toString(), "-c", command, settings.xfsMount());
        CommandRunner.Result result = runner.runFor(volume, what, argv, settings.timeout());
        String errors = result.stderr().lines().filter(l -> !l.isBlank() && !l.contains("skipping special file"))
                .reduce((a, b) -> a + "\n" + b).orElse("");
        if (result.exitCode() != 0 || !errors.isEmpty()) {
            throw CommandRunner.failure(volume, what, argv, result, errors);
        }
        return result.stdout();
    }

    /**
     * The volume's options.
     *
     * @param files    the project files
     * @param firstId  the smallest project id to allocate
     * @param xfsQuota the xfs_quota executable
     * @param xfsMount the mount point xfs_quota acts on
     * @param timeout  how long one command may run
     */
    record Settings(ProjectFiles files, long firstId, String xfsQuota, String xfsMount, Duration timeout) {

        static Settings of(Volume volume) {
            var options = volume.options();
            Path projects = path(volume, "projects_file", options.getOrDefault("projects_file", DEFAULT_PROJECTS));
            Path projid = path(volume, "projid_file", options.getOrDefault("projid_file", DEFAULT_PROJID));
            long firstId = number(volume, "first_project_id", DEFAULT_FIRST_ID, 1, ProjectFiles.MAX_PROJECT_ID);
            String xfsQuota = options.getOrDefault("xfs_quota", "xfs_quota");
            if (xfsQuota.isBlank()) {
                throw new StorageException("option xfs_quota of volume " + volume.name() + " must not be blank");
            }
            Path xfsMount = path(volume, "xfs_mount", options.getOrDefault("xfs_mount", volume.mountPath()));
            long timeout = number(volume, "command_timeout_seconds", DEFAULT_TIMEOUT_SECONDS, 1, 86_400);
            return new Settings(new ProjectFiles(projects, projid), firstId, xfsQuota,
                    xfsMount.normalize().toString(), Duration.ofSeconds(timeout));
        }

        private static Path path(Volume volume, String option, String value) {
            try {
                Path p = Path.of(value);
                if (p.isAbsolute()) {
                    return p;
                }
            } catch (InvalidPathException e) {
                throw new StorageException("option " + option + " of volume " + volume.name() + " is not a path: "
                        + e.getMessage(), e);
            }
            throw new StorageException((option.equals("xfs_mount") && !volume.options().containsKey(option)
                    ? "mount path" : "option " + option) + " of volume " + volume.name() + " must be absolute: "
                    + value);
        }

        private static long number(Volume volume, String option, long fallback, long min, long max) {
            String value = volume.options().get(option);
            if (value == null) {
                return fallback;
            }
            try {
                long n = Long.parseLong(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                throw new StorageException("option " + option + " of volume " + volume.name()
                        + " must be a whole number from " + min + " to " + max + ": " + value, e);
            }
            throw new StorageException("option " + option + " of volume " + volume.name()
                    + " must be a whole number from " + min + " to " + max + ": " + value);
        }
    }
}
