package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.TOKEN;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.destroyed;
import static io.berth.core.internal.SessionWorld.exited;
import static io.berth.core.internal.SessionWorld.failed;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.preparing;
import static io.berth.core.internal.SessionWorld.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.AgentRequest;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelOrder;
import io.berth.core.agent.KernelReport;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.core.testing.Fakes;
import io.berth.spi.resource.ResourceSlots;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent command channel: orders from placements, reports through the lifecycle, logs on request. */
class SessionChannelTest {
    private final SessionWorld w = new SessionWorld();

    SessionChannelTest() {
        w.agent("a1", cpuMem(8, 32 * GIB));
    }

    private Session placed(SessionWorld.In in) {
        Session s = w.create(w.alice, in);
        w.dispatch();
        Session p = w.get(s.id());
        assertEquals(SessionStatus.SCHEDULED, p.status());
        return p;
    }

    private List<SessionStatus> history(Session s) {
        return w.f.sessions.history(s.id()).stream().map(StatusChange::status).toList();
    }

    @Test
    void pollReturnsRunOrdersForPlacedKernels() {
        assertEquals(List.of(), w.orders("a1"));
        Session s = placed(in().name("job").batch("python run.py").res("cpu", 2, "mem", "4g")
                .env(Map.of("EPOCHS", "3")));
        List<KernelOrder> orders = w.orders("a1");
        assertEquals(1, orders.size());
        KernelOrder o = orders.get(0);
        Kernel k = s.mainKernel();
        assertEquals(KernelOrder.Action.RUN, o.action());
        assertEquals(k.id(), o.kernelId());
        assertEquals(s.id(), o.sessionId());
        assertEquals(0, o.index());
        assertEquals(SessionWorld.IMAGE, o.image());
        assertEquals(cpuMem(2, 4 * GIB), o.slots());
        assertEquals("python run.py", o.command());
        assertTrue(o.batch());
        assertFalse(o.sudo());
        assertEquals(Map.of("EPOCHS", "3", "BERTH_SESSION_ID", s.id(), "BERTH_SESSION_NAME", "job",
                "BERTH_KERNEL_ID", k.id(), "BERTH_CLUSTER_SIZE", "1", "BERTH_CLUSTER_INDEX", "0"), o.environment());
        w.agent("a2", cpuMem(8, 32 * GIB));
        assertEquals(List.of(), w.orders("a2"), "another agent gets nothing");
    }

    @Test
    void clusterKernelsGetTheirIndex() {
        Session s = placed(in().cluster(3, "single-node"));
        List<KernelOrder> orders = w.orders("a1");
        assertEquals(3, orders.size());
        for (KernelOrder o : orders) {
            assertEquals("3", o.environment().get("BERTH_CLUSTER_SIZE"));
            assertEquals(Integer.toString(o.index()), o.environment().get("BERTH_CLUSTER_INDEX"));
            assertEquals(s.kernels().get(o.index()).id(), o.kernelId());
        }
    }

    @Test
    void generationMovesOnPlacementAndTermination() throws InterruptedException {
        long g0 = w.poll("a1").generation();
        // nothing changed: a poll with the current generation waits and answers it again
        AgentWork same = w.mgr.poll(TOKEN, "a1", g0, Duration.ofMillis(30));
        assertEquals(g0, same.generation());
        Session s = placed(in());
        long g1 = w.mgr.poll(TOKEN, "a1", g0, Duration.ofSeconds(5)).generation();
        assertNotEquals(g0, g1);
        w.report("a1", running(s.mainKernel(), false));
        w.mgr.terminate(w.alice, s.id(), false);
        AgentWork after = w.mgr.poll(TOKEN, "a1", g1, Duration.ofSeconds(5));
        assertNotEquals(g1, after.generation());
        assertEquals(KernelOrder.Action.DESTROY, after.orders().get(0).action());
    }

    @Test
    @Timeout(10)
    void aWaitingPollWakesWhenSomethingIsPlaced() throws Exception {
        long g0 = w.poll("a1").generation();
        w.create(w.alice, in());
        CompletableFuture<AgentWork> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return w.mgr.poll(TOKEN, "a1", g0, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        w.dispatch();
        AgentWork work = waiting.get(5, TimeUnit.SECONDS);
        assertNotEquals(g0, work.generation());
    }

    @Test
    void wrongTokenIsRefusedEverywhere() {
        Session s = placed(in());
        Fakes.State before = w.f.state();
        assertThrows(AuthenticationException.class, () -> w.mgr.poll("wrong", "a1", -1, Duration.ZERO));
        assertThrows(AuthenticationException.class, () -> w.mgr.poll(null, "a1", -1, Duration.ZERO));
        assertThrows(AuthenticationException.class,
                () -> w.mgr.report("wrong", "a1", List.of(running(s.mainKernel(), false))));
        assertThrows(AuthenticationException.class, () -> w.mgr.reply("wrong", "a1", "r1", "x"));
        assertEquals("", before.diff(w.f.state()));
        assertEquals(401, new AuthenticationException("x").status());
    }

    @Test
    void unknownAgentMayNotPoll() {
        assertThrows(NotFoundException.class, () -> w.mgr.poll(TOKEN, "nobody", -1, Duration.ZERO));
    }

    @Test
    void malformedReportsAreRefused() {
        assertThrows(ValidationException.class, () -> w.mgr.report(TOKEN, "a1", null));
        assertThrows(ValidationException.class, () -> w.mgr.report(TOKEN, "a1",
                List.of(new KernelReport(null, KernelReport.State.RUNNING, null, null, null, null, false))));
        assertThrows(ValidationException.class, () -> w.mgr.report(TOKEN, "a1",
                List.of(new KernelReport("k", null, null, null, null, null, false))));
    }

    @Test
    void preparingThenRunning() {
        Session s = placed(in());
        Kernel k = s.mainKernel();
        w.report("a1", preparing(k));
        assertEquals(SessionStatus.PREPARING, w.status(s));
        assertEquals(SessionStatus.PREPARING, w.get(s.id()).mainKernel().status());
        w.clock.advance(Duration.ofSeconds(5));
        w.report("a1", running(k, false));
        Session r = w.get(s.id());
        assertEquals(SessionStatus.RUNNING, r.status());
        assertEquals("c-" + k.id(), r.mainKernel().containerId());
        assertEquals(w.clock.instant(), r.lastActivity());
        assertEquals(List.of(SessionStatus.PENDING, SessionStatus.SCHEDULED, SessionStatus.PREPARING,
                SessionStatus.RUNNING), history(s));
        // the same report again changes nothing
        Fakes.State before = w.f.state();
        w.report("a1", running(k, false));
        assertEquals("", before.diff(w.f.state()));
    }

    @Test
    void clusterRunsWhenAllItsKernelsRun() {
        Session s = placed(in().cluster(2, "single-node"));
        w.report("a1", running(s.kernels().get(0), false));
        assertEquals(SessionStatus.SCHEDULED, w.status(s));
        w.report("a1", running(s.kernels().get(1), false));
        assertEquals(SessionStatus.RUNNING, w.status(s));
        assertEquals("all 2 containers running", w.get(s.id()).statusReason());
    }

    @Test
    void batchMainKernelExitingZeroTerminatesAndReleases() {
        Session s = w.run(w.create(w.alice, in().batch("train").res("cpu", 2, "mem", "2g")));
        assertEquals(cpuMem(2, 2 * GIB), w.allocated("a1"));
        w.report("a1", exited(s.mainKernel(), 0, "epoch 1\nepoch 2\n"));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.TERMINATED, done.status());
        assertEquals("batch job finished (exit code 0)", done.statusReason());
        assertEquals(0, done.mainKernel().exitCode());
        assertEquals(SessionStatus.TERMINATED, done.mainKernel().status());
        assertNotNull(done.terminatedAt());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
        assertEquals(List.of(), w.orders("a1"));
        w.assertAllocationsConsistent();
    }

    @Test
    void nonZeroExitIsAnError() {
        Session s = w.run(w.create(w.alice, in().batch("train")));
        w.report("a1", exited(s.mainKernel(), 3, "Traceback\n"));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.ERROR, done.status());
        assertEquals("container #0 exited with code 3", done.statusReason());
        assertEquals(3, done.mainKernel().exitCode());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
    }

    @Test
    void failedIsAnError() {
        Session s = placed(in());
        w.report("a1", preparing(s.mainKernel()));
        w.report("a1", failed(s.mainKernel(), "image not found"));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.ERROR, done.status());
        assertEquals("container #0 failed: image not found", done.statusReason());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
    }

    @Test
    void oneKernelOfAClusterFailingTerminatesTheOthers() {
        Session s = placed(in().cluster(2, "single-node").res("cpu", 1, "mem", "1g"));
        w.report("a1", failed(s.kernels().get(1), "out of memory"));
        Session t = w.get(s.id());
        assertEquals(SessionStatus.TERMINATING, t.status());
        assertEquals(SessionStatus.TERMINATING, t.kernels().get(0).status());
        assertEquals(cpuMem(1, GIB), w.allocated("a1"), "the failed kernel released, the other still holds");
        List<KernelOrder> orders = w.orders("a1");
        assertEquals(1, orders.size());
        assertEquals(KernelOrder.Action.DESTROY, orders.get(0).action());
        w.report("a1", destroyed(t.kernels().get(0), null));
        assertEquals(SessionStatus.ERROR, w.status(s));
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
    }

    @Test
    void terminateRunningGoesThroughTerminating() {
        Session s = w.run(w.create(w.alice, 2, 2));
        Session t = w.mgr.terminate(w.alice, s.id(), false);
        assertEquals(SessionStatus.TERMINATING, t.status());
        assertEquals("terminated by alice@example.test", t.statusReason());
        assertEquals(cpuMem(2, 2 * GIB), w.allocated("a1"), "held until the agent destroyed the container");
        List<KernelOrder> orders = w.orders("a1");
        assertEquals(1, orders.size());
        assertEquals(KernelOrder.Action.DESTROY, orders.get(0).action());
        // terminating again is no change
        assertEquals(SessionStatus.TERMINATING, w.mgr.terminate(w.alice, s.id(), false).status());
        w.report("a1", destroyed(s.mainKernel(), "last words\n"));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.TERMINATED, done.status());
        assertEquals("terminated by alice@example.test", done.statusReason());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
        assertEquals(List.of(), w.orders("a1"));
        assertEquals(List.of(SessionStatus.PENDING, SessionStatus.SCHEDULED, SessionStatus.RUNNING,
                SessionStatus.TERMINATING, SessionStatus.TERMINATED), history(s));
    }

    @Test
    void forcedTerminateReleasesAtOnce() {
        Session s = w.run(w.create(w.alice, 2, 2));
        Session t = w.mgr.terminate(w.admin, s.id(), true);
        assertEquals(SessionStatus.TERMINATED, t.status());
        assertEquals("force-terminated by admin@example.test", t.statusReason());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
        assertEquals(List.of(), w.orders("a1"));
        // a late report of the agent changes nothing
        Fakes.State before = w.f.state();
        w.report("a1", destroyed(s.mainKernel(), "late\n"));
        assertEquals("", before.diff(w.f.state()));
    }

    @Test
    void usersMayForceOnlyWhenTheAgentIsGone() {
        Session s = w.run(w.create(w.alice, 2, 2));
        assertThrows(ForbiddenException.class, () -> w.mgr.terminate(w.alice, s.id(), true));
        assertEquals(SessionStatus.RUNNING, w.status(s));
        w.f.tx.run(() -> {
            var a = w.f.agents.find("a1").orElseThrow();
            w.f.agents.update(new io.berth.core.agent.Agent(a.id(), AgentStatus.LOST, "missed heartbeats",
                    a.region(), a.architecture(), a.version(), a.address(), a.resourceGroup(), a.schedulable(),
                    a.availableSlots(), a.occupiedSlots(), 0, 0, 0, a.devices(), a.firstContact(), a.lastHeartbeat(),
                    a.statusChangedAt()));
        });
        // the agent is lost: even a plain terminate releases at once
        Session t = w.mgr.terminate(w.alice, s.id(), false);
        assertEquals(SessionStatus.TERMINATED, t.status());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
    }

    @Test
    void reportsAboutUnknownKernelsOrFromTheWrongAgentAreIgnored() {
        Session s = placed(in());
        w.agent("a2", cpuMem(8, 32 * GIB));
        Fakes.State before = w.f.state();
        w.report("a1", new KernelReport("no-such-kernel", KernelReport.State.RUNNING, "c", null, null, null, true));
        w.report("a2", running(s.mainKernel(), true));
        w.report("a2", exited(s.mainKernel(), 0, null));
        assertEquals("", before.diff(w.f.state()));
        assertEquals(SessionStatus.SCHEDULED, w.status(s));
    }

    @Test
    void activityIsWrittenAtMostEveryTenSeconds() {
        Session s = w.run(w.create(w.alice, 1, 1));
        var started = w.get(s.id()).lastActivity();
        w.clock.advance(Duration.ofSeconds(5));
        w.report("a1", running(s.mainKernel(), true));
        assertEquals(started, w.get(s.id()).lastActivity());
        w.clock.advance(Duration.ofSeconds(6));
        w.report("a1", running(s.mainKernel(), true));
        assertEquals(w.clock.instant(), w.get(s.id()).lastActivity());
    }

    @Test
    @Timeout(20)
    void logsOfARunningSessionAreAskedFromTheAgent() throws Exception {
        Session s = w.run(w.create(w.alice, 1, 1));
        long g = w.poll("a1").generation();
        // the agent's work loop, on its own thread: it answers the first request it gets
        CompletableFuture<Void> answering = CompletableFuture.runAsync(() -> {
            try {
                long since = g;
                for (int i = 0; i < 100; i++) {
                    AgentWork work = w.mgr.poll(TOKEN, "a1", since, Duration.ofSeconds(5));
                    since = work.generation();
                    for (AgentRequest r : work.requests()) {
                        assertEquals(AgentRequest.LOGS, r.kind());
                        assertEquals(s.mainKernel().id(), r.kernelId());
                        assertEquals(2, r.tailLines());
                        w.mgr.reply(TOKEN, "a1", r.id(), "line 9\nline 10\n");
                        return;
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("line 9\nline 10\n", w.mgr.logs(w.alice, s.id(), 2));
        answering.get(5, TimeUnit.SECONDS);
        // the request is closed once answered
        assertEquals(List.of(), w.poll("a1").requests());
    }

    @Test
    void logsAfterTheEndComeFromTheKeptTail() {
        Session s = w.run(w.create(w.alice, in().batch("train")));
        w.report("a1", exited(s.mainKernel(), 0, "one\ntwo\nthree\n"));
        assertEquals("two\nthree\n", w.mgr.logs(w.alice, s.id(), 2));
        assertEquals("one\ntwo\nthree\n", w.mgr.logs(w.alice, s.id(), 100));
        assertThrows(ValidationException.class, () -> w.mgr.logs(w.alice, s.id(), 0));
    }

    @Test
    void logsOfAPendingSessionAreEmpty() {
        Session s = w.create(w.alice, in().res("cpu", 64));
        assertEquals("", w.mgr.logs(w.alice, s.id(), 10));
    }

    @Test
    void logsOfASessionOnALostAgentAreAConflict() {
        Session s = w.run(w.create(w.alice, 1, 1));
        w.f.tx.run(() -> {
            var a = w.f.agents.find("a1").orElseThrow();
            w.f.agents.update(new io.berth.core.agent.Agent(a.id(), AgentStatus.LOST, "missed heartbeats",
                    a.region(), a.architecture(), a.version(), a.address(), a.resourceGroup(), a.schedulable(),
                    a.availableSlots(), a.occupiedSlots(), 0, 0, 0, a.devices(), a.firstContact(), a.lastHeartbeat(),
                    a.statusChangedAt()));
        });
        assertThrows(ConflictException.class, () -> w.mgr.logs(w.alice, s.id(), 10));
    }

    @Test
    void interactiveSessionWhoseContainerExitsByItselfEnds() {
        Session s = w.run(w.create(w.alice, 1, 1));
        w.report("a1", exited(s.mainKernel(), 0, "bye\n"));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.TERMINATED, done.status());
        assertEquals("container #0 exited with code 0", done.statusReason());
    }

    @Test
    void batchClusterWhoseMainKernelFinishesTerminatesTheOthersThenEnds() {
        Session s = w.run(w.create(w.alice, in().batch("mpirun train").res("cpu", 1, "mem", "1g")
                .cluster(2, "single-node")));
        w.report("a1", exited(s.kernels().get(0), 0, "ok\n"));
        Session t = w.get(s.id());
        assertEquals(SessionStatus.TERMINATING, t.status());
        assertEquals("batch job finished (exit code 0)", t.statusReason());
        assertEquals(cpuMem(1, GIB), w.allocated("a1"));
        w.report("a1", destroyed(t.kernels().get(1), null));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.TERMINATED, done.status());
        assertEquals("batch job finished (exit code 0)", done.statusReason());
        assertEquals(ResourceSlots.EMPTY, w.allocated("a1").nonZero());
    }

    @Test
    void batchContainerRemovedOnTheAgentIsNotReportedAsFinishedWithExitCodeZero() {
        Session s = w.run(w.create(w.alice, in().batch("train")));
        // the agent lost the container (removed behind its back): DESTROYED without a destroy order
        w.report("a1", new KernelReport(s.mainKernel().id(), KernelReport.State.DESTROYED, "c-x", 137, null, null,
                false));
        Session done = w.get(s.id());
        assertEquals(SessionStatus.ERROR, done.status());
        assertEquals("container #0 was removed on the agent", done.statusReason());
    }

    @Test
    void unknownKernelsReportedRunningChangeNothingAndAreNotOrdered() {
        Fakes.State before = w.f.state();
        w.report("a1", new KernelReport("stray-kernel", KernelReport.State.RUNNING, "c-stray", null, null, null,
                false));
        assertEquals(before, w.f.state());
        assertTrue(w.orders("a1").isEmpty());
    }

    @Test
    void lateOrUnknownRepliesAreIgnored() {
        w.mgr.reply(TOKEN, "a1", "no-such-request", "x");
    }

    @Test
    void aPollWithoutNewsWaitsButNotWhenTooManyPollsAreHeld() throws Exception {
        long generation = w.poll("a1").generation();
        long start = System.nanoTime();
        w.mgr.poll(TOKEN, "a1", generation, Duration.ofMillis(300));
        assertTrue(System.nanoTime() - start >= 250_000_000L, "held until the wait ran out");

        java.util.concurrent.Semaphore held = w.mgr.channel().heldPolls();
        int permits = held.drainPermits();
        try {
            start = System.nanoTime();
            AgentWork work = w.mgr.poll(TOKEN, "a1", generation, Duration.ofSeconds(20));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered at once when every hold is taken");
            assertEquals(generation, work.generation());
        } finally {
            held.release(permits);
        }
        assertEquals(AgentChannelImpl.MAX_HELD_POLLS, held.availablePermits());
    }
}
