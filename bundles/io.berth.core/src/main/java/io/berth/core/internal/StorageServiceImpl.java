package io.berth.core.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.UnprocessableException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.FolderRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.PluginDataRepository;
import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.QuotaRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.repo.UserRepository;
import io.berth.core.repo.VolumeRepository;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.storage.FileContent;
import io.berth.core.storage.FileEntry;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderMounts;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.ModelCard;
import io.berth.core.storage.QuotaView;
import io.berth.core.storage.StorageService;
import io.berth.core.storage.StorageVolume;
import io.berth.core.storage.UsageMode;
import io.berth.core.storage.VFolder;
import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import io.berth.spi.resource.Amount;
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
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC S1–S7: volumes served by storage backend plugins (bound dynamically by their
 * {@value StorageBackend#PROPERTY} property; a volume whose backend is missing is unavailable, nothing
 * crashes), virtual folders with their limits and permissions, quotas, folder files, model cards and the
 * folders sessions mount.
 *
 * <p>Quota limits in force: an administrator's explicit limit, else the owner's resource policy max folder
 * size, else none. They are applied to quota-capable backends when a scope gets its first folder, whenever a
 * quota is shown, set or unset, and before a folder is created, so a changed policy reaches the storage at
 * the next of these. Database rows and backend work happen in one transaction: a backend refusal rolls the
 * rows back.
 */
@Component(service = {StorageService.class, FolderMounts.class, PolicyQuotas.class})
public final class StorageServiceImpl implements StorageService, FolderMounts, PolicyQuotas {
    private static final Logger LOG = LoggerFactory.getLogger(StorageServiceImpl.class);
    /** The volume option that forbids (false) creating project folders on a volume (S3 host setting). */
    static final String PROJECT_FOLDERS_OPTION = "allow_project_folders";
    static final String DEFAULT_VOLUME = "local";
    static final String MARKER_NAMESPACE = "berth.core";
    static final String MARKER_KEY = "storage.default-volume-created";
    static final int MAX_OPTIONS = 64;
    static final int MAX_OPTION_VALUE = 4096;
    static final int MAX_MOUNTS = 32;
    private static final Pattern OPTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|secret|token).*");
    private static final Set<String> SYSTEM_DIRS = Set.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64",
            "/proc", "/root", "/run", "/sbin", "/sys", "/usr", "/var");

    private final UnitOfWork tx;
    private final VolumeRepository volumes;
    private final FolderRepository folders;
    private final QuotaRepository quotas;
    private final UserRepository users;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final KeyPairRepository keyPairs;
    private final KeyPairPolicyRepository keyPairPolicies;
    private final UserPolicyRepository userPolicies;
    private final ProjectPolicyRepository projectPolicies;
    private final SessionRepository sessions;
    private final RegistryKey key;
    private final Clock clock;
    private final Map<String, List<StorageBackend>> backends = new ConcurrentHashMap<>();

    @Activate
    public StorageServiceImpl(@Reference UnitOfWork tx, @Reference VolumeRepository volumes,
            @Reference FolderRepository folders, @Reference QuotaRepository quotas, @Reference UserRepository users,
            @Reference ProjectRepository projects, @Reference DomainRepository domains,
            @Reference KeyPairRepository keyPairs, @Reference KeyPairPolicyRepository keyPairPolicies,
            @Reference UserPolicyRepository userPolicies, @Reference ProjectPolicyRepository projectPolicies,
            @Reference SessionRepository sessions, @Reference PluginDataRepository data) {
        this(tx, volumes, folders, quotas, users, projects, domains, keyPairs, keyPairPolicies, userPolicies,
                projectPolicies, sessions, new RegistryKey(dataDir()), Clock.systemUTC());
        try {
            ensureDefaultVolume(data, dataDir().resolve("vfolders"));
        } catch (RuntimeException e) {
            LOG.warn("could not create the default storage volume: {}", e.toString());
        }
    }

    StorageServiceImpl(UnitOfWork tx, VolumeRepository volumes, FolderRepository folders, QuotaRepository quotas,
            UserRepository users, ProjectRepository projects, DomainRepository domains, KeyPairRepository keyPairs,
            KeyPairPolicyRepository keyPairPolicies, UserPolicyRepository userPolicies,
            ProjectPolicyRepository projectPolicies, SessionRepository sessions, RegistryKey key, Clock clock) {
        this.tx = tx;
        this.volumes = volumes;
        this.folders = folders;
        this.quotas = quotas;
        this.users = users;
        this.projects = projects;
        this.domains = domains;
        this.keyPairs = keyPairs;
        this.keyPairPolicies = keyPairPolicies;
        this.userPolicies = userPolicies;
        this.projectPolicies = projectPolicies;
        this.sessions = sessions;
        this.key = key;
        this.clock = clock;
    }

    private static Path dataDir() {
        String d = System.getProperty("karaf.data");
        return Path.of(d != null ? d : "data").toAbsolutePath();
    }

    // ---------------------------------------------------------------- backends

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(StorageBackend backend, Map<String, Object> properties) {
        Object type = properties.get(StorageBackend.PROPERTY);
        if (!(type instanceof String t) || t.isBlank()) {
            LOG.warn("ignoring storage backend {} without a {} property", backend.getClass().getName(),
                    StorageBackend.PROPERTY);
            return;
        }
        backends.compute(t, (k, list) -> {
            List<StorageBackend> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
            if (copy.stream().noneMatch(b -> b == backend)) {
                copy.add(backend);
            }
            return List.copyOf(copy);
        });
        LOG.info("storage backend {} available", t);
    }

    void removeBackend(StorageBackend backend, Map<String, Object> properties) {
        if (properties.get(StorageBackend.PROPERTY) instanceof String t) {
            backends.computeIfPresent(t, (k, list) -> {
                List<StorageBackend> rest = list.stream().filter(b -> b != backend).toList();
                return rest.isEmpty() ? null : rest;
            });
            LOG.info("storage backend {} removed", t);
        }
    }

    private Optional<StorageBackend> backend(String type) {
        List<StorageBackend> list = backends.get(type);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** A volume ready for work: its row, the SPI view with secrets opened, and its backend. */
    private record Live(StorageVolume row, Volume volume, StorageBackend backend) {
        boolean can(Capability c) {
            return backend.capabilities().contains(c);
        }
    }

    private Live live(String name) {
        StorageVolume row = volumes.find(name)
                .orElseThrow(() -> new NotFoundException("no storage volume " + name, "volume"));
        StorageBackend b = backend(row.backend()).orElseThrow(() -> new ConflictException("storage volume " + name
                + " is unavailable: backend " + row.backend() + " is not installed", "volume"));
        return new Live(row, spiVolume(row), b);
    }

    private Volume spiVolume(StorageVolume row) {
        Map<String, String> options = new TreeMap<>(row.options());
        for (String s : row.secretOptions()) {
            String sealed = options.get(s);
            if (sealed != null) {
                options.put(s, key.open(aad(row.name(), s), sealed));
            }
        }
        return new Volume(row.name(), row.backend(), row.mountPath(), options);
    }

    private static String aad(String volume, String option) {
        return "volume:" + volume + ":" + option;
    }

    /** Runs backend work, turning the SPI's refusals into problems a client understands. */
    private static <T> T storage(Live v, String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (MissingCapabilityException e) {
            throw new UnprocessableException("storage volume " + v.row.name() + " (backend " + v.row.backend()
                    + ") cannot " + what + ": " + e.getMessage(), "volume", "missing-capability");
        } catch (FolderNotFoundException e) {
            throw new ConflictException("cannot " + what + " on volume " + v.row.name()
                    + ": the folder's directory is missing (" + e.getMessage() + ")");
        } catch (FolderExistsException e) {
            throw new ConflictException("cannot " + what + " on volume " + v.row.name() + ": " + e.getMessage());
        } catch (StorageException e) {
            throw new ConflictException("storage volume " + v.row.name() + " could not " + what + ": "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConflictException("storage volume " + v.row.name() + " is misconfigured for backend "
                    + v.row.backend() + ": " + e.getMessage(), "volume");
        }
    }

    private static void storageRun(Live v, String what, Runnable work) {
        storage(v, what, () -> {
            work.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- volumes

    /** Creates the volume {@code local} (vfs under the data directory) at the first start only. */
    boolean ensureDefaultVolume(PluginDataRepository data, Path dir) {
        return tx.inTransaction(() -> {
            if (data.get(MARKER_NAMESPACE, MARKER_KEY).isPresent()) {
                return false;
            }
            boolean create = volumes.list().isEmpty();
            if (create) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot create the directory of the default volume", e);
                }
                Instant now = clock.instant();
                volumes.insert(new StorageVolume(DEFAULT_VOLUME, "vfs", dir.toString(), Map.of(), Set.of(), now,
                        now));
                LOG.info("created the default storage volume {} (vfs) at {}", DEFAULT_VOLUME, dir);
            }
            data.put(MARKER_NAMESPACE, MARKER_KEY, clock.instant().toString());
            return create;
        });
    }

    @Override
    public List<VolumeView> listVolumes(Caller caller) {
        readVolumes(caller);
        return volumes.list().stream().map(this::view).toList();
    }

    @Override
    public VolumeView getVolume(Caller caller, String name) {
        readVolumes(caller);
        return view(volumes.find(name).orElseThrow(() -> new NotFoundException("no storage volume " + name)));
    }

    private static void readVolumes(Caller caller) {
        if (!caller.isGlobalReader()) {
            throw new ForbiddenException("only superadmins and monitors may read storage volumes");
        }
    }

    private VolumeView view(StorageVolume v) {
        Optional<StorageBackend> b = backend(v.backend());
        List<String> caps = new ArrayList<>();
        if (b.isPresent()) {
            caps.add("vfolder");
            b.get().capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().forEach(caps::add);
        }
        Long used = null;
        Long capacity = null;
        try {
            Path mount = Path.of(v.mountPath());
            if (Files.isDirectory(mount)) {
                FileStore store = Files.getFileStore(mount);
                capacity = store.getTotalSpace();
                used = capacity - store.getUnallocatedSpace();
            }
        } catch (IOException | InvalidPathException e) {
            LOG.debug("cannot read the file system of volume {}: {}", v.name(), e.toString());
        }
        Map<String, String> shown = new TreeMap<>(v.options());
        shown.keySet().removeAll(v.secretOptions());
        return new VolumeView(v.name(), v.backend(), v.mountPath(), shown, new TreeSet<>(v.secretOptions()).stream()
                .toList(), b.isPresent(), b.isPresent() ? null : "backend " + v.backend() + " is not installed", caps,
                used, capacity, folders.countByVolume(v.name()), v.createdAt(), v.modifiedAt());
    }

    @Override
    public VolumeView createVolume(Caller caller, VolumeInput in) {
        Access.superadmin(caller, "configure storage volumes");
        if (in == null) {
            throw new ValidationException("a volume is required");
        }
        String name = volumeName(in.name());
        String backendType = backendType(in.backend());
        String mount = mountPath(in.mountPath());
        Set<String> secret = secretNames(in.secretOptions(), in.options());
        Map<String, String> options = options(in.options(), name, secret, Map.of());
        Instant now = clock.instant();
        StorageVolume row = new StorageVolume(name, backendType, mount, options, secret, now, now);
        tx.run(() -> {
            if (volumes.find(name).isPresent()) {
                throw new ConflictException("storage volume " + name + " exists", "name");
            }
            volumes.insert(row);
        });
        LOG.info("storage volume {} ({}) configured by {}", name, backendType, caller.email());
        return view(row);
    }

    @Override
    public VolumeView updateVolume(Caller caller, String name, VolumeInput in) {
        Access.superadmin(caller, "configure storage volumes");
        if (in == null) {
            throw new ValidationException("changes are required");
        }
        if (in.name() != null && !in.name().equals(name)) {
            throw new ValidationException("the name of a volume never changes", "name");
        }
        StorageVolume updated = tx.inTransaction(() -> {
            StorageVolume old = volumes.find(name).orElseThrow(() -> new NotFoundException("no storage volume "
                    + name));
            long count = folders.countByVolume(name);
            String backendType = in.backend() == null ? old.backend() : backendType(in.backend());
            String mount = in.mountPath() == null ? old.mountPath() : mountPath(in.mountPath());
            if (count > 0 && (!backendType.equals(old.backend()) || !mount.equals(old.mountPath()))) {
                throw new ConflictException("storage volume " + name + " holds " + count
                        + " folders: its backend and mount path cannot change", "mount_path");
            }
            Set<String> secret = old.secretOptions();
            Map<String, String> options = old.options();
            if (in.options() != null || in.secretOptions() != null) {
                Map<String, String> given = in.options() != null ? in.options() : keepingSecrets(old);
                Set<String> names = new HashSet<>(secretNames(in.secretOptions(), given));
                names.addAll(old.secretOptions().stream().filter(given::containsKey).toList());
                secret = Set.copyOf(names);
                options = options(given, name, secret, old.options());
            }
            StorageVolume row = new StorageVolume(name, backendType, mount, options, secret, old.createdAt(),
                    clock.instant());
            volumes.update(row);
            return row;
        });
        return view(updated);
    }

    /** The old options with secret ones given as null (kept as stored). */
    private static Map<String, String> keepingSecrets(StorageVolume old) {
        Map<String, String> m = new HashMap<>(old.options());
        old.secretOptions().forEach(s -> m.put(s, null));
        return m;
    }

    @Override
    public void deleteVolume(Caller caller, String name) {
        Access.superadmin(caller, "configure storage volumes");
        tx.run(() -> {
            if (volumes.find(name).isEmpty()) {
                throw new NotFoundException("no storage volume " + name);
            }
            long count = folders.countByVolume(name);
            if (count > 0) {
                throw new ConflictException("storage volume " + name + " holds " + count
                        + " folders: delete or move them first");
            }
            quotas.deleteVolume(name);
            volumes.delete(name);
        });
        LOG.info("storage volume {} removed by {}", name, caller.email());
    }

    private static String volumeName(String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationException("name is required", "name");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ValidationException("name must be 1 to 64 letters, digits and . _ - starting with a letter or "
                    + "digit", "name");
        }
        return name;
    }

    private static String backendType(String type) {
        if (type == null || !type.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new ValidationException("backend must be a backend type such as vfs, btrfs, xfs, cephfs or netapp",
                    "backend");
        }
        return type;
    }

    private static String mountPath(String path) {
        if (path == null || path.isBlank()) {
            throw new ValidationException("mount_path is required: where the volume is mounted on the manager's "
                    + "host", "mount_path");
        }
        try {
            Path p = Path.of(path);
            if (!p.isAbsolute() || path.indexOf('\0') >= 0 || path.contains(":") || !p.normalize().equals(p)
                    || path.length() > 4096) {
                throw new ValidationException("mount_path must be an absolute, normalised path without ':'",
                        "mount_path");
            }
            return p.toString();
        } catch (InvalidPathException e) {
            throw new ValidationException("mount_path is not a path: " + e.getReason(), "mount_path");
        }
    }

    private static Set<String> secretNames(List<String> declared, Map<String, String> options) {
        Set<String> out = new HashSet<>();
        if (declared != null) {
            for (String s : declared) {
                if (s == null || !OPTION.matcher(s).matches()) {
                    throw new ValidationException("secret_options must name options", "secret_options");
                }
                out.add(s);
            }
        }
        if (options != null) {
            options.keySet().stream().filter(k -> k != null && SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT))
                    .matches()).forEach(out::add);
        }
        return out;
    }

    /** Validates options and seals the secret ones; a secret given as null keeps its stored (sealed) value. */
    private Map<String, String> options(Map<String, String> given, String volume, Set<String> secret,
            Map<String, String> stored) {
        Map<String, String> out = new TreeMap<>();
        if (given == null) {
            return out;
        }
        if (given.size() > MAX_OPTIONS) {
            throw new ValidationException("at most " + MAX_OPTIONS + " options", "options");
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            String k = e.getKey();
            if (k == null || !OPTION.matcher(k).matches()) {
                throw new ValidationException("option names are 1 to 64 lower-case letters, digits and . _ -",
                        "options");
            }
            String v = e.getValue();
            if (v == null) {
                if (secret.contains(k) && stored.containsKey(k)) {
                    out.put(k, stored.get(k));
                    continue;
                }
                throw new ValidationException("option " + k + " needs a value", "options");
            }
            if (v.length() > MAX_OPTION_VALUE || v.indexOf('\0') >= 0) {
                throw new ValidationException("option " + k + " must be at most " + MAX_OPTION_VALUE
                        + " characters without NUL", "options");
            }
            out.put(k, secret.contains(k) ? key.seal(aad(volume, k), v) : v);
        }
        for (String id : List.of(FolderOwnership.UID_OPTION, FolderOwnership.GID_OPTION)) {
            if (out.containsKey(id)) {
                try {
                    FolderOwnership.id(out.get(id));
                } catch (NumberFormatException e) {
                    throw new ValidationException("option " + id + " must be a numeric user or group id", "options");
                }
            }
        }
        for (String s : secret) {
            if (!out.containsKey(s)) {
                throw new ValidationException("secret option " + s + " has no value", "secret_options");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- identities and access

    private User me(Caller caller) {
        return users.findById(caller.userId()).orElseThrow(() -> new ForbiddenException(
                "folders belong to users: act as a user (from the shell, name one with --owner)"));
    }

    private Optional<User> user(Caller caller) {
        return caller.userId() == null ? Optional.empty() : users.findById(caller.userId());
    }

    private Project project(Caller caller, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new ValidationException("project is required for a project folder", "project");
        }
        Optional<Project> p = projects.find(ref);
        if (p.isEmpty()) {
            int slash = ref.indexOf('/');
            if (slash > 0) {
                p = projects.findByName(ref.substring(0, slash), ref.substring(slash + 1));
            } else if (caller.domainName() != null) {
                p = projects.findByName(caller.domainName(), ref);
            }
        }
        Project found = p.orElseThrow(() -> new NotFoundException("no project " + ref, "project"));
        if (!Access.canReadDomain(caller, found.domainName()) && !isMember(caller, found.id())) {
            throw new NotFoundException("no project " + ref, "project");
        }
        return found;
    }

    private boolean isMember(Caller caller, String projectId) {
        return user(caller).map(u -> u.projectIds().contains(projectId)).orElse(false);
    }

    /** What the caller may do in the folder, or empty when it may not even see it. */
    private Optional<FolderPermission> permission(Caller caller, VFolder f, User me) {
        if (manages(caller, f)) {
            return Optional.of(f.ownerKind() == FolderOwner.USER && f.ownerId().equals(caller.userId())
                    ? f.permission() : FolderPermission.WD);
        }
        if (f.ownerKind() == FolderOwner.USER && f.ownerId().equals(caller.userId())) {
            return Optional.of(f.permission());
        }
        if (f.ownerKind() == FolderOwner.PROJECT && me != null && me.projectIds().contains(f.ownerId())) {
            return Optional.of(f.permission());
        }
        if (caller.isGlobalReader()) {
            return Optional.of(FolderPermission.RO);
        }
        return Optional.empty();
    }

    /** Who may change or delete the folder: its owning user, or the admins of its domain. */
    private static boolean manages(Caller caller, VFolder f) {
        if (f.ownerKind() == FolderOwner.USER && f.ownerId().equals(caller.userId())) {
            return true;
        }
        return Access.canManageDomain(caller, f.domainName());
    }

    private FolderView folderView(Caller caller, VFolder f, User me) {
        FolderPermission p = permission(caller, f, me).orElseThrow(() -> new NotFoundException("no folder " + f.id()));
        String ownerName = f.ownerKind() == FolderOwner.USER
                ? users.findById(f.ownerId()).map(User::email).orElse(f.ownerId())
                : projects.find(f.ownerId()).map(Project::name).orElse(f.ownerId());
        return new FolderView(f, ownerName, p, isModelFolder(f));
    }

    private boolean isModelFolder(VFolder f) {
        return f.ownerKind() == FolderOwner.PROJECT && f.usageMode() == UsageMode.MODEL
                && projects.find(f.ownerId()).map(p -> p.type() == ProjectType.MODEL_STORE).orElse(false);
    }

    /** Resolves a folder by id, or by name among the caller's own and project folders. */
    private VFolder find(Caller caller, String ref, User me) {
        if (ref == null || ref.isBlank()) {
            throw new ValidationException("folder is required", "folder");
        }
        Optional<VFolder> byId = folders.find(ref);
        if (byId.isPresent()) {
            if (permission(caller, byId.get(), me).isEmpty()) {
                throw new NotFoundException("no folder " + ref);
            }
            return byId.get();
        }
        List<VFolder> named = new ArrayList<>();
        if (me != null) {
            folders.findByName(FolderOwner.USER, me.id(), ref).ifPresent(named::add);
            for (String p : new TreeSet<>(me.projectIds())) {
                folders.findByName(FolderOwner.PROJECT, p, ref).ifPresent(named::add);
            }
        }
        if (named.isEmpty()) {
            throw new NotFoundException("no folder " + ref);
        }
        if (named.size() > 1) {
            throw new ConflictException("several folders are named " + ref + ": use the folder's id", "folder");
        }
        return named.get(0);
    }

    private record Resolved(VFolder folder, FolderPermission permission) {
    }

    private Resolved resolve(Caller caller, String ref) {
        User me = user(caller).orElse(null);
        VFolder f = find(caller, ref, me);
        return new Resolved(f, permission(caller, f, me).orElseThrow(() -> new NotFoundException("no folder " + ref)));
    }

    // ---------------------------------------------------------------- allowed hosts

    @Override
    public List<String> allowedVolumes(Caller caller, String projectRef) {
        if (caller.isSuperadmin() && user(caller).isEmpty()) {
            return volumes.list().stream().map(StorageVolume::name).toList();
        }
        User me = me(caller);
        Collection<Project> ps = projectRef == null
                ? projects.findAll(me.projectIds())
                : List.of(project(caller, projectRef));
        Set<String> hosts = new TreeSet<>();
        for (Project p : ps) {
            hosts.addAll(allowedHosts(caller, me, p));
        }
        if (ps.isEmpty()) {
            hosts.addAll(allowedHosts(caller, me, null));
        }
        return hosts.stream().filter(h -> volumes.find(h).isPresent()).toList();
    }

    /** SPEC S2: domain ∪ project ∪ keypair policy; superadmins may use every volume. */
    private Set<String> allowedHosts(Caller caller, User me, Project project) {
        if (caller.isSuperadmin()) {
            Set<String> all = new TreeSet<>();
            volumes.list().forEach(v -> all.add(v.name()));
            return all;
        }
        Set<String> hosts = new TreeSet<>();
        domains.find(me.domainName()).map(Domain::allowedVfolderHosts).ifPresent(hosts::addAll);
        if (project != null) {
            hosts.addAll(project.allowedVfolderHosts());
        }
        String ak = caller.accessKey() != null ? caller.accessKey() : me.mainAccessKey();
        if (ak != null) {
            keyPairs.find(ak).map(KeyPair::resourcePolicy).flatMap(keyPairPolicies::find)
                    .map(KeyPairResourcePolicy::allowedVfolderHosts).ifPresent(hosts::addAll);
        }
        return hosts;
    }

    /** A project folder: the project's hosts count; a user folder: those of every project of the user. */
    private void checkHost(Caller caller, User me, Project project, String volume) {
        Set<String> hosts = allowedHosts(caller, me, project);
        if (project == null) {
            projects.findAll(me.projectIds()).forEach(p -> hosts.addAll(allowedHosts(caller, me, p)));
        }
        if (!hosts.contains(volume)) {
            throw new ForbiddenException("volume " + volume + " is not among the allowed hosts of your domain, "
                    + (project != null ? "project " + project.name() + " " : "") + "or keypair policy", "volume");
        }
    }

    // ---------------------------------------------------------------- folders

    private record Target(FolderOwner kind, String ownerId, String domain, Project project, Amount maxCount,
            Amount maxSize, String policy) {
        QuotaScope scope() {
            return kind == FolderOwner.USER ? QuotaScope.user(ownerId) : QuotaScope.project(ownerId);
        }
    }

    private Target target(Caller caller, User me, FolderInput in, Live v) {
        FolderOwner kind = in.type() == null ? FolderOwner.USER : FolderOwner.parse(in.type(), "type");
        if (kind == FolderOwner.USER) {
            if (in.project() != null) {
                throw new ValidationException("project is only for project folders (type project)", "project");
            }
            UserResourcePolicy p = userPolicies.find(me.resourcePolicy()).orElse(null);
            return new Target(kind, me.id(), me.domainName(), null, p == null ? Amount.INFINITE : p.maxVfolderCount(),
                    p == null ? Amount.INFINITE : p.maxQuotaScopeSize(), "user policy " + me.resourcePolicy());
        }
        Project project = project(caller, in.project());
        if (!Access.canManageDomain(caller, project.domainName())) {
            throw new ForbiddenException("only admins create project folders", "type");
        }
        if (v != null && "false".equalsIgnoreCase(v.row.options().get(PROJECT_FOLDERS_OPTION))) {
            throw new ForbiddenException("volume " + v.row.name() + " does not allow project folders ("
                    + PROJECT_FOLDERS_OPTION + "=false)", "volume");
        }
        ProjectResourcePolicy p = project.resourcePolicy() == null ? null
                : projectPolicies.find(project.resourcePolicy()).orElse(null);
        return new Target(kind, project.id(), project.domainName(), project, p == null ? Amount.INFINITE
                : p.maxVfolderCount(), p == null ? Amount.INFINITE : p.maxQuotaScopeSize(),
                "project policy " + project.resourcePolicy());
    }

    private String chooseVolume(Caller caller, User me, FolderInput in, String fallback) {
        if (in.volume() != null) {
            return in.volume();
        }
        if (fallback != null) {
            return fallback;
        }
        List<String> allowed = allowedVolumes(caller, in.type() != null && in.type().equalsIgnoreCase("project")
                ? in.project() : null);
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        throw new ValidationException("volume is required" + (allowed.isEmpty() ? ": no volume is allowed to you"
                : " (one of " + String.join(", ", allowed) + ")"), "volume");
    }

    @Override
    public FolderView createFolder(Caller caller, FolderInput in) {
        return create(caller, in, null);
    }

    private FolderView create(Caller caller, FolderInput in, VFolder source) {
        if (in == null) {
            throw new ValidationException("a folder is required");
        }
        User me = me(caller);
        String name = FolderNames.check(in.name(), "name");
        Live v = live(chooseVolume(caller, me, in, source == null ? null : source.volume()));
        Target t = target(caller, me, in, v);
        if (source != null && !source.volume().equals(v.row.name())) {
            throw new UnprocessableException("a folder is cloned on its own volume (" + source.volume() + ")",
                    "volume", "cross-volume-clone");
        }
        checkHost(caller, me, t.project, v.row.name());
        UsageMode mode = in.usageMode() == null ? (source == null ? UsageMode.GENERAL : source.usageMode())
                : UsageMode.parse(in.usageMode(), "usage_mode");
        FolderPermission perm = in.permission() == null ? FolderPermission.RW
                : FolderPermission.parse(in.permission(), "permission");
        boolean cloneable = in.cloneable() != null && in.cloneable();
        Instant now = clock.instant();
        VFolder f = new VFolder(UUID.randomUUID().toString(), name, v.row.name(), t.kind, t.ownerId, t.domain,
                me.id(), mode, perm, cloneable, now, now);
        tx.run(() -> {
            if (folders.findByName(t.kind, t.ownerId, name).isPresent()) {
                throw new ConflictException("a folder named " + name + " exists already", "name");
            }
            long count = folders.countByOwner(t.kind, t.ownerId);
            if (!t.maxCount.isInfinite() && count >= t.maxCount.value().longValue()) {
                throw new ConflictException("the " + t.kind.wire() + " has " + count + " folders, the most its "
                        + t.policy + " allows (max_vfolder_count " + t.maxCount.value().toPlainString() + ")",
                        "name");
            }
            Long limit = limitInForce(v.row.name(), t);
            Long used = applyQuota(v, t, limit);
            if (limit != null && used != null && used >= limit) {
                throw new ConflictException("the " + t.kind.wire() + "'s storage on volume " + v.row.name()
                        + " is full (" + used + " of " + limit + " bytes): no new folder", "volume");
            }
            folders.insert(f);
            FolderPath path = new FolderPath(t.scope(), f.id());
            if (source == null) {
                storageRun(v, "create folder " + name, () -> v.backend.createFolder(v.volume, path));
            } else {
                storageRun(v, "clone folder " + source.name(), () -> v.backend.cloneFolder(v.volume,
                        pathOf(source), path));
            }
            Path root = folderRoot(v, f);
            if (source == null) {
                FolderOwnership.of(v.row.options()).apply(root);
            } else {
                FolderOwnership.of(v.row.options()).applyTree(root);
            }
        });
        LOG.info("folder {} ({} {}) created on {} by {}", f.id(), t.kind.wire(), t.ownerId, v.row.name(),
                caller.email());
        return folderView(caller, f, me);
    }

    /** The explicit limit, else the policy's, else null. */
    private Long limitInForce(String volume, Target t) {
        Optional<Long> explicit = quotas.find(volume, t.kind, t.ownerId);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        return t.maxSize.isInfinite() ? null : t.maxSize.value().longValue();
    }

    /**
     * Brings a quota-capable backend's limit in line with the limit in force and returns the scope's usage
     * (null when unknown). Without the quota capability the usage is the sum of the scope's folders.
     */
    private Long applyQuota(Live v, Target t, Long limit) {
        if (v.can(Capability.QUOTA)) {
            QuotaScope scope = t.scope();
            Optional<QuotaUsage> now = storage(v, "read quota of " + scope, () -> v.backend.describeQuotaScope(
                    v.volume, scope));
            long wanted = limit == null ? QuotaUsage.NO_LIMIT : limit;
            if (now.isEmpty()) {
                storageRun(v, "create quota scope " + scope, () -> v.backend.createQuotaScope(v.volume, scope,
                        wanted));
                return 0L;
            }
            if (now.get().hardLimitBytes() != wanted) {
                if (wanted == QuotaUsage.NO_LIMIT) {
                    storageRun(v, "unset quota of " + scope, () -> v.backend.unsetQuota(v.volume, scope));
                } else {
                    storageRun(v, "set quota of " + scope, () -> v.backend.setQuota(v.volume, scope, wanted));
                }
            }
            return now.get().usedBytes();
        }
        if (limit == null || !v.can(Capability.USAGE)) {
            return null;
        }
        return scopeUsage(v, t.kind, t.ownerId);
    }

    private Long scopeUsage(Live v, FolderOwner kind, String ownerId) {
        long sum = 0;
        for (VFolder f : folders.byOwner(kind, ownerId)) {
            if (f.volume().equals(v.row.name())) {
                FolderUsage u = storage(v, "measure folder " + f.name(), () -> {
                    try {
                        return v.backend.usage(v.volume, pathOf(f));
                    } catch (FolderNotFoundException e) {
                        return FolderUsage.EMPTY;
                    }
                });
                sum += u.usedBytes();
            }
        }
        return sum;
    }

    private static FolderPath pathOf(VFolder f) {
        QuotaScope scope = f.ownerKind() == FolderOwner.USER ? QuotaScope.user(f.ownerId())
                : QuotaScope.project(f.ownerId());
        return new FolderPath(scope, f.id());
    }

    @Override
    public List<FolderView> listFolders(Caller caller, FolderQuery q) {
        FolderQuery query = q == null ? FolderQuery.MINE : q;
        User me = user(caller).orElse(null);
        List<VFolder> candidates = new ArrayList<>();
        if (query.all() && caller.isGlobalReader()) {
            candidates.addAll(folders.all());
        } else if (query.all() && caller.role() == Role.ADMIN) {
            candidates.addAll(folders.byDomain(caller.domainName()));
        } else if (me != null) {
            candidates.addAll(folders.byOwner(FolderOwner.USER, me.id()));
            candidates.addAll(folders.byOwners(FolderOwner.PROJECT, me.projectIds()));
        }
        FolderOwner kind = query.type() == null ? null : FolderOwner.parse(query.type(), "type");
        UsageMode mode = query.usageMode() == null ? null : UsageMode.parse(query.usageMode(), "usage_mode");
        String projectId = query.project() == null ? null : project(caller, query.project()).id();
        Map<String, FolderView> out = new LinkedHashMap<>();
        for (VFolder f : candidates) {
            if ((kind != null && f.ownerKind() != kind) || (mode != null && f.usageMode() != mode)
                    || (projectId != null && !(f.ownerKind() == FolderOwner.PROJECT && f.ownerId().equals(projectId)))
                    || (query.volume() != null && !f.volume().equals(query.volume()))
                    || out.containsKey(f.id()) || permission(caller, f, me).isEmpty()) {
                continue;
            }
            FolderView view = folderView(caller, f, me);
            if (query.owner() == null || query.owner().equals(view.ownerName()) || query.owner().equals(f.ownerId())) {
                out.put(f.id(), view);
            }
        }
        return out.values().stream().sorted(Comparator.comparing((FolderView v) -> v.folder().name())
                .thenComparing(v -> v.folder().id())).toList();
    }

    @Override
    public FolderView getFolder(Caller caller, String folder) {
        User me = user(caller).orElse(null);
        return folderView(caller, find(caller, folder, me), me);
    }

    @Override
    public FolderView updateFolder(Caller caller, String folder, FolderUpdate u) {
        if (u == null) {
            throw new ValidationException("changes are required");
        }
        User me = user(caller).orElse(null);
        VFolder updated = tx.inTransaction(() -> {
            VFolder f = find(caller, folder, me);
            requireManage(caller, f, "change");
            String name = u.name() == null ? f.name() : FolderNames.check(u.name(), "name");
            if (!name.equals(f.name()) && folders.findByName(f.ownerKind(), f.ownerId(), name).isPresent()) {
                throw new ConflictException("a folder named " + name + " exists already", "name");
            }
            FolderPermission p = u.permission() == null ? f.permission()
                    : FolderPermission.parse(u.permission(), "permission");
            VFolder row = f.with(name, p, u.cloneable() == null ? f.cloneable() : u.cloneable(), clock.instant());
            folders.update(row);
            return row;
        });
        return folderView(caller, updated, me);
    }

    private static void requireManage(Caller caller, VFolder f, String what) {
        if (!manages(caller, f)) {
            throw new ForbiddenException(f.ownerKind() == FolderOwner.PROJECT
                    ? "only the admins of its domain may " + what + " project folder " + f.name()
                    : "only its owner or an admin may " + what + " folder " + f.name());
        }
    }

    @Override
    public void deleteFolder(Caller caller, String folder) {
        User me = user(caller).orElse(null);
        tx.run(() -> {
            VFolder f = find(caller, folder, me);
            requireManage(caller, f, "delete");
            Live v = live(f.volume());
            requireUnmounted(f, folderRoot(v, f));
            folders.delete(f.id());
            storageRun(v, "delete folder " + f.name(), () -> v.backend.deleteFolder(v.volume, pathOf(f)));
            LOG.info("folder {} ({}) deleted by {}", f.id(), f.name(), caller.email());
        });
    }

    /** A folder that a live session mounts stays: deleting it would pull the files from under the container. */
    private void requireUnmounted(VFolder f, Path root) {
        String prefix = root + ":";
        SessionQuery live = new SessionQuery(SessionStatus.NOT_FINAL, null, null, null, f.domainName(), null, null,
                null, null, null, null);
        int offset = 0;
        while (true) {
            Page<Session> page = sessions.list(live, new PageRequest(offset, PageRequest.MAX_LIMIT, null, false));
            for (Session s : page.items()) {
                if (s.mounts().stream().anyMatch(m -> m.startsWith(prefix))) {
                    throw new ConflictException("folder " + f.name() + " is mounted by the live session " + s.name()
                            + " (" + s.id() + "): terminate the session first");
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return;
            }
        }
    }

    @Override
    public FolderView cloneFolder(Caller caller, String folder, FolderInput target) {
        Resolved src = resolve(caller, folder);
        if (!src.folder.cloneable() && !manages(caller, src.folder)) {
            throw new ForbiddenException("folder " + src.folder.name() + " is not cloneable");
        }
        Live v = live(src.folder.volume());
        if (!v.can(Capability.CLONE)) {
            throw new UnprocessableException("storage volume " + v.row.name() + " (backend " + v.row.backend()
                    + ") cannot clone folders", "volume", "missing-capability");
        }
        return create(caller, target, src.folder);
    }

    // ---------------------------------------------------------------- files

    private FolderFiles files(VFolder f) {
        Live v = live(f.volume());
        return new FolderFiles(folderRoot(v, f), f.name(), FolderOwnership.of(v.row.options()));
    }

    /** The folder's directory on the manager's host, as its backend places it. */
    private static Path folderRoot(Live v, VFolder f) {
        String location = v.backend.folderLocation(v.volume, pathOf(f));
        Path root = Path.of(v.row.mountPath()).resolve(location).normalize();
        if (!root.startsWith(Path.of(v.row.mountPath())) || location.contains("..") || root.toString().contains(":")) {
            throw new ConflictException("backend " + v.row.backend() + " placed folder " + f.name()
                    + " outside its volume");
        }
        return root;
    }

    @Override
    public List<FileEntry> listFiles(Caller caller, String folder, String path) {
        Resolved r = resolve(caller, folder);
        return files(r.folder).list(path);
    }

    @Override
    public FileContent download(Caller caller, String folder, String path) {
        Resolved r = resolve(caller, folder);
        return files(r.folder).download(path);
    }

    @Override
    public FileEntry upload(Caller caller, String folder, String path, InputStream content, boolean overwrite) {
        Resolved r = resolve(caller, folder);
        if (!r.permission.canWrite()) {
            throw new ForbiddenException("folder " + r.folder.name() + " is read-only for you");
        }
        if (content == null) {
            throw new ValidationException("the file's content is required");
        }
        return files(r.folder).upload(path, content, overwrite);
    }

    @Override
    public FileEntry makeDirectory(Caller caller, String folder, String path) {
        Resolved r = resolve(caller, folder);
        if (!r.permission.canWrite()) {
            throw new ForbiddenException("folder " + r.folder.name() + " is read-only for you");
        }
        return files(r.folder).makeDirectory(path);
    }

    @Override
    public void deleteFile(Caller caller, String folder, String path, boolean recursive) {
        Resolved r = resolve(caller, folder);
        if (!r.permission.canDelete()) {
            throw new ForbiddenException("deleting files in folder " + r.folder.name()
                    + " needs the wd permission (yours: " + r.permission.wire() + ")");
        }
        files(r.folder).delete(path, recursive);
    }

    // ---------------------------------------------------------------- quotas

    private record Scope(FolderOwner kind, String id, String name, String domain, Amount maxSize, String policy) {
    }

    private Scope scope(Caller caller, FolderOwner kind, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new ValidationException("scope is required: a user's id or email, or a project's id", "scope");
        }
        if (kind == FolderOwner.USER) {
            User u = users.findById(ref).or(() -> users.findByEmail(ref))
                    .orElseThrow(() -> new NotFoundException("no user " + ref, "scope"));
            if (!Access.canReadUser(caller, u)) {
                throw new NotFoundException("no user " + ref, "scope");
            }
            UserResourcePolicy p = userPolicies.find(u.resourcePolicy()).orElse(null);
            return new Scope(kind, u.id(), u.email(), u.domainName(), p == null ? Amount.INFINITE
                    : p.maxQuotaScopeSize(), u.resourcePolicy());
        }
        Project p = project(caller, ref);
        ProjectResourcePolicy pp = p.resourcePolicy() == null ? null
                : projectPolicies.find(p.resourcePolicy()).orElse(null);
        return new Scope(kind, p.id(), p.domainName() + "/" + p.name(), p.domainName(), pp == null ? Amount.INFINITE
                : pp.maxQuotaScopeSize(), p.resourcePolicy());
    }

    private static void readQuota(Caller caller, Scope s) {
        if (!caller.isGlobalReader() && !Access.canManageDomain(caller, s.domain)) {
            throw new ForbiddenException("only superadmins, monitors and the admins of domain " + s.domain
                    + " may read its quotas");
        }
    }

    private QuotaView quotaView(Live v, Scope s) {
        Optional<Long> explicit = quotas.find(v.row.name(), s.kind, s.id);
        Long policyLimit = s.maxSize.isInfinite() ? null : s.maxSize.value().longValue();
        Long limit = explicit.orElse(policyLimit);
        Long used;
        if (v.can(Capability.QUOTA)) {
            Target t = new Target(s.kind, s.id, s.domain, null, Amount.INFINITE, s.maxSize, s.policy);
            Optional<QuotaUsage> now = storage(v, "read quota", () -> v.backend.describeQuotaScope(v.volume,
                    t.scope()));
            if (now.isPresent() && now.get().hardLimitBytes() != (limit == null ? QuotaUsage.NO_LIMIT : limit)) {
                applyQuota(v, t, limit);
            }
            used = now.map(QuotaUsage::usedBytes).orElse(null);
        } else {
            used = v.can(Capability.USAGE) ? scopeUsage(v, s.kind, s.id) : null;
        }
        String source = explicit.isPresent() ? "explicit" : policyLimit != null ? "policy" : "none";
        return new QuotaView(v.row.name(), s.kind, s.id, s.name, used, limit, explicit.orElse(null), source,
                s.policy, policyLimit, v.can(Capability.QUOTA));
    }

    @Override
    public List<QuotaView> listQuotas(Caller caller, String volume, FolderOwner kind) {
        if (!caller.isGlobalReader() && caller.role() != Role.ADMIN) {
            throw new ForbiddenException("only superadmins, monitors and domain admins may read quotas");
        }
        Live v = live(volume);
        Set<String> ids = new TreeSet<>(quotas.list(volume, kind).keySet());
        folders.byVolume(volume).stream().filter(f -> f.ownerKind() == kind).forEach(f -> ids.add(f.ownerId()));
        List<QuotaView> out = new ArrayList<>();
        for (String id : ids) {
            Scope s;
            try {
                s = scope(caller, kind, id);
            } catch (NotFoundException e) {
                continue;
            }
            if (caller.isGlobalReader() || Access.canManageDomain(caller, s.domain)) {
                out.add(quotaView(v, s));
            }
        }
        out.sort(Comparator.comparing(QuotaView::scopeName));
        return out;
    }

    @Override
    public QuotaView getQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        Live v = live(volume);
        Scope s = scope(caller, kind, scope);
        readQuota(caller, s);
        return quotaView(v, s);
    }

    @Override
    public QuotaView setQuota(Caller caller, String volume, FolderOwner kind, String scope, long hardLimitBytes) {
        Live v = live(volume);
        Scope s = scope(caller, kind, scope);
        Access.manageDomain(caller, s.domain, "set quotas");
        requireQuota(v);
        if (hardLimitBytes <= 0 || hardLimitBytes > io.berth.core.storage.Sizes.MAX) {
            throw new ValidationException("hard_limit must be more than 0 and at most 1 PiB", "hard_limit");
        }
        tx.run(() -> {
            quotas.put(volume, kind, s.id, hardLimitBytes);
            QuotaScope q = kind == FolderOwner.USER ? QuotaScope.user(s.id) : QuotaScope.project(s.id);
            storageRun(v, "set quota of " + q, () -> v.backend.setQuota(v.volume, q, hardLimitBytes));
        });
        LOG.info("quota of {} {} on {} set to {} bytes by {}", kind.wire(), s.name, volume, hardLimitBytes,
                caller.email());
        return quotaView(v, s);
    }

    @Override
    public QuotaView unsetQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        Live v = live(volume);
        Scope s = scope(caller, kind, scope);
        Access.manageDomain(caller, s.domain, "unset quotas");
        requireQuota(v);
        tx.run(() -> {
            quotas.delete(volume, kind, s.id);
            QuotaScope q = kind == FolderOwner.USER ? QuotaScope.user(s.id) : QuotaScope.project(s.id);
            Optional<QuotaUsage> now = storage(v, "read quota of " + q, () -> v.backend.describeQuotaScope(v.volume,
                    q));
            if (now.isPresent()) {
                if (s.maxSize.isInfinite()) {
                    storageRun(v, "unset quota of " + q, () -> v.backend.unsetQuota(v.volume, q));
                } else {
                    long policy = s.maxSize.value().longValue();
                    storageRun(v, "set quota of " + q, () -> v.backend.setQuota(v.volume, q, policy));
                }
            }
        });
        LOG.info("quota of {} {} on {} unset by {}", kind.wire(), s.name, volume, caller.email());
        return quotaView(v, s);
    }

    private static void requireQuota(Live v) {
        if (!v.can(Capability.QUOTA)) {
            throw new UnprocessableException("storage volume " + v.row.name() + " (backend " + v.row.backend()
                    + ") has no quota capability: quotas cannot be set or unset on it", "volume",
                    "missing-capability");
        }
    }

    @Override
    public void policyChanged(FolderOwner kind, String policy) {
        for (StorageVolume row : volumes.list()) {
            Optional<StorageBackend> b = backend(row.backend());
            if (b.isEmpty() || !b.get().capabilities().contains(Capability.QUOTA)) {
                continue;
            }
            Live v = new Live(row, spiVolume(row), b.get());
            Set<String> owners = new TreeSet<>();
            folders.byVolume(row.name()).stream().filter(f -> f.ownerKind() == kind).forEach(f -> owners.add(
                    f.ownerId()));
            for (String owner : owners) {
                try {
                    Scope s = scope(Caller.SYSTEM, kind, owner);
                    if (policy.equals(s.policy) && quotas.find(row.name(), kind, owner).isEmpty()) {
                        Target t = new Target(kind, owner, s.domain, null, Amount.INFINITE, s.maxSize, s.policy);
                        applyQuota(v, t, limitInForce(row.name(), t));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not apply {} policy {} to the quota of {} on volume {}: {}", kind.wire(), policy,
                            owner, row.name(), e.getMessage());
                }
            }
        }
    }

    // ---------------------------------------------------------------- model store

    @Override
    public List<ModelCard> listModelCards(Caller caller) {
        User me = user(caller).orElse(null);
        List<ModelCard> out = new ArrayList<>();
        for (VFolder f : modelFolders(caller, me)) {
            out.add(card(f));
        }
        out.sort(Comparator.comparing(ModelCard::title, String.CASE_INSENSITIVE_ORDER).thenComparing(
                ModelCard::folderId));
        return out;
    }

    private List<VFolder> modelFolders(Caller caller, User me) {
        List<VFolder> candidates = new ArrayList<>();
        if (caller.isGlobalReader()) {
            candidates.addAll(folders.all());
        } else {
            if (caller.role() == Role.ADMIN) {
                candidates.addAll(folders.byDomain(caller.domainName()));
            }
            if (me != null) {
                candidates.addAll(folders.byOwners(FolderOwner.PROJECT, me.projectIds()));
            }
        }
        Map<String, VFolder> unique = new LinkedHashMap<>();
        for (VFolder f : candidates) {
            if (isModelFolder(f) && permission(caller, f, me).isPresent()) {
                unique.putIfAbsent(f.id(), f);
            }
        }
        return new ArrayList<>(unique.values());
    }

    @Override
    public ModelCard getModelCard(Caller caller, String folder) {
        User me = user(caller).orElse(null);
        VFolder f = find(caller, folder, me);
        if (!isModelFolder(f)) {
            throw new NotFoundException("folder " + f.name() + " is not a model card: a model card is a folder "
                    + "with usage mode model in a model-store project");
        }
        return card(f);
    }

    private ModelCard card(VFolder f) {
        try {
            byte[] yaml = files(f).readSmall(MODEL_DEFINITION, ModelDefinitions.MAX_BYTES);
            return yaml == null ? ModelDefinitions.missing(f) : ModelDefinitions.parse(f, yaml);
        } catch (IOException e) {
            return ModelDefinitions.error(f, "model-definition.yaml cannot be read: " + FolderFiles.reason(e));
        } catch (ConflictException e) {
            return ModelDefinitions.error(f, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- mounts

    @Override
    public List<String> resolve(Caller owner, String projectId, List<String> requests) {
        if (requests == null || requests.isEmpty()) {
            return List.of();
        }
        if (requests.size() > MAX_MOUNTS) {
            throw new ValidationException("at most " + MAX_MOUNTS + " folders may be mounted", "mounts");
        }
        User me = me(owner);
        Project project = projects.find(projectId).orElse(null);
        Set<String> hosts = allowedHosts(owner, me, project);
        Set<String> targets = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String request : requests) {
            if (request == null || request.isBlank()) {
                throw new ValidationException("mounts must name folders", "mounts");
            }
            int colon = request.indexOf(':');
            String ref = colon < 0 ? request : request.substring(0, colon);
            VFolder f;
            try {
                f = find(owner, ref, me);
            } catch (NotFoundException | ConflictException e) {
                throw new ValidationException("mounts: " + e.getMessage(), "mounts");
            }
            boolean visible = (f.ownerKind() == FolderOwner.USER && f.ownerId().equals(me.id()))
                    || (f.ownerKind() == FolderOwner.PROJECT && me.projectIds().contains(f.ownerId())
                    && (project == null || f.ownerId().equals(project.id()) || isModelFolder(f)));
            if (!visible) {
                throw new ValidationException("mounts: folder " + ref + " is neither yours nor one of the session's "
                        + "project", "mounts");
            }
            if (!hosts.contains(f.volume())) {
                throw new ValidationException("mounts: folder " + f.name() + " is on volume " + f.volume()
                        + ", which is not among your allowed hosts", "mounts");
            }
            String target = colon < 0 ? WORK_DIR + "/" + f.name() : containerPath(request.substring(colon + 1));
            if (!targets.add(target)) {
                throw new ValidationException("mounts: two folders are mounted at " + target, "mounts");
            }
            Live v;
            try {
                v = live(f.volume());
            } catch (ConflictException e) {
                throw new ValidationException("mounts: " + e.getMessage(), "mounts");
            }
            Path host;
            try {
                host = folderRoot(v, f);
            } catch (ConflictException e) {
                throw new ValidationException("mounts: " + e.getMessage(), "mounts");
            }
            FolderPermission p = permission(owner, f, me).orElse(FolderPermission.RO);
            out.add(host + ":" + target + ":" + (p.canWrite() ? "rw" : "ro"));
        }
        return out;
    }

    private static String containerPath(String path) {
        String p = path.strip();
        if (!p.startsWith("/")) {
            p = WORK_DIR + "/" + p;
        }
        if (p.length() > 1024 || p.contains(":") || p.contains(",") || p.indexOf('\0') >= 0) {
            throw new ValidationException("mounts: container path " + path + " must not contain ':' or ','",
                    "mounts");
        }
        String normal;
        try {
            normal = Path.of(p).normalize().toString();
        } catch (InvalidPathException e) {
            throw new ValidationException("mounts: container path " + path + " is not a path", "mounts");
        }
        if (!normal.equals(p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p)
                || normal.equals("/") || normal.equals(WORK_DIR)) {
            throw new ValidationException("mounts: container path " + path + " must be a normalised path below /",
                    "mounts");
        }
        for (String system : SYSTEM_DIRS) {
            if (normal.equals(system) || normal.startsWith(system + "/")) {
                throw new ValidationException("mounts: container path " + path + " is inside the system directory "
                        + system, "mounts");
            }
        }
        return normal;
    }
}
