package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.AgentRequest;
import io.berth.core.agent.AgentStatus;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.image.Image;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserRepository;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.SlotRegistry;
import io.berth.core.storage.FolderMounts;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.Session;
import io.berth.core.session.SessionDetail;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionService;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.core.session.UsageRecalculation;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * SPEC C1, C5–C7, A5, Y2, P6: sessions as users and admins see them. Creation checks everything that can
 * be checked at once and leaves the rest to the dispatcher, which it wakes; status changes go through
 * {@link SessionLifecycle}.
 */
public final class SessionServiceImpl implements SessionService {
    static final int MAX_ENV = 100;
    static final int MAX_ENV_VALUE = 4096;
    static final int MAX_COMMAND = 16_384;
    static final int MAX_DEPENDENCIES = 16;
    static final int MAX_TAIL = 10_000;
    static final int DEFAULT_PRIORITY = 10;
    static final Duration LOGS_WAIT = Duration.ofSeconds(10);
    static final ResourceSlots DEFAULT_SLOTS = ResourceSlots.of(Map.of("cpu", Amount.of(1),
            "mem", Amount.of(512L << 20)));
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Pattern ARCH = Pattern.compile("^[a-z0-9_]{1,32}$");
    private static final Pattern IMAGE = Pattern.compile(
            "^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");
    private static final Set<String> SORT_KEYS = Set.of("created_at", "name", "status");

    private final UnitOfWork tx;
    private final SessionRepository sessions;
    private final AgentRepository agents;
    private final ResourceGroupRepository groups;
    private final KeyPairRepository keyPairs;
    private final UserRepository users;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final KeyPairPolicyRepository policies;
    private final ResourcePresetRepository presets;
    private final SlotRegistry slots;
    private final ImageRepository images;
    private final AgentSignals signals;
    private final Consumer<String> wakeGroup;
    private final Clock clock;
    /** Resolves the folders a session mounts; null while the storage service is not there. */
    private volatile FolderMounts folderMounts;

    SessionServiceImpl(UnitOfWork tx, SessionRepository sessions, AgentRepository agents,
            ResourceGroupRepository groups, KeyPairRepository keyPairs, UserRepository users,
            ProjectRepository projects, DomainRepository domains, KeyPairPolicyRepository policies,
            ResourcePresetRepository presets, SlotRegistry slots, ImageRepository images, AgentSignals signals,
            Consumer<String> wakeGroup, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.agents = agents;
        this.groups = groups;
        this.keyPairs = keyPairs;
        this.users = users;
        this.projects = projects;
        this.domains = domains;
        this.policies = policies;
        this.presets = presets;
        this.slots = slots;
        this.images = images;
        this.signals = signals;
        this.wakeGroup = wakeGroup;
        this.clock = clock;
    }

    void setFolderMounts(FolderMounts mounts) {
        this.folderMounts = mounts;
    }

    // ---------------------------------------------------------------- create

    private record Owner(KeyPair keyPair, User user, KeyPairResourcePolicy policy) {
    }

    /** The keypair a session is created with: the caller's; the shell (no keypair) acts as the first superadmin. */
    private Owner owner(Caller c) {
        if (c.role() == Role.MONITOR) {
            throw new ForbiddenException("a monitor may not create sessions");
        }
        String ak = c.accessKey();
        if (ak == null) {
            // the shell: sessions belong to the oldest active superadmin (the one created at first start)
            User admin = users.list(new io.berth.core.identity.UserQuery(null, null, null,
                    Set.of(io.berth.core.identity.UserStatus.ACTIVE), null),
                    new PageRequest(0, PageRequest.MAX_LIMIT, "created_at", false)).items().stream()
                    .filter(x -> x.role() == Role.SUPERADMIN && x.mainAccessKey() != null).findFirst()
                    .orElseThrow(() -> new ValidationException("sessions are created with a user's keypair"));
            ak = admin.mainAccessKey();
        }
        KeyPair kp = keyPairs.find(ak).filter(KeyPair::active)
                .orElseThrow(() -> new ForbiddenException("the keypair is not active"));
        User u = users.findById(kp.userId()).filter(User::isActive)
                .orElseThrow(() -> new ForbiddenException("the owner of the keypair is not active"));
        KeyPairResourcePolicy p = policies.find(kp.resourcePolicy())
                .orElseThrow(() -> new ConflictException("keypair policy " + kp.resourcePolicy() + " is missing"));
        return new Owner(kp, u, p);
    }

    @Override
    public Session create(Caller caller, SessionInput in) {
        if (in == null) {
            throw new ValidationException("a session needs a body", "body");
        }
        Session created = tx.inTransaction(() -> {
            Owner o = owner(caller);
            Instant now = clock.instant();
            String id = UUID.randomUUID().toString();
            String name = in.name() == null || in.name().isBlank() ? "s-" + id.substring(0, 8) : in.name().strip();
            if (!NAME.matcher(name).matches()) {
                throw new ValidationException("name must be 1-64 letters, digits, '.', '_' or '-', starting with a "
                        + "letter or digit", "name");
            }
            String image = Rules.required(in.image(), "image").strip();
            if (image.length() > 512 || !IMAGE.matcher(image).matches()) {
                throw new ValidationException("image is not a valid image reference: " + Rules.printable(image), "image");
            }
            SessionType type = type(in.type());
            ResourceGroup group = group(caller, o, in.resourceGroup());
            if (!group.schedulerOptions().allowedSessionTypes().contains(type)) {
                throw new ValidationException("resource group " + group.name() + " does not take " + type.wire()
                        + " sessions", "type");
            }
            Optional<Image> known = images.find(image);
            ResourceSlots each = resources(in, group.name());
            if (known.isPresent()) {
                each = each.max(known.get().minResources()); // SPEC I2: raised to the image's minimum
            }
            int size = Rules.range(in.clusterSize(), 1, Session.MAX_CLUSTER_SIZE, 1, "cluster_size");
            if (size > o.policy().maxContainersPerSession()) {
                throw new ValidationException("keypair policy " + o.policy().name() + " allows at most "
                        + o.policy().maxContainersPerSession() + " containers per session", "cluster_size");
            }
            ClusterMode mode = in.clusterMode() == null ? ClusterMode.SINGLE_NODE : ClusterMode.fromWire(in.clusterMode());
            if (mode == null) {
                throw new ValidationException("cluster_mode must be single-node or multi-node", "cluster_mode");
            }
            ResourceSlots total = each.times(BigDecimal.valueOf(size));
            Project project = project(caller, o, in.project());
            Domain domain = domains.find(o.user().domainName()).orElseThrow(
                    () -> new ConflictException("domain " + o.user().domainName() + " is missing"));
            if (!domain.active()) {
                throw new ForbiddenException("domain " + domain.name() + " is inactive");
            }
            if (known.isPresent()) {
                allowedRegistry(known.get(), domain, project);
            }
            neverFits(total, Limits.limitOf(o.policy(), total.slots()), "keypair policy " + o.policy().name());
            neverFits(total, project.totalResourceSlots(), "project " + project.name());
            neverFits(total, domain.totalResourceSlots(), "domain " + domain.name());
            Map<String, String> env = environment(in.environment());
            List<String> mounts = List.of();
            if (in.mounts() != null && !in.mounts().isEmpty()) {
                FolderMounts resolver = folderMounts;
                if (resolver == null) {
                    throw new ValidationException("folder mounts are not available: the storage service is not "
                            + "running", "mounts");
                }
                Caller mountOwner = new Caller(o.user().id(), o.user().email(), o.user().role(), o.user().domainName(),
                        o.keyPair().accessKey());
                mounts = resolver.resolve(mountOwner, project.id(), in.mounts());
            }
            String command = in.startupCommand() == null || in.startupCommand().isBlank() ? null : in.startupCommand();
            if (command != null && command.length() > MAX_COMMAND) {
                throw new ValidationException("startup_command is longer than " + MAX_COMMAND + " characters",
                        "startup_command");
            }
            if (type == SessionType.BATCH && command == null) {
                throw new ValidationException("a batch session needs a startup_command", "startup_command");
            }
            int priority = Rules.range(in.priority(), 0, Session.MAX_PRIORITY, DEFAULT_PRIORITY, "priority");
            List<String> deps = dependencies(caller, in.dependencies());
            String arch = in.architecture() == null || in.architecture().isBlank() ? null
                    : in.architecture().strip().toLowerCase(java.util.Locale.ROOT);
            if (arch != null && !ARCH.matcher(arch).matches()) {
                throw new ValidationException("architecture must be like x86_64 or aarch64", "architecture");
            }
            pendingLimits(o, total);
            boolean taken = sessions.list(new SessionQuery(SessionStatus.NOT_FINAL, o.keyPair().accessKey(),
                    null, null, null, null, null, null, name, null, null), PageRequest.first(PageRequest.MAX_LIMIT))
                    .items().stream().anyMatch(s -> s.name().equals(name));
            if (taken) {
                throw new ConflictException("you already have a live session named " + name, "name");
            }
            List<Kernel> kernels = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                kernels.add(new Kernel(UUID.randomUUID().toString(), id, i, null, null, SessionStatus.PENDING, null,
                        each, null, null, now, null));
            }
            String reason = "created by " + o.user().email();
            Session s = new Session(id, name, o.keyPair().accessKey(), o.user().id(), o.user().email(), project.id(),
                    domain.name(), group.name(), type, image, arch, size, mode, each, total, env, mounts, command,
                    priority, deps, in.startsAt(), o.user().sudoSessionEnabled(), SessionStatus.PENDING, reason, now,
                    List.of(), 0, now, null, now, 1, kernels);
            sessions.insert(s, new StatusChange(SessionStatus.PENDING, reason, now));
            return s;
        });
        wakeGroup.accept(created.resourceGroup());
        return created;
    }

    /** SPEC I5: a catalogued image only from a registry its domain or project allows. */
    private static void allowedRegistry(Image image, Domain domain, Project project) {
        String registry = image.registry();
        if (!domain.allowedDockerRegistries().contains(registry)
                && !project.allowedDockerRegistries().contains(registry)) {
            throw new ForbiddenException("image " + image.reference() + " comes from the registry " + registry
                    + ", which neither domain " + domain.name() + " nor project " + project.name() + " allows",
                    "image");
        }
    }

    private static SessionType type(String raw) {
        if (raw == null || raw.isBlank()) {
            return SessionType.INTERACTIVE;
        }
        for (SessionType t : SessionType.values()) {
            if (t.wire().equalsIgnoreCase(raw.strip())) {
                return t;
            }
        }
        throw new ValidationException("type must be interactive, batch or inference", "type");
    }

    private ResourceGroup group(Caller caller, Owner o, String name) {
        Set<String> available = new HashSet<>(groups.availableTo(o.user().domainName(), o.user().projectIds(),
                o.keyPair().accessKey()));
        List<ResourceGroup> usable = groups.list().stream().filter(ResourceGroup::active)
                .filter(g -> caller.isSuperadmin() || g.isPublic() || available.contains(g.name())).toList();
        if (name == null || name.isBlank()) {
            return usable.stream().filter(g -> g.name().equals(ResourceGroup.DEFAULT)).findFirst()
                    .or(() -> usable.stream().findFirst())
                    .orElseThrow(() -> new ForbiddenException("no resource group is available to you",
                            "resource_group"));
        }
        return usable.stream().filter(g -> g.name().equals(name.strip())).findFirst()
                .orElseThrow(() -> new ForbiddenException("resource group '" + Rules.printable(name)
                        + "' is not available to you", "resource_group"));
    }

    private ResourceSlots resources(SessionInput in, String group) {
        boolean given = in.resources() != null && !in.resources().isEmpty();
        if (given && in.preset() != null && !in.preset().isBlank()) {
            throw new ValidationException("give either resources or a preset, not both", "preset");
        }
        ResourceSlots each;
        if (in.preset() != null && !in.preset().isBlank()) {
            ResourcePreset p = presets.find(in.preset().strip()).orElseThrow(() -> new ValidationException(
                    "no resource preset named " + Rules.printable(in.preset()), "preset"));
            if (p.resourceGroup() != null && !p.resourceGroup().equals(group)) {
                throw new ValidationException("preset " + p.name() + " is for resource group " + p.resourceGroup(),
                        "preset");
            }
            each = p.resourceSlots();
        } else if (given) {
            each = DEFAULT_SLOTS.plus(ResourceSlots.EMPTY);
            ResourceSlots asked = slots.parse(in.resources(), "resources");
            for (Map.Entry<String, Amount> e : asked.asMap().entrySet()) {
                each = each.with(e.getKey(), e.getValue());
            }
        } else {
            each = DEFAULT_SLOTS;
        }
        for (Map.Entry<String, Amount> e : each.asMap().entrySet()) {
            if (e.getValue().isInfinite()) {
                throw new ValidationException("a session asks for finite amounts", "resources." + e.getKey());
            }
        }
        for (String basic : List.of("cpu", "mem")) {
            if (each.get(basic, Amount.ZERO).signum() <= 0) {
                throw new ValidationException(basic + " must be more than 0", "resources." + basic);
            }
        }
        return each.nonZero();
    }

    private Project project(Caller caller, Owner o, String raw) {
        User u = o.user();
        Project p;
        if (raw == null || raw.isBlank()) {
            List<Project> mine = projects.findAll(u.projectIds()).stream().filter(Project::active).toList();
            p = mine.size() == 1 ? mine.get(0) : mine.stream().filter(x -> x.name().equals("default")).findFirst()
                    .orElseThrow(() -> new ValidationException(mine.isEmpty() ? "you belong to no active project"
                            : "you belong to several projects: name one", "project"));
        } else {
            String key = raw.strip();
            p = projects.find(key).or(() -> projects.findByName(u.domainName(), key)).orElseThrow(
                    () -> new ValidationException("no project " + Rules.printable(key) + " in domain "
                            + u.domainName(), "project"));
        }
        boolean member = u.projectIds().contains(p.id());
        if (!member && !(caller.isSuperadmin() || caller.role() == Role.ADMIN && p.domainName().equals(u.domainName()))) {
            throw new ForbiddenException("you are not a member of project " + p.name(), "project");
        }
        if (!p.domainName().equals(u.domainName())) {
            throw new ValidationException("project " + p.name() + " is not in domain " + u.domainName(), "project");
        }
        if (!p.active()) {
            throw new ForbiddenException("project " + p.name() + " is inactive", "project");
        }
        return p;
    }

    private static void neverFits(ResourceSlots total, ResourceSlots limit, String who) {
        Set<String> over = total.exceeding(limit, Amount.INFINITE);
        if (!over.isEmpty()) {
            throw new ValidationException("the session asks for more than " + who + " allows at all: "
                    + String.join(", ", over), "resources." + over.iterator().next());
        }
    }

    private static Map<String, String> environment(Map<String, String> raw) {
        if (raw == null) {
            return Map.of();
        }
        if (raw.size() > MAX_ENV) {
            throw new ValidationException("at most " + MAX_ENV + " environment variables", "environment");
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k == null || !ENV_KEY.matcher(k).matches()) {
                throw new ValidationException("environment variable names are letters, digits and '_', not starting "
                        + "with a digit: " + Rules.printable(String.valueOf(k)), "environment");
            }
            if (v == null || v.length() > MAX_ENV_VALUE || v.indexOf('\0') >= 0) {
                throw new ValidationException("environment." + k + " must be a text of at most " + MAX_ENV_VALUE
                        + " characters", "environment." + k);
            }
            out.put(k, v);
        });
        return out;
    }

    private List<String> dependencies(Caller caller, List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        if (raw.size() > MAX_DEPENDENCIES) {
            throw new ValidationException("at most " + MAX_DEPENDENCIES + " dependencies", "dependencies");
        }
        List<String> out = new ArrayList<>();
        for (String d : raw) {
            Session dep = d == null ? null : sessions.find(d.strip()).orElse(null);
            if (dep == null || !canRead(caller, dep)) {
                throw new ValidationException("no session " + Rules.printable(String.valueOf(d)) + " to depend on",
                        "dependencies");
            }
            if (!out.contains(dep.id())) {
                out.add(dep.id());
            }
        }
        return out;
    }

    private void pendingLimits(Owner o, ResourceSlots total) {
        KeyPairResourcePolicy p = o.policy();
        List<io.berth.core.repo.SessionLoad> mine = sessions.live().stream()
                .filter(l -> l.accessKey().equals(o.keyPair().accessKey()) && l.status() == SessionStatus.PENDING)
                .toList();
        if (!p.maxPendingSessionCount().isInfinite()
                && Amount.of(mine.size()).compareTo(p.maxPendingSessionCount()) >= 0) {
            throw new ConflictException("keypair policy " + p.name() + " allows " + p.maxPendingSessionCount().toWire()
                    + " pending sessions and " + mine.size() + " are pending");
        }
        ResourceSlots pending = total;
        for (io.berth.core.repo.SessionLoad l : mine) {
            pending = pending.plus(l.requested());
        }
        Set<String> over = pending.nonZero().exceeding(p.maxPendingSessionResourceSlots(), Amount.INFINITE);
        if (!over.isEmpty()) {
            throw new ConflictException("keypair policy " + p.name() + " limits the slots of pending sessions: "
                    + String.join(", ", over) + " would be exceeded");
        }
    }

    // ---------------------------------------------------------------- reading

    static boolean canRead(Caller c, Session s) {
        return c.isGlobalReader() || s.userId().equals(c.userId())
                || c.role() == Role.ADMIN && s.domain().equals(c.domainName());
    }

    static boolean canChange(Caller c, Session s) {
        return c.isSuperadmin() || s.userId().equals(c.userId())
                || c.role() == Role.ADMIN && s.domain().equals(c.domainName());
    }

    private Session visible(Caller caller, String id) {
        Session s = id == null ? null : sessions.find(id).orElse(null);
        if (s == null || !canRead(caller, s)) {
            throw new NotFoundException("no session " + Rules.printable(String.valueOf(id)));
        }
        return s;
    }

    /** Narrows the query to what the caller may see. */
    static SessionQuery scoped(Caller c, SessionQuery q) {
        SessionQuery query = q == null ? SessionQuery.ALL : q;
        if (c.isGlobalReader()) {
            return query;
        }
        if (c.role() == Role.ADMIN) {
            if (query.domain() != null && !query.domain().equals(c.domainName())) {
                throw new ForbiddenException("domain '" + Rules.printable(query.domain()) + "' is outside your domain");
            }
            return query.withDomain(c.domainName());
        }
        return new SessionQuery(query.statuses(), query.accessKey(), c.email(), query.projectId(), query.domain(),
                query.resourceGroup(), query.agentId(), query.type(), query.name(), query.createdFrom(),
                query.createdTo());
    }

    @Override
    public Page<Session> list(Caller caller, SessionQuery query, PageRequest page) {
        if (page.orderBy() != null && !SORT_KEYS.contains(page.orderBy())) {
            throw new ValidationException("order_by must be one of " + String.join(", ", SORT_KEYS), "order_by");
        }
        SessionQuery q = scoped(caller, query);
        return tx.inTransaction(() -> sessions.list(q, page));
    }

    @Override
    public SessionDetail get(Caller caller, String id) {
        return tx.inTransaction(() -> {
            Session s = visible(caller, id);
            Instant now = clock.instant();
            if (s.userId().equals(caller.userId()) && s.status() == SessionStatus.RUNNING
                    && (s.lastActivity() == null || s.lastActivity().plusSeconds(10).isBefore(now))) {
                try {
                    s = new SessionLifecycle(sessions, agents, clock).save(s.withActivity(now), null);
                } catch (ConcurrentChange e) {
                    s = visible(caller, id);
                }
            }
            return new SessionDetail(s, sessions.history(s.id()));
        });
    }

    @Override
    public String logs(Caller caller, String id, int tailLines) {
        if (tailLines < 1 || tailLines > MAX_TAIL) {
            throw new ValidationException("tail must be between 1 and " + MAX_TAIL, "tail");
        }
        Session s = tx.inTransaction(() -> visible(caller, id));
        Kernel main = s.mainKernel();
        if (main == null || main.agentId() == null) {
            return "";
        }
        boolean live = main.status() == SessionStatus.PREPARING || main.status() == SessionStatus.RUNNING
                || main.status() == SessionStatus.TERMINATING && main.containerId() != null;
        if (!live) {
            return lastLines(main.logTail() == null ? "" : main.logTail(), tailLines);
        }
        AgentCapacity agent = tx.inTransaction(() -> agents.capacity(main.agentId())).orElse(null);
        if (agent == null || agent.status() != AgentStatus.ALIVE) {
            throw new ConflictException("agent " + main.agentId() + " is not reachable; logs are available again "
                    + "when it reconnects");
        }
        try {
            return signals.ask(main.agentId(), AgentRequest.LOGS, main.id(), tailLines)
                    .get(LOGS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ConflictException("agent " + main.agentId() + " did not send the logs within "
                    + LOGS_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while waiting for the logs");
        } catch (ExecutionException e) {
            throw new ConflictException("agent " + main.agentId() + " could not send the logs");
        }
    }

    static String lastLines(String text, int n) {
        int end = text.length();
        int pos = end;
        if (pos > 0 && text.charAt(pos - 1) == '\n') {
            pos--;
        }
        int lines = 0;
        while (pos > 0) {
            if (text.charAt(pos - 1) == '\n' && ++lines == n) {
                break;
            }
            pos--;
        }
        return text.substring(pos, end);
    }

    // ---------------------------------------------------------------- changing

    @Override
    public Session terminate(Caller caller, String id, boolean forced) {
        SessionLifecycle life = new SessionLifecycle(sessions, agents, clock);
        Session result = null;
        for (int attempt = 0; result == null; attempt++) {
            try {
                result = tx.inTransaction(() -> {
                    Session s = visible(caller, id);
                    if (!canChange(caller, s)) {
                        throw new ForbiddenException("you may not terminate session " + s.name());
                    }
                    boolean agentGone = s.kernels().stream().map(Kernel::agentId).filter(a -> a != null).distinct()
                            .anyMatch(a -> agents.capacity(a).map(c -> c.status() != AgentStatus.ALIVE).orElse(true));
                    if (forced && !caller.isSuperadmin() && !(caller.role() == Role.ADMIN) && !agentGone) {
                        throw new ForbiddenException("only an admin may force a termination while the agent is alive");
                    }
                    String who = caller.email() == null ? "system" : caller.email();
                    return life.terminate(s, (forced ? "force-terminated by " : "terminated by ") + who,
                            forced || agentGone && s.status() != SessionStatus.PENDING);
                });
            } catch (ConcurrentChange e) {
                if (attempt >= SessionLifecycle.CAS_RETRIES) {
                    throw new ConflictException("session " + id + " keeps changing; try again");
                }
            }
        }
        life.touchedAgents().forEach(signals::bump);
        wakeGroup.accept(result.resourceGroup());
        return result;
    }

    // ---------------------------------------------------------------- presets

    @Override
    public List<PresetCheck> checkPresets(Caller caller, String resourceGroup) {
        return tx.inTransaction(() -> {
            Owner o = owner(caller);
            Set<String> available = new HashSet<>(groups.availableTo(o.user().domainName(), o.user().projectIds(),
                    o.keyPair().accessKey()));
            List<ResourceGroup> usable = groups.list().stream().filter(ResourceGroup::active)
                    .filter(g -> caller.isSuperadmin() || g.isPublic() || available.contains(g.name()))
                    .filter(g -> resourceGroup == null || resourceGroup.isBlank() || g.name().equals(resourceGroup))
                    .toList();
            if (resourceGroup != null && !resourceGroup.isBlank() && usable.isEmpty()) {
                throw new ForbiddenException("resource group '" + Rules.printable(resourceGroup)
                        + "' is not available to you", "resource_group");
            }
            Occupancy occ = Occupancy.of(sessions.live());
            KeyPairResourcePolicy p = o.policy();
            List<Project> mine = projects.findAll(o.user().projectIds());
            Domain domain = domains.find(o.user().domainName()).orElse(null);
            List<ResourcePreset> all = presets.list();
            List<PresetCheck> out = new ArrayList<>();
            for (ResourceGroup g : usable) {
                List<AgentCapacity> caps = agents.capacities(g.name());
                ResourceSlots free = ResourceSlots.EMPTY;
                for (AgentCapacity c : caps) {
                    free = free.plus(c.free());
                }
                List<PresetCheck.PresetAvailability> rows = new ArrayList<>();
                ResourceSlots remaining = null;
                for (ResourcePreset preset : all) {
                    if (preset.resourceGroup() != null && !preset.resourceGroup().equals(g.name())) {
                        continue;
                    }
                    ResourceSlots want = preset.resourceSlots();
                    ResourceSlots limit = Limits.limitOf(p, want.slots());
                    ResourceSlots left = limit.minus(occ.key(o.keyPair().accessKey())).max(ResourceSlots.EMPTY);
                    remaining = remaining == null ? left : remaining.min(left);
                    List<String> reasons = new ArrayList<>();
                    if (occ.active(o.keyPair().accessKey()) >= p.maxConcurrentSessions()) {
                        reasons.add("keypair concurrency limit reached (" + p.maxConcurrentSessions() + ")");
                    }
                    Set<String> over = want.nonZero().exceeding(left, Amount.INFINITE);
                    if (!over.isEmpty()) {
                        reasons.add("keypair limit left: " + String.join(", ", over));
                    }
                    boolean projectOk = mine.stream().anyMatch(pr -> want.plus(occ.project(pr.id())).nonZero()
                            .fitsWithin(pr.totalResourceSlots(), Amount.INFINITE));
                    if (!mine.isEmpty() && !projectOk) {
                        reasons.add("no project of yours has that much left");
                    }
                    if (domain != null && !want.plus(occ.domain(domain.name())).nonZero()
                            .fitsWithin(domain.totalResourceSlots(), Amount.INFINITE)) {
                        reasons.add("domain " + domain.name() + " has not that much left");
                    }
                    boolean hostable = caps.stream().anyMatch(c -> c.allocated().plus(want).nonZero()
                            .fitsWithin(c.available(), Amount.ZERO));
                    if (!hostable) {
                        reasons.add("no agent of " + g.name() + " has that much free");
                    }
                    rows.add(new PresetCheck.PresetAvailability(preset.name(), want, reasons.isEmpty(), reasons));
                }
                ResourceSlots keyLeft = Limits.limitOf(p, free.slots()).minus(occ.key(o.keyPair().accessKey()))
                        .max(ResourceSlots.EMPTY);
                out.add(new PresetCheck(g.name(), free, remaining == null ? keyLeft : keyLeft.min(remaining), rows));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- export

    static final List<String> CSV_COLUMNS = List.of("id", "name", "owner_email", "access_key", "project_id", "domain",
            "resource_group", "type", "image", "status", "status_reason", "cluster_size", "requested_slots",
            "used_slots", "agents", "created_at", "terminated_at");

    @Override
    public void exportCsv(Caller caller, SessionQuery query, Writer out) throws IOException {
        if (caller.role() == Role.USER && query != null && query.ownerEmail() != null
                && !query.ownerEmail().equals(caller.email())) {
            throw new ForbiddenException("you may export only your own sessions");
        }
        SessionQuery q = scoped(caller, query);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(CSV_COLUMNS.toArray(String[]::new)).get());
        try {
            tx.run(() -> sessions.forEach(q, s -> {
                try {
                    csv.printRecord(row(s));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    private static List<Object> row(Session s) throws IOException {
        ResourceSlots used = ResourceSlots.EMPTY;
        List<String> agentIds = new ArrayList<>();
        for (Kernel k : s.kernels()) {
            if (k.agentId() != null) {
                used = used.plus(k.slots());
                if (!agentIds.contains(k.agentId())) {
                    agentIds.add(k.agentId());
                }
            }
        }
        return List.of(s.id(), s.name(), s.ownerEmail(), s.accessKey(), s.projectId(), s.domain(), s.resourceGroup(),
                s.type().wire(), s.image(), s.status().wire(), Optional.ofNullable(s.statusReason()).orElse(""),
                s.clusterSize(), PolicyExport.json(s.requested()), PolicyExport.json(used), String.join(" ", agentIds),
                s.createdAt().toString(), s.terminatedAt() == null ? "" : s.terminatedAt().toString());
    }

    // ---------------------------------------------------------------- maintenance

    @Override
    public UsageRecalculation recalculateUsage(Caller caller, Consumer<String> progress) {
        Access.superadmin(caller, "recalculate usage");
        Consumer<String> say = progress == null ? x -> { } : progress;
        List<AgentCapacity> all = tx.inTransaction(agents::allCapacities);
        say.accept("checking " + all.size() + " agents");
        List<UsageRecalculation.AgentChange> changes = new ArrayList<>();
        int counted = 0;
        int done = 0;
        for (AgentCapacity a : all) {
            int[] n = new int[1];
            UsageRecalculation.AgentChange change = tx.inTransaction(() -> {
                for (int i = 0; i < SessionLifecycle.CAS_RETRIES; i++) {
                    AgentCapacity now = agents.capacity(a.id()).orElse(null);
                    if (now == null) {
                        return null;
                    }
                    ResourceSlots expected = ResourceSlots.EMPTY;
                    n[0] = 0;
                    for (Session s : sessions.withKernelsOn(a.id())) {
                        n[0]++;
                        for (Kernel k : s.kernels()) {
                            if (a.id().equals(k.agentId()) && k.status().holdsResources()) {
                                expected = expected.plus(k.slots());
                            }
                        }
                    }
                    expected = expected.nonZero();
                    if (expected.equals(now.allocated().nonZero())) {
                        return null;
                    }
                    if (agents.allocate(a.id(), now.version(), expected)) {
                        return new UsageRecalculation.AgentChange(a.id(), now.allocated(), expected);
                    }
                }
                throw new ConflictException("agent " + a.id() + " kept changing; run the recalculation again");
            });
            counted += n[0];
            done++;
            if (change != null) {
                changes.add(change);
                say.accept("agent " + a.id() + ": occupied " + change.before().toWire() + " -> "
                        + change.after().toWire());
            }
            if (done % 100 == 0) {
                say.accept(done + " of " + all.size() + " agents checked");
            }
        }
        say.accept("done: " + all.size() + " agents checked, " + changes.size() + " corrected");
        all.forEach(a -> wakeGroup.accept(a.resourceGroup()));
        return new UsageRecalculation(all.size(), counted, changes);
    }
}
