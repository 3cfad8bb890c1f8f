package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelOrder;
import io.berth.core.agent.KernelReport;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionStatus;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A {@link SessionManager} over the fakes, nothing running in the background: two domains ({@code default}
 * and {@code other}); project {@code research} in {@code default} and {@code lab} in {@code other}; users
 * alice and bob (members of research), admin (domain admin of default), root (superadmin), mon (monitor),
 * carl (member of lab) and otherAdmin (admin of other), each with one active keypair on the {@code default}
 * keypair policy (no slot limit, 30 concurrent sessions, 10 containers per session, no lifetime limits).
 * The resource group {@code default} (scheduler {@code fifo}, dispersed, every session type, retries to
 * skip from the system default of 3) is available to both domains; {@code private} to nobody. The policies
 * {@code fifo}, {@code lifo} and {@code drf} are registered. Agents are added by the tests ({@link #agent}).
 */
final class SessionWorld {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final String TOKEN = "agent-token-for-tests-0123456789";
    static final String GROUP = ResourceGroup.DEFAULT;
    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;
    static final String IMAGE = "cr.example.com/stable/python:3.12";

    /** FIFO: the oldest of the top priority. */
    static final SchedulingPolicy FIFO = snap -> snap.topPriorityPending().stream().findFirst()
            .map(PendingSession::id);
    /** LIFO: the newest of the top priority. */
    static final SchedulingPolicy LIFO = snap -> snap.topPriorityPending().stream()
            .max(PendingSession.BY_CREATION).map(PendingSession::id);
    /** DRF-like: the session whose owner holds the lowest dominant share, oldest first among equals. */
    static final SchedulingPolicy DRF = snap -> snap.topPriorityPending().stream()
            .min(Comparator.comparing((PendingSession p) -> snap.occupiedBy(p.accessKey())
                    .dominantShare(snap.capacity())).thenComparing(PendingSession.BY_CREATION))
            .map(PendingSession::id);

    final Fakes f = new Fakes();
    final MutableClock clock = new MutableClock(T0);
    final SlotRegistryImpl slots = new SlotRegistryImpl();
    final SettingsServiceImpl settings = new SettingsServiceImpl(f.tx, f.settings, clock);
    /** The key registry passwords are sealed with (as the image service would seal them). */
    final RegistryKey registryKey = new RegistryKey(RegistryKey.random());
    final SessionManager mgr = new SessionManager(f.tx, f.sessions, f.agents, f.resourceGroups, f.keyPairs, f.users,
            f.projects, f.domains, f.keyPairPolicies, f.presets, slots, f.images, f.registries, settings, registryKey,
            new AgentToken(TOKEN), clock);

    final Project research;
    final Project lab;
    final Caller alice;
    final Caller bob;
    final Caller admin;
    final Caller root;
    final Caller mon;
    final Caller carl;
    final Caller otherAdmin;
    private final Map<String, User> users = new HashMap<>();

    SessionWorld() {
        f.tx.run(() -> {
            f.keyPairPolicies.insert(policy(p -> p));
            f.domains.insert(new Domain(Domain.DEFAULT, "default domain", true, ResourceSlots.EMPTY, List.of(),
                    List.of(), T0, T0));
            f.domains.insert(new Domain("other", "other domain", true, ResourceSlots.EMPTY, List.of(), List.of(), T0,
                    T0));
            f.projects.insert(new Project("p-research", Domain.DEFAULT, "research", "", true, ProjectType.GENERAL,
                    ResourceSlots.EMPTY, List.of(), List.of(), "default", T0, T0));
            f.projects.insert(new Project("p-lab", "other", "lab", "", true, ProjectType.GENERAL, ResourceSlots.EMPTY,
                    List.of(), List.of(), "default", T0, T0));
            f.resourceGroups.insert(new ResourceGroup(GROUP, "default group", true, false, null, "fifo",
                    SchedulerOptions.DEFAULTS, T0, T0));
            f.resourceGroups.insert(new ResourceGroup("private", "nobody's group", true, false, null, "fifo",
                    SchedulerOptions.DEFAULTS, T0, T0));
            f.resourceGroups.associate(GROUP, "domain", Domain.DEFAULT, true);
            f.resourceGroups.associate(GROUP, "domain", "other", true);
        });
        research = f.projects.find("p-research").orElseThrow();
        lab = f.projects.find("p-lab").orElseThrow();
        alice = user("alice", Domain.DEFAULT, Role.USER, "p-research");
        bob = user("bob", Domain.DEFAULT, Role.USER, "p-research");
        admin = user("admin", Domain.DEFAULT, Role.ADMIN, "p-research");
        root = user("root", Domain.DEFAULT, Role.SUPERADMIN, "p-research");
        mon = user("mon", Domain.DEFAULT, Role.MONITOR, "p-research");
        carl = user("carl", "other", Role.USER, "p-lab");
        otherAdmin = user("otheradmin", "other", Role.ADMIN, "p-lab");
        mgr.policy("fifo", FIFO);
        mgr.policy("lifo", LIFO);
        mgr.policy("drf", DRF);
        f.tx.clearWrites();
    }

    /** A user with one keypair {@code AK-<NAME>} on the default policy. */
    Caller user(String name, String domain, Role role, String... projects) {
        String id = "u-" + name;
        String ak = "AK-" + name.toUpperCase(java.util.Locale.ROOT);
        User u = new User(id, name + "@example.test", name, name, "", "x", domain, role, UserStatus.ACTIVE, false,
                false, ak, "default", Set.of(projects), T0, T0);
        f.tx.run(() -> {
            f.users.insert(u);
            f.keyPairs.insert(new KeyPair(ak, "secret-" + name, id, true, role != Role.USER, "default", 1000, T0, null,
                    0));
        });
        users.put(id, u);
        return new Caller(id, u.email(), role, domain, ak);
    }

    /**
     * The default keypair policy (no slot limit, 30 concurrent, pending unlimited, 10 containers per session,
     * no lifetime, no idle timeout) changed by {@code change}.
     */
    static KeyPairResourcePolicy policy(UnaryOperator<PolicyBuilder> change) {
        return change.apply(new PolicyBuilder()).build();
    }

    /** Mutable fields of a keypair policy, for tests. */
    static final class PolicyBuilder {
        ResourceSlots total = ResourceSlots.EMPTY;
        long lifetime;
        int concurrent = 30;
        Amount pendingCount = Amount.INFINITE;
        ResourceSlots pendingSlots = ResourceSlots.EMPTY;
        int containers = 10;
        long idle;

        PolicyBuilder total(ResourceSlots s) {
            total = s;
            return this;
        }

        PolicyBuilder lifetime(long s) {
            lifetime = s;
            return this;
        }

        PolicyBuilder concurrent(int n) {
            concurrent = n;
            return this;
        }

        PolicyBuilder pendingCount(long n) {
            pendingCount = Amount.of(n);
            return this;
        }

        PolicyBuilder pendingSlots(ResourceSlots s) {
            pendingSlots = s;
            return this;
        }

        PolicyBuilder containers(int n) {
            containers = n;
            return this;
        }

        PolicyBuilder idle(long s) {
            idle = s;
            return this;
        }

        KeyPairResourcePolicy build() {
            return new KeyPairResourcePolicy("default", UnspecifiedSlots.UNLIMITED, total, lifetime, concurrent,
                    pendingCount, pendingSlots, containers, idle, List.of(), T0, T0);
        }
    }

    /** Replaces the default keypair policy (as an admin's policy change would). */
    void setPolicy(UnaryOperator<PolicyBuilder> change) {
        f.tx.run(() -> f.keyPairPolicies.update(policy(change)));
    }

    /** Changes the scheduler options and scheduler of a group. */
    void setGroup(String name, String scheduler, UnaryOperator<SchedulerOptions> options) {
        f.tx.run(() -> {
            ResourceGroup g = f.resourceGroups.find(name).orElseThrow();
            f.resourceGroups.update(new ResourceGroup(g.name(), g.description(), g.active(), g.isPublic(),
                    g.wsproxyAddress(), scheduler == null ? g.scheduler() : scheduler,
                    options.apply(g.schedulerOptions()), g.createdAt(), T0));
        });
    }

    static SchedulerOptions options(SchedulerOptions o, Integer retriesToSkip, AgentSelection selection) {
        return new SchedulerOptions(o.allowedSessionTypes(), o.pendingTimeout(), retriesToSkip,
                selection == null ? o.agentSelection() : selection);
    }

    void setProjectLimit(Project p, ResourceSlots limit) {
        f.tx.run(() -> f.projects.update(new Project(p.id(), p.domainName(), p.name(), p.description(), p.active(),
                p.type(), limit, p.allowedVfolderHosts(), p.allowedDockerRegistries(), p.resourcePolicy(),
                p.createdAt(), T0)));
    }

    void setDomainLimit(String name, ResourceSlots limit) {
        f.tx.run(() -> {
            Domain d = f.domains.find(name).orElseThrow();
            f.domains.update(new Domain(d.name(), d.description(), d.active(), limit, d.allowedVfolderHosts(),
                    d.allowedDockerRegistries(), d.createdAt(), T0));
        });
    }

    void preset(String name, ResourceSlots s) {
        f.tx.run(() -> f.presets.insert(new ResourcePreset(name, s, null, null, T0, T0)));
    }

    // ------------------------------------------------------------ agents

    /** Registers an ALIVE, schedulable x86_64 agent of the default group offering {@code available}. */
    Agent agent(String id, ResourceSlots available) {
        return agent(id, available, "x86_64", GROUP, AgentStatus.ALIVE, true);
    }

    Agent agent(String id, ResourceSlots available, String arch, String group, AgentStatus status,
            boolean schedulable) {
        Agent a = new Agent(id, status, "registered", "local", arch, "0.1.0", "10.0.0.1:6001", group, schedulable,
                available, ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0, T0);
        f.tx.run(() -> f.agents.insert(a));
        return a;
    }

    ResourceSlots allocated(String agentId) {
        return f.agents.allocated(agentId);
    }

    static ResourceSlots cpuMem(long cpu, long memBytes) {
        return ResourceSlots.of(Map.of("cpu", Amount.of(cpu), "mem", Amount.of(memBytes)));
    }

    static ResourceSlots slots(Object... slotAmountPairs) {
        Map<String, Amount> m = new LinkedHashMap<>();
        for (int i = 0; i < slotAmountPairs.length; i += 2) {
            Object v = slotAmountPairs[i + 1];
            m.put((String) slotAmountPairs[i], v instanceof Amount a ? a
                    : Amount.of(new BigDecimal(v.toString())));
        }
        return ResourceSlots.of(m);
    }

    // ------------------------------------------------------------ sessions

    /** A session input, built field by field. */
    static final class In {
        String name;
        String image = IMAGE;
        String type;
        Map<String, Object> resources;
        String preset;
        String group;
        String project;
        Integer clusterSize;
        String clusterMode;
        Map<String, String> env;
        List<String> mounts;
        String command;
        Integer priority;
        List<String> deps;
        Instant startsAt;
        String arch;

        In name(String v) {
            name = v;
            return this;
        }

        In image(String v) {
            image = v;
            return this;
        }

        In type(String v) {
            type = v;
            return this;
        }

        In res(Object... slotValuePairs) {
            resources = new LinkedHashMap<>();
            for (int i = 0; i < slotValuePairs.length; i += 2) {
                resources.put((String) slotValuePairs[i], slotValuePairs[i + 1]);
            }
            return this;
        }

        In preset(String v) {
            preset = v;
            return this;
        }

        In group(String v) {
            group = v;
            return this;
        }

        In project(String v) {
            project = v;
            return this;
        }

        In cluster(int size, String mode) {
            clusterSize = size;
            clusterMode = mode;
            return this;
        }

        In env(Map<String, String> v) {
            env = v;
            return this;
        }

        In mounts(List<String> v) {
            mounts = v;
            return this;
        }

        In command(String v) {
            command = v;
            return this;
        }

        In batch(String cmd) {
            type = "batch";
            command = cmd;
            return this;
        }

        In priority(int v) {
            priority = v;
            return this;
        }

        In deps(String... v) {
            deps = List.of(v);
            return this;
        }

        In startsAt(Instant v) {
            startsAt = v;
            return this;
        }

        In arch(String v) {
            arch = v;
            return this;
        }

        SessionInput build() {
            return new SessionInput(name, image, type, resources, preset, group, project, clusterSize, clusterMode,
                    env, mounts, command, priority, deps, startsAt, arch);
        }
    }

    static In in() {
        return new In();
    }

    /** Creates a session one second after the previous thing that happened (so creation order is strict). */
    Session create(Caller c, In in) {
        clock.advance(Duration.ofSeconds(1));
        return mgr.create(c, in.build());
    }

    /** A session of {@code cpu} cores and {@code memGiB} GiB for {@code c}. */
    Session create(Caller c, long cpu, long memGiB) {
        return create(c, in().res("cpu", cpu, "mem", memGiB + "g"));
    }

    Dispatcher.PassResult dispatch() {
        return mgr.dispatchNow(GROUP);
    }

    Session get(String id) {
        return f.sessions.find(id).orElseThrow();
    }

    SessionStatus status(Session s) {
        return get(s.id()).status();
    }

    // ------------------------------------------------------------ the agent side

    AgentWork poll(String agentId) {
        try {
            return mgr.poll(TOKEN, agentId, -1, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<KernelOrder> orders(String agentId) {
        return poll(agentId).orders();
    }

    void report(String agentId, KernelReport... reports) {
        mgr.report(TOKEN, agentId, List.of(reports));
    }

    static KernelReport preparing(Kernel k) {
        return new KernelReport(k.id(), KernelReport.State.PREPARING, null, null, null, null, false);
    }

    static KernelReport running(Kernel k, boolean active) {
        return new KernelReport(k.id(), KernelReport.State.RUNNING, "c-" + k.id(), null, null, null, active);
    }

    static KernelReport exited(Kernel k, int code, String logs) {
        return new KernelReport(k.id(), KernelReport.State.EXITED, "c-" + k.id(), code, null, logs, false);
    }

    static KernelReport destroyed(Kernel k, String logs) {
        return new KernelReport(k.id(), KernelReport.State.DESTROYED, "c-" + k.id(), 137, null, logs, false);
    }

    static KernelReport failed(Kernel k, String why) {
        return new KernelReport(k.id(), KernelReport.State.FAILED, null, null, why, null, false);
    }

    /** Places the session and reports every kernel running; returns it as stored. */
    Session run(Session s) {
        dispatch();
        Session placed = get(s.id());
        assertEquals(SessionStatus.SCHEDULED, placed.status(), () -> "not placed: " + placed.statusReason());
        for (Kernel k : placed.kernels()) {
            report(k.agentId(), running(k, false));
        }
        Session running = get(s.id());
        assertEquals(SessionStatus.RUNNING, running.status());
        return running;
    }

    // ------------------------------------------------------------ invariants

    /**
     * Every agent's allocation is exactly the sum of the slots of the live kernels placed on it, and never
     * more than it offers.
     */
    void assertAllocationsConsistent() {
        Map<String, ResourceSlots> expected = new HashMap<>();
        for (Session s : f.sessions.rows().values()) {
            for (Kernel k : s.kernels()) {
                if (k.agentId() != null && k.status().holdsResources()) {
                    expected.merge(k.agentId(), k.slots(), ResourceSlots::plus);
                }
            }
        }
        for (Agent a : f.agents.rows().values()) {
            ResourceSlots want = expected.getOrDefault(a.id(), ResourceSlots.EMPTY).nonZero();
            ResourceSlots have = allocated(a.id()).nonZero();
            assertEquals(want, have, "allocation of agent " + a.id());
            assertTrue(have.fitsWithin(a.availableSlots(), Amount.ZERO),
                    "agent " + a.id() + " over-committed: " + have + " of " + a.availableSlots());
        }
    }
}
