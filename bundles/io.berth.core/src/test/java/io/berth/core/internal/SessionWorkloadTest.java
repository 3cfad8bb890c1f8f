package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.options;
import static io.berth.core.internal.SessionWorld.slots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.group.AgentSelection;
import io.berth.core.identity.Caller;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC C4: a random workload of 300 sessions of random sizes (some clusters, some with GPUs) over 5 agents
 * of random sizes, with placements, agent reports, terminations, cancellations and lost allocation races
 * interleaved at random. After every step each agent's allocation is exactly the sum of its live kernels and
 * never more than it offers; in the end every session has ended and every agent is empty again.
 */
class SessionWorkloadTest {
    private static final int SESSIONS = 300;
    private static final int AGENTS = 5;

    private final SessionWorld w = new SessionWorld();
    private final List<Agent> agents = new ArrayList<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 1234, 20260501})
    void noAgentIsEverOverCommitted(long seed) {
        Random rnd = new Random(seed);
        w.setPolicy(p -> p.concurrent(100));
        AgentSelection strategy = AgentSelection.values()[rnd.nextInt(AgentSelection.values().length)];
        w.setGroup("default", rnd.nextBoolean() ? "fifo" : rnd.nextBoolean() ? "lifo" : "drf",
                o -> options(o, 1 + rnd.nextInt(4), strategy));
        for (int i = 0; i < AGENTS; i++) {
            ResourceSlots offer = slots("cpu", 4 + rnd.nextInt(29), "mem", (8 + rnd.nextInt(57)) * GIB);
            if (i == 0 || rnd.nextInt(3) == 0) {
                offer = offer.with("cuda.device", Amount.of(1 + rnd.nextInt(8)));
            }
            agents.add(w.agent("agent-" + i, offer));
        }
        List<Caller> owners = List.of(w.alice, w.bob, w.carl, w.admin);
        List<String> ids = new ArrayList<>();
        int steps = 0;
        int placedTotal = 0;
        int conflicts = 0;
        while (ids.size() < SESSIONS || !allFinal(ids)) {
            assertTrue(++steps < 20_000, "the workload does not finish");
            int burst = rnd.nextInt(12);
            for (int i = 0; i < burst && ids.size() < SESSIONS; i++) {
                ids.add(w.create(owners.get(rnd.nextInt(owners.size())), randomSession(rnd)).id());
            }
            if (rnd.nextInt(8) == 0) {
                loseTheNextAllocationRace();
            }
            Dispatcher.PassResult r = w.dispatch();
            placedTotal += r.placed();
            conflicts += r.conflict() ? 1 : 0;
            w.assertAllocationsConsistent();
            for (String id : ids) {
                act(rnd, w.get(id));
            }
            w.assertAllocationsConsistent();
        }
        assertTrue(placedTotal > 0);
        assertTrue(conflicts > 0 || steps < 8, "the races were exercised");
        for (Agent a : agents) {
            assertEquals(ResourceSlots.EMPTY, w.allocated(a.id()).nonZero(), "agent " + a.id() + " is empty again");
        }
        assertEquals(SESSIONS, w.f.sessions.rows().size());
    }

    /**
     * SPEC C3 under a random workload: with a keypair policy of 4 concurrent sessions and 24 cpu and a
     * project limit of 40 cpu, after every pass no keypair holds more than its policy allows and the
     * project no more than its limit, however sessions are placed, ended and raced.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11, 99})
    void everyPlacedSessionSatisfiesItsLimits(long seed) {
        Random rnd = new Random(seed);
        w.setPolicy(p -> p.concurrent(4).total(slots("cpu", 24, "mem", 512 * GIB)));
        w.setProjectLimit(w.research, slots("cpu", 40));
        w.setGroup("default", rnd.nextBoolean() ? "fifo" : "drf", o -> options(o, 2, AgentSelection.DISPERSED));
        for (int i = 0; i < AGENTS; i++) {
            agents.add(w.agent("agent-" + i, slots("cpu", 32, "mem", 128 * GIB)));
        }
        List<Caller> owners = List.of(w.alice, w.bob, w.admin);
        List<String> ids = new ArrayList<>();
        int steps = 0;
        while (ids.size() < 150 || !allFinal(ids)) {
            assertTrue(++steps < 20_000, "the workload does not finish");
            for (int i = rnd.nextInt(10); i > 0 && ids.size() < 150; i--) {
                ids.add(w.create(owners.get(rnd.nextInt(owners.size())), randomSession(rnd)).id());
            }
            if (rnd.nextInt(8) == 0) {
                loseTheNextAllocationRace();
            }
            w.dispatch();
            assertLimitsHold();
            for (String id : ids) {
                act(rnd, w.get(id));
            }
            w.assertAllocationsConsistent();
        }
    }

    private void assertLimitsHold() {
        Map<String, Integer> count = new HashMap<>();
        Map<String, ResourceSlots> held = new HashMap<>();
        ResourceSlots project = ResourceSlots.EMPTY;
        for (Session s : w.f.sessions.rows().values()) {
            if (s.status().holdsResources()) {
                count.merge(s.accessKey(), 1, Integer::sum);
                held.merge(s.accessKey(), s.requested(), ResourceSlots::plus);
                project = project.plus(s.requested());
            }
        }
        count.forEach((ak, n) -> assertTrue(n <= 4, ak + " runs " + n + " sessions"));
        held.forEach((ak, h) -> assertTrue(h.get("cpu", Amount.ZERO).compareTo(Amount.of(24)) <= 0,
                ak + " holds " + h));
        assertTrue(project.get("cpu", Amount.ZERO).compareTo(Amount.of(40)) <= 0, "the project holds " + project);
    }

    private boolean allFinal(List<String> ids) {
        return ids.stream().allMatch(id -> w.get(id).status().isFinal());
    }

    /** Someone else changes an allocation between the pass's read and its compare-and-set. */
    private void loseTheNextAllocationRace() {
        w.f.agents.beforeNextAllocate(() -> {
            for (Agent a : agents) {
                AgentCapacity c = w.f.agents.capacity(a.id()).orElseThrow();
                w.f.agents.allocate(a.id(), c.version(), c.allocated());
            }
        });
    }

    /** A session that fits on at least one agent when that agent is empty. */
    private SessionWorld.In randomSession(Random rnd) {
        while (true) {
            int size = rnd.nextInt(5) == 0 ? 2 + rnd.nextInt(2) : 1;
            boolean multi = rnd.nextBoolean();
            int cpu = 1 + rnd.nextInt(8);
            int mem = 1 + rnd.nextInt(16);
            boolean gpu = rnd.nextInt(6) == 0;
            ResourceSlots each = slots("cpu", cpu, "mem", mem * GIB);
            if (gpu) {
                each = each.with("cuda.device", Amount.of(1));
            }
            ResourceSlots whole = each.times(BigDecimal.valueOf(size));
            boolean fits = agents.stream().anyMatch(a -> whole.fitsWithin(a.availableSlots(), Amount.ZERO));
            if (!fits) {
                continue;
            }
            SessionWorld.In in = in().res("cpu", cpu, "mem", mem + "g");
            if (gpu) {
                in.res("cpu", cpu, "mem", mem + "g", "cuda.device", 1);
            }
            if (size > 1) {
                in.cluster(size, multi ? "multi-node" : "single-node");
            }
            if (rnd.nextInt(4) == 0) {
                in.batch("run.sh");
            }
            return in;
        }
    }

    /** What agents and users do to a session at random. */
    private void act(Random rnd, Session s) {
        if (s.status().isFinal() || rnd.nextInt(3) != 0) {
            return;
        }
        switch (s.status()) {
            case PENDING -> {
                if (rnd.nextInt(20) == 0) {
                    w.mgr.terminate(w.root, s.id(), false);
                }
            }
            case SCHEDULED, PREPARING -> {
                Kernel k = s.kernels().get(rnd.nextInt(s.kernels().size()));
                switch (rnd.nextInt(10)) {
                    case 0 -> w.report(k.agentId(), SessionWorld.failed(k, "no such image"));
                    case 1, 2 -> w.report(k.agentId(), SessionWorld.preparing(k));
                    default -> s.kernels().forEach(x -> w.report(x.agentId(), SessionWorld.running(x, false)));
                }
            }
            case RUNNING -> {
                switch (rnd.nextInt(6)) {
                    case 0 -> w.mgr.terminate(w.root, s.id(), true);
                    case 1, 2 -> w.mgr.terminate(w.root, s.id(), false);
                    case 3 -> {
                        Kernel k = s.mainKernel();
                        w.report(k.agentId(), SessionWorld.exited(k, rnd.nextInt(3) == 0 ? 1 : 0, "out\n"));
                    }
                    default -> { }
                }
            }
            case TERMINATING -> s.kernels().stream().filter(k -> k.status() == SessionStatus.TERMINATING)
                    .forEach(k -> w.report(k.agentId(), SessionWorld.destroyed(k, "bye\n")));
            default -> { }
        }
    }
}
