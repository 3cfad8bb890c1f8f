package io.berth.core.internal;

import io.berth.core.group.AgentSelection;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.SessionLoad;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.settings.SettingsService;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC C2–C4: one dispatch pass over one resource group. It reads one snapshot (pending sessions, the
 * group's ALIVE schedulable agents with their allocation versions, what every keypair, project and
 * domain holds), asks the group's {@link SchedulingPolicy} for the next session, checks it
 * ({@link Limits}), chooses agents ({@link AgentPicker}) and commits placements in batches: each
 * batch is one transaction that sets every touched agent's allocation only on the version the pass
 * read (compare-and-set) and moves every placed session to SCHEDULED only on the version read. A batch
 * that loses a race rolls back whole and the group is passed again on fresh state, so no agent is ever
 * over-committed, whatever runs concurrently (other passes, other managers, terminations).
 *
 * <p>Passes of one group never overlap on this manager (a lock per group). A session that fails for
 * lack of capacity blocks those behind it until it has failed {@code retries-to-skip} times
 * (head-of-line blocking avoidance, SPEC C2); a session that fails a limit never blocks others.
 */
final class Dispatcher {
    static final int MAX_PENDING_PER_PASS = 10_000;
    static final int MAX_FAILED_TRIES_PER_PASS = 1_000;
    static final int BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** What a pass did. {@code conflict}: a batch lost a race and the group must be passed again. */
    record PassResult(int placed, int waiting, int cancelled, boolean conflict, List<String> agents) {
        static final PassResult NOTHING = new PassResult(0, 0, 0, false, List.of());
    }

    private record Placement(Session session, List<AgentPicker.Slot> agents) {
    }

    private final UnitOfWork tx;
    private final SessionRepository sessions;
    private final AgentRepository agents;
    private final ResourceGroupRepository groups;
    private final KeyPairRepository keyPairs;
    private final KeyPairPolicyRepository policies;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final SettingsService settings;
    private final PolicyRegistry registry;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Integer> cursors = new ConcurrentHashMap<>();

    Dispatcher(UnitOfWork tx, SessionRepository sessions, AgentRepository agents, ResourceGroupRepository groups,
            KeyPairRepository keyPairs, KeyPairPolicyRepository policies, ProjectRepository projects,
            DomainRepository domains, SettingsService settings, PolicyRegistry registry, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.agents = agents;
        this.groups = groups;
        this.keyPairs = keyPairs;
        this.policies = policies;
        this.projects = projects;
        this.domains = domains;
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
    }

    /** Runs one pass over the group; agents whose orders changed are in the result. */
    PassResult pass(String group) {
        ReentrantLock lock = locks.computeIfAbsent(group, g -> new ReentrantLock());
        lock.lock();
        try {
            return doPass(group);
        } finally {
            lock.unlock();
        }
    }

    /** Everything a pass reads, in one transaction. */
    private final class Read {
        ResourceGroup group;
        List<Session> pending;
        Occupancy occupancy;
        List<AgentPicker.Slot> slots;
        final Map<String, Optional<KeyPairResourcePolicy>> policyByKey = new HashMap<>();
        final Map<String, Optional<Project>> projectById = new HashMap<>();
        final Map<String, Optional<Domain>> domainByName = new HashMap<>();
        Map<String, SessionStatus> dependencies;

        KeyPairResourcePolicy policy(String accessKey) {
            return policyByKey.computeIfAbsent(accessKey, ak -> keyPairs.find(ak).map(KeyPair::resourcePolicy)
                    .flatMap(policies::find)).orElse(null);
        }

        Project project(String id) {
            return projectById.computeIfAbsent(id, projects::find).orElse(null);
        }

        Domain domain(String name) {
            return domainByName.computeIfAbsent(name, domains::find).orElse(null);
        }
    }

    private Read read(String groupName) {
        Read r = new Read();
        r.group = groups.find(groupName).orElse(null);
        r.pending = sessions.pending(groupName, MAX_PENDING_PER_PASS);
        if (r.pending.isEmpty()) {
            return r;
        }
        r.occupancy = Occupancy.of(sessions.live());
        r.slots = new ArrayList<>();
        agents.capacities(groupName).forEach(c -> r.slots.add(new AgentPicker.Slot(c.id(), c.architecture(),
                c.available(), c.allocated(), c.version())));
        Set<String> deps = new LinkedHashSet<>();
        for (Session s : r.pending) {
            deps.addAll(s.dependencies());
            r.policy(s.accessKey());
            r.project(s.projectId());
            r.domain(s.domain());
        }
        r.dependencies = deps.isEmpty() ? Map.of() : sessions.statuses(deps);
        return r;
    }

    private PassResult doPass(String groupName) {
        Instant now = clock.instant();
        Read r = tx.inTransaction(() -> read(groupName));
        if (r.pending.isEmpty()) {
            return PassResult.NOTHING;
        }
        if (r.group == null || !r.group.active()) {
            noteAll(r.pending, "resource group " + groupName + (r.group == null ? " no longer exists" : " is inactive"));
            return new PassResult(0, r.pending.size(), 0, false, List.of());
        }
        Optional<SchedulingPolicy> policy = registry.find(r.group.scheduler());
        if (policy.isEmpty()) {
            noteAll(r.pending, "scheduler " + r.group.scheduler() + " not installed");
            return new PassResult(0, r.pending.size(), 0, false, List.of());
        }
        int retriesToSkip = r.group.schedulerOptions().retriesToSkip() != null
                ? r.group.schedulerOptions().retriesToSkip()
                : settings.current().retriesToSkip(r.group.scheduler());
        AgentSelection strategy = r.group.schedulerOptions().agentSelection();
        Map<String, Session> byId = new LinkedHashMap<>();
        List<PendingSession> queue = new ArrayList<>(r.pending.size());
        for (Session s : r.pending) {
            byId.put(s.id(), s);
            queue.add(new PendingSession(s.id(), s.accessKey(), s.userId(), s.projectId(), s.domain(), s.priority(),
                    s.createdAt(), s.requested(), s.retries()));
        }
        ResourceSlots capacity = ResourceSlots.EMPTY;
        ResourceSlots occupied = ResourceSlots.EMPTY;
        for (AgentPicker.Slot a : r.slots) {
            capacity = capacity.plus(a.available);
            occupied = occupied.plus(a.allocated);
        }
        SchedulingSnapshot snap = new SchedulingSnapshot(groupName, now, capacity, occupied, queue,
                r.occupancy.inGroup(groupName), retriesToSkip);

        AgentPicker picker = new AgentPicker(r.slots);
        List<Placement> batch = new ArrayList<>();
        Map<Session, List<String>> failures = new LinkedHashMap<>();
        Map<Session, String> cancels = new LinkedHashMap<>();
        Set<String> touched = new LinkedHashSet<>();
        int placed = 0;
        int failedTries = 0;
        boolean conflict = false;
        while (!snap.pending().isEmpty() && failedTries < MAX_FAILED_TRIES_PER_PASS) {
            Optional<String> pick;
            try {
                pick = policy.get().pick(snap);
            } catch (RuntimeException e) {
                LOG.warn("scheduler {} failed in resource group {}: {}", r.group.scheduler(), groupName, e.toString());
                break;
            }
            if (pick.isEmpty()) {
                break;
            }
            Session s = byId.get(pick.get());
            if (s == null) {
                LOG.warn("scheduler {} picked {}, which is not pending in {}", r.group.scheduler(), pick.get(), groupName);
                break;
            }
            String broken = Limits.brokenDependency(s, r.dependencies);
            if (broken != null) {
                cancels.put(s, broken);
                snap = snap.without(s.id());
                continue;
            }
            List<String> reasons = Limits.check(s, new Limits.Context(r.policy(s.accessKey()), r.project(s.projectId()),
                    r.domain(s.domain()), r.group, r.dependencies, now), r.occupancy);
            List<AgentPicker.Slot> chosen = null;
            if (reasons.isEmpty()) {
                chosen = picker.choose(s, strategy, cursors.getOrDefault(groupName, 0));
                if (chosen == null) {
                    reasons = List.of(noCapacity(s, r.slots));
                }
            }
            if (chosen == null) {
                failures.put(s, reasons);
                snap = snap.without(s.id());
                failedTries++;
                boolean capacityOnly = reasons.size() == 1 && reasons.get(0).startsWith(NO_CAPACITY);
                if (capacityOnly && !new PendingSession(s.id(), s.accessKey(), s.userId(), s.projectId(), s.domain(),
                        s.priority(), s.createdAt(), s.requested(), s.retries() + 1).reachedRetryLimit(retriesToSkip)) {
                    break; // head-of-line: it waits for capacity and those behind it wait with it
                }
                continue;
            }
            for (AgentPicker.Slot a : chosen) {
                picker.place(a, s.slotsPerContainer());
            }
            if (strategy == AgentSelection.ROUND_ROBIN) {
                cursors.put(groupName, picker.after(chosen.get(chosen.size() - 1)));
            }
            r.occupancy.placed(new SessionLoad(s.id(), s.accessKey(), s.userId(), s.projectId(), s.domain(),
                    s.resourceGroup(), SessionStatus.SCHEDULED, s.requested(), s.createdAt()));
            batch.add(new Placement(s, chosen));
            snap = snap.withPlaced(s.id());
            if (batch.size() >= BATCH) {
                if (!commit(batch, touched)) {
                    conflict = true;
                    batch.clear();
                    break;
                }
                placed += batch.size();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            if (commit(batch, touched)) {
                placed += batch.size();
            } else {
                conflict = true;
            }
        }
        int cancelled = cancel(cancels, touched);
        recordFailures(failures, retriesToSkip);
        return new PassResult(placed, failures.size(), cancelled, conflict, List.copyOf(touched));
    }

    static final String NO_CAPACITY = "no agent has room";

    private static String noCapacity(Session s, List<AgentPicker.Slot> slots) {
        if (slots.isEmpty()) {
            return NO_CAPACITY + ": the resource group has no alive, schedulable agent";
        }
        String what = s.clusterSize() == 1 ? s.slotsPerContainer().toWire().toString()
                : s.clusterSize() + " × " + s.slotsPerContainer().toWire() + " (" + s.clusterMode().wire() + ")";
        return NO_CAPACITY + " for " + what + (s.architecture() == null ? "" : " on " + s.architecture());
    }

    /** Commits the batch's placements in one transaction; false when it lost a race (nothing written). */
    private boolean commit(List<Placement> batch, Set<String> touched) {
        Map<String, AgentPicker.Slot> agentsOfBatch = new LinkedHashMap<>();
        for (Placement p : batch) {
            p.agents().forEach(a -> agentsOfBatch.put(a.id, a));
        }
        try {
            tx.run(() -> {
                for (AgentPicker.Slot a : agentsOfBatch.values()) {
                    if (!agents.allocate(a.id, a.version, a.allocated.nonZero())) {
                        throw new ConcurrentChange("allocation of agent " + a.id + " changed");
                    }
                }
                SessionLifecycle life = new SessionLifecycle(sessions, agents, clock);
                for (Placement p : batch) {
                    List<Kernel> ks = new ArrayList<>();
                    Set<String> names = new LinkedHashSet<>();
                    for (int i = 0; i < p.session().kernels().size(); i++) {
                        String agent = p.agents().get(i).id;
                        ks.add(p.session().kernels().get(i).placedOn(agent));
                        names.add(agent);
                    }
                    life.move(p.session().withKernels(ks), SessionStatus.SCHEDULED,
                            "placed on agent" + (names.size() == 1 ? " " : "s ") + String.join(", ", names));
                }
            });
        } catch (ConcurrentChange e) {
            LOG.debug("placement batch lost a race: {}", e.getMessage());
            return false;
        }
        agentsOfBatch.values().forEach(a -> a.version++);
        touched.addAll(agentsOfBatch.keySet());
        return true;
    }

    private int cancel(Map<Session, String> cancels, Set<String> touched) {
        int n = 0;
        for (Map.Entry<Session, String> e : cancels.entrySet()) {
            try {
                tx.run(() -> new SessionLifecycle(sessions, agents, clock).terminate(e.getKey(), e.getValue(), false));
                n++;
            } catch (ConcurrentChange ignored) {
                LOG.debug("session {} changed while being cancelled; the next pass looks again", e.getKey().id());
            }
        }
        return n;
    }

    /**
     * Records why each session is still pending. The retry count goes up until the session no longer
     * blocks others (then counting further changes nothing); unchanged reasons past that point are not
     * written again, so a long queue costs no writes per pass.
     */
    private void recordFailures(Map<Session, List<String>> failures, int retriesToSkip) {
        List<Session> changed = new ArrayList<>();
        failures.forEach((s, reasons) -> {
            boolean count = s.retries() <= Math.max(retriesToSkip, 1);
            if (count || !reasons.equals(s.pendingReasons())) {
                changed.add(s.withPendingReasons(reasons, count));
            }
        });
        write(changed);
    }

    private void noteAll(List<Session> pending, String reason) {
        List<Session> changed = new ArrayList<>();
        for (Session s : pending) {
            if (!List.of(reason).equals(s.pendingReasons())) {
                changed.add(s.withPendingReasons(List.of(reason), false));
            }
        }
        write(changed);
    }

    /** Saves pending sessions' reasons in chunks; a session changed meanwhile is left to the next pass. */
    private void write(List<Session> changed) {
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<Session> chunk = changed.subList(from, Math.min(changed.size(), from + BATCH));
            tx.run(() -> chunk.forEach(s -> sessions.update(s.withVersion(s.version() + 1), null)));
        }
    }

    /** For tests and the benchmark: passes the group until nothing more is placed. */
    int drain(String group, Consumer<PassResult> each) {
        int total = 0;
        for (int i = 0; i < 10_000; i++) {
            PassResult r = pass(group);
            each.accept(r);
            total += r.placed();
            if (r.placed() == 0 && !r.conflict()) {
                break;
            }
        }
        return total;
    }
}
