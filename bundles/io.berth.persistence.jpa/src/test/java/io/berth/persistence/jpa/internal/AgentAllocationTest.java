package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.AgentStatus;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher's view of agents and the compare-and-set of their allocation, which heartbeats never touch. */
class AgentAllocationTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        r.resourceGroups().insert(TestDb.group("cpu", T0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Agent agent(String id, String group, AgentStatus status, boolean schedulable) {
        Agent a = TestDb.agent(TestDb.agent(id, group, T0), status, T0.plusSeconds(1));
        Agent out = new Agent(a.id(), a.status(), a.statusReason(), a.region(), a.architecture(), a.version(),
                a.address(), a.resourceGroup(), schedulable, a.availableSlots(), a.occupiedSlots(), a.cpuPercent(),
                a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(), a.lastHeartbeat(),
                a.statusChangedAt());
        r.agents().insert(out);
        return out;
    }

    private static List<String> ids(List<AgentCapacity> capacities) {
        return capacities.stream().map(AgentCapacity::id).toList();
    }

    @Test
    void capacitiesAreAliveSchedulableAgentsAndAllCapacitiesEveryAgentNotTerminated() {
        Agent g2 = agent("g-2", "gpu", AgentStatus.ALIVE, true);
        agent("g-1", "gpu", AgentStatus.ALIVE, true);
        agent("g-3", "gpu", AgentStatus.ALIVE, false);
        agent("g-4", "gpu", AgentStatus.LOST, true);
        agent("g-5", "gpu", AgentStatus.TERMINATED, true);
        agent("c-1", "cpu", AgentStatus.ALIVE, true);

        assertEquals(List.of("g-1", "g-2"), ids(r.agents().capacities("gpu")));
        assertEquals(List.of("c-1"), ids(r.agents().capacities("cpu")));
        assertEquals(List.of(), ids(r.agents().capacities("none")));
        assertEquals(List.of("c-1", "g-1", "g-2"), ids(r.agents().capacities(null)));
        assertEquals(List.of("c-1", "g-1", "g-2", "g-3", "g-4"), ids(r.agents().allCapacities()));

        AgentCapacity c = r.agents().capacities("gpu").get(1);
        assertEquals(new AgentCapacity("g-2", "gpu", "x86_64", AgentStatus.ALIVE, true, g2.availableSlots(),
                ResourceSlots.EMPTY, 0), c, "a new agent has nothing allocated, at version 0");
    }

    @Test
    void allocateIsACompareAndSetOnTheVersionAndHeartbeatsNeverTouchIt() {
        Agent a = agent("g-1", "gpu", AgentStatus.ALIVE, true);
        ResourceSlots two = TestDb.slots("cpu", "2", "mem", "4294967296");
        assertTrue(r.agents().allocate("g-1", 0, two));
        assertFalse(r.agents().allocate("g-1", 0, TestDb.slots("cpu", "9")), "stale version");
        assertFalse(r.agents().allocate("ghost", 0, two), "unknown agent");
        assertFalse(r.agents().allocate(null, 0, two));
        AgentCapacity c = r.agents().capacities("gpu").get(0);
        assertEquals(two, c.allocated());
        assertEquals(1, c.version());

        // heartbeats: outside and inside a unit of work that read the agent before the allocation changed
        r.agents().update(TestDb.agent(a, AgentStatus.ALIVE, T0.plusSeconds(30)));
        r.unitOfWork().run(() -> {
            Agent read = r.agents().find("g-1").orElseThrow();
            List<AgentCapacity> before = r.agents().capacities("gpu");
            assertTrue(r.agents().allocate("g-1", 1, TestDb.slots("cpu", "6")));
            r.agents().update(TestDb.agent(read, AgentStatus.ALIVE, T0.plusSeconds(40)));
            assertEquals(1, before.get(0).version());
        });
        AgentCapacity after = r.agents().capacities("gpu").get(0);
        assertEquals(TestDb.slots("cpu", "6"), after.allocated());
        assertEquals(2, after.version());
        assertEquals(T0.plusSeconds(40), r.agents().find("g-1").orElseThrow().lastHeartbeat());

        // an insert leaves the columns' defaults
        Agent fresh = agent("g-2", "gpu", AgentStatus.ALIVE, true);
        assertEquals(new AgentCapacity("g-2", "gpu", fresh.architecture(), AgentStatus.ALIVE, true,
                fresh.availableSlots(), ResourceSlots.EMPTY, 0), r.agents().capacities("gpu").get(1));
    }

    @Test
    void aLosingAllocationWaitsForTheWinnersRowLockAndThenChangesNothing() throws Exception {
        agent("g-1", "gpu", AgentStatus.ALIVE, true);
        CountDownLatch allocated = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> r.unitOfWork().inTransaction(() -> {
                boolean won = r.agents().allocate("g-1", 0, TestDb.slots("cpu", "1"));
                allocated.countDown();
                sleep(300);
                return won;
            }));
            Future<Boolean> second = pool.submit(() -> {
                allocated.await(10, TimeUnit.SECONDS);
                return r.unitOfWork().inTransaction(() -> r.agents().allocate("g-1", 0, TestDb.slots("cpu", "2")));
            });
            assertTrue(first.get(30, TimeUnit.SECONDS));
            assertFalse(second.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        AgentCapacity c = r.agents().capacities("gpu").get(0);
        assertEquals(TestDb.slots("cpu", "1"), c.allocated());
        assertEquals(1, c.version());
    }

    @Test
    void ofTwoThreadsRacingOnEveryVersionExactlyOneWins() throws Exception {
        agent("g-1", "gpu", AgentStatus.ALIVE, true);
        int rounds = 30;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Boolean>>> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                ResourceSlots mine = TestDb.slots("cpu", String.valueOf(t + 1));
                threads.add(pool.submit(() -> {
                    List<Boolean> wins = new ArrayList<>();
                    for (int v = 0; v < rounds; v++) {
                        barrier.await(10, TimeUnit.SECONDS);
                        long version = v;
                        wins.add(r.unitOfWork().inTransaction(() -> r.agents().allocate("g-1", version, mine)));
                    }
                    return wins;
                }));
            }
            List<Boolean> a = threads.get(0).get(60, TimeUnit.SECONDS);
            List<Boolean> b = threads.get(1).get(60, TimeUnit.SECONDS);
            for (int v = 0; v < rounds; v++) {
                assertTrue(a.get(v) ^ b.get(v), "exactly one winner for version " + v);
            }
            AgentCapacity c = r.agents().capacities("gpu").get(0);
            assertEquals(rounds, c.version());
            assertEquals(TestDb.slots("cpu", a.get(rounds - 1) ? "1" : "2"), c.allocated());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
