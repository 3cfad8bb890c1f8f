package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.options;
import static io.berth.core.internal.SessionWorld.slots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.group.AgentSelection;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.core.testing.Fakes;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC C2–C4, P6: what a dispatch pass places, where, and why it leaves a session pending. */
class SessionDispatchTest {
    private final SessionWorld w = new SessionWorld();

    private List<String> reasons(Session s) {
        return w.get(s.id()).pendingReasons();
    }

    private String agentOf(Session s) {
        return w.get(s.id()).mainKernel().agentId();
    }

    private static boolean any(List<String> reasons, String prefix) {
        return reasons.stream().anyMatch(r -> r.startsWith(prefix));
    }

    @Nested
    class Placement {
        @Test
        void pendingBecomesScheduledWithKernelsPlacedAndAllocationRaised() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            Session s = w.create(w.alice, 2, 4);
            Dispatcher.PassResult r = w.dispatch();
            assertEquals(1, r.placed());
            assertEquals(List.of("a1"), r.agents());
            assertFalse(r.conflict());
            Session placed = w.get(s.id());
            assertEquals(SessionStatus.SCHEDULED, placed.status());
            assertEquals("placed on agent a1", placed.statusReason());
            assertEquals(s.version() + 1, placed.version());
            Kernel k = placed.mainKernel();
            assertEquals("a1", k.agentId());
            assertEquals(SessionStatus.SCHEDULED, k.status());
            assertEquals(cpuMem(2, 4 * GIB), w.allocated("a1"));
            assertEquals(List.of(SessionStatus.PENDING, SessionStatus.SCHEDULED),
                    w.f.sessions.history(s.id()).stream().map(StatusChange::status).toList());
            assertEquals(List.of(), placed.pendingReasons());
            w.assertAllocationsConsistent();
            // a second pass has nothing to do
            assertEquals(0, w.dispatch().placed());
            assertEquals(cpuMem(2, 4 * GIB), w.allocated("a1"));
        }

        @Test
        void whatDoesNotFitWaitsWithTheReasonAndIsPlacedWhenRoomIsFreed() {
            w.agent("a1", cpuMem(4, 16 * GIB));
            Session first = w.create(w.alice, 3, 4);
            Session second = w.create(w.bob, 3, 4);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(first));
            assertEquals(SessionStatus.PENDING, w.status(second));
            assertTrue(any(reasons(second), Dispatcher.NO_CAPACITY), reasons(second).toString());
            assertEquals(1, w.get(second.id()).retries());
            w.mgr.terminate(w.root, first.id(), true);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(second));
            assertEquals(cpuMem(3, 4 * GIB), w.allocated("a1"));
            w.assertAllocationsConsistent();
        }

        @Test
        void higherPriorityGoesFirst() {
            w.agent("a1", cpuMem(4, 16 * GIB));
            Session low = w.create(w.alice, in().res("cpu", 3));
            Session high = w.create(w.bob, in().res("cpu", 3).priority(20));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(high));
            assertEquals(SessionStatus.PENDING, w.status(low));
        }

        @Test
        void lifoTakesTheNewest() {
            w.setGroup("default", "lifo", o -> o);
            w.agent("a1", cpuMem(4, 16 * GIB));
            Session old = w.create(w.alice, in().res("cpu", 3));
            Session young = w.create(w.bob, in().res("cpu", 3));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(young));
            assertEquals(SessionStatus.PENDING, w.status(old));
        }

        @Test
        void drfFavoursTheOwnerWithTheLowerShare() {
            w.setGroup("default", "drf", o -> o);
            w.agent("a1", cpuMem(8, 32 * GIB));
            Session held = w.create(w.alice, in().res("cpu", 4));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(held));
            Session aliceAgain = w.create(w.alice, in().res("cpu", 3));
            Session bobs = w.create(w.bob, in().res("cpu", 3));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(bobs));
            assertEquals(SessionStatus.PENDING, w.status(aliceAgain));
        }

        @Test
        void aGroupWithoutPendingSessionsIsANoOp() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            Fakes.State before = w.f.state();
            assertEquals(Dispatcher.PassResult.NOTHING, w.dispatch());
            assertEquals("", before.diff(w.f.state()));
        }
    }

    @Nested
    class Predicates {
        @Test
        void concurrencyLimitKeepsTheSessionPendingWithItsReasonAndCountsRetries() {
            w.setPolicy(p -> p.concurrent(1));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session first = w.create(w.alice, 1, 1);
            Session second = w.create(w.alice, 1, 1);
            Session bobs = w.create(w.bob, 1, 1);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(first));
            assertEquals(SessionStatus.PENDING, w.status(second));
            // a limit never blocks the sessions behind
            assertEquals(SessionStatus.SCHEDULED, w.status(bobs));
            assertEquals(List.of("keypair concurrency limit reached (1 of 1 sessions running)"), reasons(second));
            assertEquals(1, w.get(second.id()).retries());
            // the owner and the admins see why
            assertEquals(reasons(second), w.mgr.get(w.alice, second.id()).session().pendingReasons());
            assertEquals(reasons(second), w.mgr.get(w.admin, second.id()).session().pendingReasons());
            assertEquals(reasons(second).get(0), w.get(second.id()).statusReason());
            w.dispatch();
            assertEquals(2, w.get(second.id()).retries());
            assertEquals(SessionStatus.PENDING, w.status(second));
        }

        @Test
        void concurrencyLimitLiftsWhenTheRunningSessionEnds() {
            w.setPolicy(p -> p.concurrent(1));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session first = w.create(w.alice, 1, 1);
            Session second = w.create(w.alice, 1, 1);
            w.dispatch();
            w.mgr.terminate(w.root, first.id(), true);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(second));
            assertEquals(List.of(), reasons(second));
        }

        @Test
        void keypairSlotLimit() {
            w.setPolicy(p -> p.total(slots("cpu", 4)));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session first = w.create(w.alice, 3, 1);
            Session second = w.create(w.alice, 2, 1);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(first));
            assertEquals(SessionStatus.PENDING, w.status(second));
            assertEquals(List.of("keypair resource limit reached: cpu (asks 2, in use 3, limit 4)"), reasons(second));
            w.mgr.terminate(w.root, first.id(), true);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(second));
        }

        @Test
        void keypairSlotLimitTakesEffectForPendingSessionsWhenThePolicyIsTightened() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.create(w.alice, 3, 1);
            w.setPolicy(p -> p.total(slots("cpu", 2)));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("keypair resource limit exceeded: cpu (asks 3, in use 0, limit 2)"), reasons(s));
        }

        @Test
        void projectTotalLimit() {
            w.setProjectLimit(w.research, slots("cpu", 4));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session alices = w.create(w.alice, 3, 1);
            Session bobs = w.create(w.bob, 2, 1);
            Session carls = w.create(w.carl, 2, 1);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(alices));
            assertEquals(SessionStatus.PENDING, w.status(bobs));
            assertEquals(SessionStatus.SCHEDULED, w.status(carls), "another project is not limited");
            assertTrue(any(reasons(bobs), "project research resource limit reached: cpu"), reasons(bobs).toString());
        }

        @Test
        void domainTotalLimit() {
            w.setDomainLimit("default", slots("cpu", 4));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session alices = w.create(w.alice, 3, 1);
            Session bobs = w.create(w.bob, 2, 1);
            Session carls = w.create(w.carl, 2, 1);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(alices));
            assertEquals(SessionStatus.PENDING, w.status(bobs));
            assertEquals(SessionStatus.SCHEDULED, w.status(carls), "another domain is not limited");
            assertTrue(any(reasons(bobs), "domain default resource limit reached: cpu"), reasons(bobs).toString());
        }

        @Test
        void pendingCountTightenedLaterHoldsTheYoungerOnesBack() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session a = w.create(w.alice, 1, 1);
            Session b = w.create(w.alice, 1, 1);
            w.setPolicy(p -> p.pendingCount(1));
            w.setGroup("default", "lifo", o -> o);
            w.dispatch();
            // LIFO tries b first: one older session is pending, the limit is 1; then a is placed
            assertEquals(SessionStatus.SCHEDULED, w.status(a));
            assertEquals(SessionStatus.PENDING, w.status(b));
            assertTrue(any(reasons(b), "keypair pending session limit"), reasons(b).toString());
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(b));
        }

        @Test
        void startTimeInTheFuture() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.create(w.alice, in().startsAt(SessionWorld.T0.plus(Duration.ofHours(1))));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("reserved to start at " + SessionWorld.T0.plus(Duration.ofHours(1))), reasons(s));
            w.clock.advance(Duration.ofMinutes(59));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            w.clock.advance(Duration.ofMinutes(1));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(s));
        }

        @Test
        void aWaitingSessionDoesNotBlockThoseBehind() {
            w.setGroup("default", null, o -> options(o, 0, null));
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session later = w.create(w.alice, in().startsAt(SessionWorld.T0.plus(Duration.ofHours(1))));
            Session now = w.create(w.bob, in());
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(later));
            assertEquals(SessionStatus.SCHEDULED, w.status(now));
        }

        @Test
        void dependencyWaitsUntilItsDependencyTerminatedSuccessfully() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session dep = w.create(w.alice, in().batch("make data"));
            w.run(dep);
            Session s = w.create(w.alice, in().deps(dep.id()));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("waiting for dependency " + dep.id() + " (running)"), reasons(s));
            Kernel k = w.get(dep.id()).mainKernel();
            w.report("a1", SessionWorld.exited(k, 0, "done\n"));
            assertEquals(SessionStatus.TERMINATED, w.status(dep));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(s));
        }

        @Test
        void dependencyInErrorCancelsTheSession() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session dep = w.create(w.alice, in().batch("make data"));
            w.run(dep);
            Session s = w.create(w.alice, in().deps(dep.id()));
            w.report("a1", SessionWorld.exited(w.get(dep.id()).mainKernel(), 3, "boom\n"));
            assertEquals(SessionStatus.ERROR, w.status(dep));
            Dispatcher.PassResult r = w.dispatch();
            assertEquals(1, r.cancelled());
            Session cancelled = w.get(s.id());
            assertEquals(SessionStatus.CANCELLED, cancelled.status());
            assertEquals("dependency " + dep.id() + " ended error", cancelled.statusReason());
            assertEquals(SessionStatus.CANCELLED, cancelled.mainKernel().status());
            assertTrue(cancelled.terminatedAt() != null);
        }

        @Test
        void cancelledDependencyCancelsTheSession() {
            w.agent("a1", cpuMem(1, GIB));
            Session blocker = w.create(w.bob, in());
            w.dispatch();
            Session dep = w.create(w.alice, in());
            Session s = w.create(w.alice, in().deps(dep.id()));
            w.mgr.terminate(w.alice, dep.id(), false);
            w.dispatch();
            assertEquals(SessionStatus.CANCELLED, w.status(s));
            assertEquals("dependency " + dep.id() + " ended cancelled", w.get(s.id()).statusReason());
            assertEquals(SessionStatus.SCHEDULED, w.status(blocker));
        }

        @Test
        void schedulerNotInstalledThenInstalled() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            w.setGroup("default", "fancy", o -> o);
            Session s = w.create(w.alice, in());
            Dispatcher.PassResult r = w.dispatch();
            assertEquals(0, r.placed());
            assertEquals(List.of("scheduler fancy not installed"), reasons(s));
            assertEquals("scheduler fancy not installed", w.get(s.id()).statusReason());
            assertEquals(0, w.get(s.id()).retries(), "not a failed try of the session");
            // passing again writes nothing new
            Fakes.State before = w.f.state();
            w.dispatch();
            assertEquals("", before.diff(w.f.state()));
            w.mgr.policy("fancy", SessionWorld.FIFO);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(s));
        }

        @Test
        void sessionTypeDisallowedAfterCreationWaits() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.create(w.alice, in().batch("run"));
            w.setGroup("default", null, o -> new io.berth.core.group.SchedulerOptions(
                    java.util.Set.of(io.berth.core.group.SessionType.INTERACTIVE), 0, null, o.agentSelection()));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("resource group default does not take batch sessions"), reasons(s));
        }

        @Test
        void containersPerSessionTightenedAfterCreationWaits() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.create(w.alice, in().cluster(3, null));
            w.setPolicy(p -> p.containers(2));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("keypair policy default allows 2 containers per session, this session has 3"),
                    reasons(s));
        }

        @Test
        void limitsCountSessionsOfEveryGroup() {
            w.setPolicy(p -> p.concurrent(1));
            w.agent("a1", cpuMem(16, 64 * GIB));
            w.agent("p1", cpuMem(16, 64 * GIB), "x86_64", "private", AgentStatus.ALIVE, true);
            Session elsewhere = w.create(w.root, in().group("private"));
            w.mgr.dispatchNow("private");
            assertEquals(SessionStatus.SCHEDULED, w.status(elsewhere));
            Session here = w.create(w.root, in());
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(here));
            assertTrue(any(reasons(here), "keypair concurrency limit reached"), reasons(here).toString());
        }

        @Test
        void inactiveGroupKeepsSessionsPending() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.create(w.alice, in());
            w.f.tx.run(() -> {
                var g = w.f.resourceGroups.find("default").orElseThrow();
                w.f.resourceGroups.update(new io.berth.core.group.ResourceGroup(g.name(), g.description(), false,
                        g.isPublic(), g.wsproxyAddress(), g.scheduler(), g.schedulerOptions(), g.createdAt(),
                        g.modifiedAt()));
            });
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of("resource group default is inactive"), reasons(s));
        }
    }

    @Nested
    class HeadOfLineBlocking {
        private Session big;
        private Session small;

        private void queue(Integer retriesToSkip) {
            w.setGroup("default", null, o -> options(o, retriesToSkip, null));
            w.agent("a1", cpuMem(4, 16 * GIB));
            big = w.create(w.alice, 8, 1);
            small = w.create(w.bob, 1, 1);
        }

        @Test
        void aSessionThatFailedNTimesNoLongerBlocksThoseBehind() {
            queue(3);
            for (int pass = 1; pass <= 2; pass++) {
                w.dispatch();
                assertEquals(SessionStatus.PENDING, w.status(small), "blocked in pass " + pass);
                assertEquals(pass, w.get(big.id()).retries());
                assertEquals(0, w.get(small.id()).retries(), "never tried while blocked");
            }
            w.dispatch();
            assertEquals(3, w.get(big.id()).retries());
            assertEquals(SessionStatus.SCHEDULED, w.status(small), "placed in the pass where big failed the 3rd time");
            assertEquals(SessionStatus.PENDING, w.status(big));
        }

        @Test
        void theSystemDefaultApplies() {
            queue(null); // system default: 3
            w.dispatch();
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(small));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(small));
        }

        @Test
        void retriesToSkipOfOneSkipsAtOnce() {
            queue(1);
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(small));
        }

        @Test
        void zeroNeverSkips() {
            queue(0);
            for (int i = 0; i < 5; i++) {
                w.dispatch();
            }
            assertEquals(SessionStatus.PENDING, w.status(small));
            assertEquals(SessionStatus.PENDING, w.status(big));
        }

        @Test
        void retriesStopCountingOnceTheSessionNoLongerBlocks() {
            queue(2);
            for (int i = 0; i < 6; i++) {
                w.dispatch();
            }
            int retries = w.get(big.id()).retries();
            Fakes.State before = w.f.state();
            w.dispatch();
            assertEquals(retries, w.get(big.id()).retries());
            assertEquals("", before.diff(w.f.state()), "an unchanged failure is not written again");
        }
    }

    @Nested
    class AgentSelectionStrategies {
        private List<String> placeThree(AgentSelection strategy, int count) {
            w.setGroup("default", null, o -> options(o, null, strategy));
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.agent("a2", cpuMem(8, 32 * GIB));
            w.agent("a3", cpuMem(8, 32 * GIB));
            List<Session> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(w.create(w.alice, 2, 2));
            }
            w.dispatch();
            return made.stream().map(SessionDispatchTest.this::agentOf).toList();
        }

        @Test
        void dispersedSpreads() {
            assertEquals(List.of("a1", "a2", "a3"), placeThree(AgentSelection.DISPERSED, 3));
        }

        @Test
        void dispersedPrefersTheAgentWithTheMostFree() {
            w.agent("a1", cpuMem(4, 32 * GIB));
            w.agent("a2", cpuMem(16, 32 * GIB));
            Session s = w.create(w.alice, 1, 1);
            w.dispatch();
            assertEquals("a2", agentOf(s));
        }

        @Test
        void concentratedPacks() {
            assertEquals(List.of("a1", "a1", "a1"), placeThree(AgentSelection.CONCENTRATED, 3));
        }

        @Test
        void concentratedPrefersTheFullestAgentThatFits() {
            w.setGroup("default", null, o -> options(o, null, AgentSelection.CONCENTRATED));
            w.agent("a1", cpuMem(16, 32 * GIB));
            w.agent("a2", cpuMem(4, 32 * GIB));
            Session s = w.create(w.alice, 1, 1);
            Session big = w.create(w.alice, 8, 1);
            w.dispatch();
            assertEquals("a2", agentOf(s));
            assertEquals("a1", agentOf(big));
        }

        @Test
        void roundRobinRotatesAcrossPasses() {
            List<String> first = placeThree(AgentSelection.ROUND_ROBIN, 4);
            assertEquals(List.of("a1", "a2", "a3", "a1"), first);
            Session next = w.create(w.alice, 1, 1);
            w.dispatch();
            assertEquals("a2", agentOf(next));
        }

        @Test
        void roundRobinSkipsAgentsWithoutRoom() {
            w.setGroup("default", null, o -> options(o, null, AgentSelection.ROUND_ROBIN));
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.agent("a2", cpuMem(2, 32 * GIB));
            w.agent("a3", cpuMem(8, 32 * GIB));
            Session s1 = w.create(w.alice, 4, 1);
            Session s2 = w.create(w.alice, 4, 1);
            w.dispatch();
            assertEquals("a1", agentOf(s1));
            assertEquals("a3", agentOf(s2));
        }

        @Test
        void gpuAgentsAreKeptForSessionsThatAskForGpus() {
            w.agent("cpu1", cpuMem(4, 16 * GIB));
            w.agent("gpu1", slots("cpu", 32, "mem", 128 * GIB, "cuda.device", 4));
            Session plain = w.create(w.alice, 2, 2);
            Session gpu = w.create(w.alice, in().res("cpu", 2, "mem", "2g", "cuda.device", 1));
            w.dispatch();
            assertEquals("cpu1", agentOf(plain), "dispersed would prefer gpu1, but it has GPUs");
            assertEquals("gpu1", agentOf(gpu));
            // when no plain agent has room, a GPU agent takes the plain session
            Session plain2 = w.create(w.alice, 3, 2);
            w.dispatch();
            assertEquals("gpu1", agentOf(plain2));
            w.assertAllocationsConsistent();
        }

        @Test
        void gpuSessionNeverGoesToAnAgentWithoutGpus() {
            w.agent("cpu1", cpuMem(64, 256 * GIB));
            Session gpu = w.create(w.alice, in().res("cuda.device", 1));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(gpu));
            assertTrue(any(reasons(gpu), Dispatcher.NO_CAPACITY));
        }

        @Test
        void multiNodeClusterSpreadsOverAgentsWhenNoneFitsAll() {
            w.agent("a1", cpuMem(4, 16 * GIB));
            w.agent("a2", cpuMem(4, 16 * GIB));
            Session multi = w.create(w.alice, in().res("cpu", 3, "mem", "1g").cluster(2, "multi-node"));
            w.dispatch();
            Session placed = w.get(multi.id());
            assertEquals(SessionStatus.SCHEDULED, placed.status());
            assertEquals(List.of("a1", "a2"), placed.kernels().stream().map(Kernel::agentId).sorted().toList());
            assertEquals("placed on agents a1, a2", placed.statusReason().replace("a2, a1", "a1, a2"));
            assertEquals(cpuMem(3, GIB), w.allocated("a1"));
            assertEquals(cpuMem(3, GIB), w.allocated("a2"));
            w.assertAllocationsConsistent();
        }

        @Test
        void singleNodeClusterNeedsOneAgentForAll() {
            w.agent("a1", cpuMem(4, 16 * GIB));
            w.agent("a2", cpuMem(4, 16 * GIB));
            Session single = w.create(w.alice, in().res("cpu", 3, "mem", "1g").cluster(2, "single-node"));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(single));
            assertTrue(any(reasons(single), "no agent has room for 2 × "), reasons(single).toString());
            w.agent("a3", cpuMem(8, 16 * GIB));
            w.dispatch();
            Session placed = w.get(single.id());
            assertEquals(List.of("a3", "a3"), placed.kernels().stream().map(Kernel::agentId).toList());
            assertEquals(cpuMem(6, 2 * GIB), w.allocated("a3"));
        }

        @Test
        void multiNodeClusterThatDoesNotFitAnywhereWaitsWhole() {
            w.agent("a1", cpuMem(4, 16 * GIB));
            w.agent("a2", cpuMem(2, 16 * GIB));
            Session multi = w.create(w.alice, in().res("cpu", 3, "mem", "1g").cluster(2, "multi-node"));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(multi));
            assertTrue(w.get(multi.id()).kernels().stream().allMatch(k -> k.agentId() == null));
            assertEquals(ResourceSlots.EMPTY, w.allocated("a1"));
        }

        @Test
        void architectureMismatch() {
            w.agent("x1", cpuMem(8, 32 * GIB));
            Session any = w.create(w.alice, in());
            Session arm = w.create(w.alice, in().arch("aarch64"));
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(arm));
            assertTrue(any(reasons(arm), "no agent has room for") && reasons(arm).get(0).endsWith(" on aarch64"),
                    reasons(arm).toString());
            assertEquals("x1", agentOf(any));
            w.agent("arm1", cpuMem(8, 32 * GIB), "aarch64", "default", AgentStatus.ALIVE, true);
            w.dispatch();
            assertEquals("arm1", agentOf(arm));
        }

        @Test
        void nonSchedulableLostAndForeignAgentsGetNothing() {
            w.agent("off", cpuMem(64, 256 * GIB), "x86_64", "default", AgentStatus.ALIVE, false);
            w.agent("lost", cpuMem(64, 256 * GIB), "x86_64", "default", AgentStatus.LOST, true);
            w.agent("gone", cpuMem(64, 256 * GIB), "x86_64", "default", AgentStatus.TERMINATED, true);
            w.agent("elsewhere", cpuMem(64, 256 * GIB), "x86_64", "private", AgentStatus.ALIVE, true);
            Session s = w.create(w.alice, in());
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(List.of(Dispatcher.NO_CAPACITY + ": the resource group has no alive, schedulable agent"),
                    reasons(s));
            for (String a : List.of("off", "lost", "gone", "elsewhere")) {
                assertEquals(ResourceSlots.EMPTY, w.allocated(a), a);
            }
        }
    }

    @Nested
    class Races {
        @Test
        void aBatchThatLosesAnAllocationRaceCommitsNothingAndTheNextPassPlacesCorrectly() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            Session s = w.create(w.alice, 4, 4);
            AtomicReference<Fakes.State> afterRival = new AtomicReference<>();
            // while the pass has read a1 free, another manager places 6 cores on it
            w.mgr.policy("racy", snap -> {
                if (afterRival.get() == null) {
                    w.f.tx.run(() -> {
                        AgentCapacity c = w.f.agents.capacity("a1").orElseThrow();
                        assertTrue(w.f.agents.allocate("a1", c.version(), cpuMem(6, 8 * GIB)));
                    });
                    afterRival.set(w.f.state());
                }
                return SessionWorld.FIFO.pick(snap);
            });
            w.setGroup("default", "racy", o -> o);
            Dispatcher.PassResult r = w.dispatch();
            assertTrue(r.conflict());
            assertEquals(0, r.placed());
            assertEquals(List.of(), r.agents());
            assertEquals("", afterRival.get().diff(w.f.state()), "the losing batch wrote nothing");
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertNull(w.get(s.id()).mainKernel().agentId());
            // the next pass sees the rival's allocation: no room, so it waits; a1 is never over-committed
            w.dispatch();
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(cpuMem(6, 8 * GIB), w.allocated("a1"));
            // the rival releases; now it fits
            w.f.tx.run(() -> w.f.agents.allocate("a1", w.f.agents.allocationVersion("a1"), ResourceSlots.EMPTY));
            w.dispatch();
            assertEquals(SessionStatus.SCHEDULED, w.status(s));
            assertEquals(cpuMem(4, 4 * GIB), w.allocated("a1"));
            w.assertAllocationsConsistent();
        }

        @Test
        void aBatchOverTwoAgentsThatLosesOnTheSecondRollsBackTheFirst() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.agent("a2", cpuMem(8, 32 * GIB));
            Session s1 = w.create(w.alice, 2, 2);
            Session s2 = w.create(w.bob, 2, 2);
            Fakes.State before = w.f.state();
            // the second compare-and-set of the commit finds a2 changed by someone else
            w.f.agents.beforeNextAllocate(() -> w.f.agents.beforeNextAllocate(() -> {
                AgentCapacity c = w.f.agents.capacity("a2").orElseThrow();
                w.f.agents.allocate("a2", c.version(), c.allocated());
            }));
            Dispatcher.PassResult r = w.dispatch();
            assertTrue(r.conflict());
            assertEquals(0, r.placed());
            assertEquals("", before.diff(w.f.state()), "nothing of the batch is left");
            assertEquals(ResourceSlots.EMPTY, w.allocated("a1"));
            r = w.dispatch();
            assertFalse(r.conflict());
            assertEquals(2, r.placed());
            assertEquals("a1", agentOf(s1));
            assertEquals("a2", agentOf(s2));
            w.assertAllocationsConsistent();
        }

        @Test
        void aSessionChangedDuringThePassIsNotPlacedFromItsStaleCopy() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            Session s = w.create(w.alice, 2, 2);
            w.mgr.policy("racy", snap -> {
                Session now = w.get(s.id());
                if (now.status() == SessionStatus.PENDING) {
                    // its owner cancels it while the pass decides
                    w.mgr.terminate(w.alice, s.id(), false);
                }
                return SessionWorld.FIFO.pick(snap);
            });
            w.setGroup("default", "racy", o -> o);
            Dispatcher.PassResult r = w.dispatch();
            assertEquals(0, r.placed());
            assertEquals(SessionStatus.CANCELLED, w.status(s));
            assertEquals(ResourceSlots.EMPTY, w.allocated("a1"));
            w.assertAllocationsConsistent();
        }

        @Test
        void morePlacementsThanOneBatchCommitInSeveralBatchesAndALostSecondBatchLeavesTheFirst() {
            int n = Dispatcher.BATCH + 50;
            w.setPolicy(p -> p.concurrent(1000));
            w.agent("big", cpuMem(n, 512 * GIB));
            for (int i = 0; i < n; i++) {
                w.create(i % 2 == 0 ? w.alice : w.bob, 1, 1);
            }
            // the first batch commits; the compare-and-set of the second finds the agent changed
            w.f.agents.beforeNextAllocate(() -> w.f.agents.beforeNextAllocate(() -> {
                var c = w.f.agents.capacity("big").orElseThrow();
                w.f.tx.run(() -> w.f.agents.allocate("big", c.version(), c.allocated()));
            }));
            Dispatcher.PassResult r = w.dispatch();
            assertEquals(Dispatcher.BATCH, r.placed());
            assertTrue(r.conflict());
            w.assertAllocationsConsistent();
            assertEquals(cpuMem(Dispatcher.BATCH, Dispatcher.BATCH * GIB), w.allocated("big"));
            r = w.dispatch();
            assertEquals(50, r.placed());
            assertFalse(r.conflict());
            assertEquals(cpuMem(n, n * GIB), w.allocated("big"));
            assertTrue(w.f.sessions.rows().values().stream().allMatch(s -> s.status() == SessionStatus.SCHEDULED));
            w.assertAllocationsConsistent();
        }

        @Test
        void policyThatThrowsLeavesSessionsPending() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.mgr.policy("broken", snap -> {
                throw new IllegalStateException("bug in the policy");
            });
            w.setGroup("default", "broken", o -> o);
            Session s = w.create(w.alice, 1, 1);
            assertEquals(0, w.dispatch().placed());
            assertEquals(SessionStatus.PENDING, w.status(s));
        }

        @Test
        void policyThatPicksAStrangerIsIgnored() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.mgr.policy("odd", snap -> java.util.Optional.of("not-a-pending-session"));
            w.setGroup("default", "odd", o -> o);
            Session s = w.create(w.alice, 1, 1);
            assertEquals(0, w.dispatch().placed());
            assertEquals(SessionStatus.PENDING, w.status(s));
            assertEquals(ResourceSlots.EMPTY, w.allocated("a1"));
        }

        @Test
        void policySeesTheSnapshotOfTheGroup() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.agent("a2", cpuMem(4, 16 * GIB));
            List<List<String>> seen = new ArrayList<>();
            w.mgr.policy("spy", snap -> {
                seen.add(snap.pending().stream().map(PendingSession::id).toList());
                assertEquals("default", snap.resourceGroup());
                assertEquals(cpuMem(12, 48 * GIB), snap.capacity());
                assertEquals(w.clock.instant(), snap.now());
                assertEquals(3, snap.retriesToSkip());
                return SessionWorld.FIFO.pick(snap);
            });
            w.setGroup("default", "spy", o -> o);
            Session a = w.create(w.alice, 1, 1);
            Session b = w.create(w.bob, 1, 1);
            w.dispatch();
            assertEquals(List.of(List.of(a.id(), b.id()), List.of(b.id())), seen);
        }
    }
}
