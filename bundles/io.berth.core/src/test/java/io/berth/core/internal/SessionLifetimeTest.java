package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.destroyed;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.group.SchedulerOptions;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC C6, P1: pending timeout, max session lifetime (from creation) and idle timeout, each with its reason. */
class SessionLifetimeTest {
    private final SessionWorld w = new SessionWorld();

    private void tick(long seconds) {
        w.clock.advance(Duration.ofSeconds(seconds));
    }

    private void pendingTimeout(long seconds) {
        w.setGroup("default", null, o -> new SchedulerOptions(o.allowedSessionTypes(), seconds, o.retriesToSkip(),
                o.agentSelection()));
    }

    @Test
    void pendingTimeoutCancels() {
        pendingTimeout(60);
        Session s = w.create(w.alice, in()); // no agent: it stays pending
        tick(59);
        assertEquals(List.of(), w.mgr.sweepNow());
        assertEquals(SessionStatus.PENDING, w.status(s));
        tick(1);
        List<Session> ended = w.mgr.sweepNow();
        assertEquals(List.of(s.id()), ended.stream().map(Session::id).toList());
        Session c = w.get(s.id());
        assertEquals(SessionStatus.CANCELLED, c.status());
        assertEquals("pending timeout of 60 s passed", c.statusReason());
        assertEquals(SessionStatus.CANCELLED, c.mainKernel().status());
        assertEquals(w.clock.instant(), c.terminatedAt());
    }

    @Test
    void pendingTimeoutDoesNotTouchPlacedSessions() {
        pendingTimeout(60);
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        tick(3600);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.RUNNING, w.status(s));
    }

    @Test
    void noTimeoutNoEnd() {
        Session s = w.create(w.alice, in());
        tick(365L * 24 * 3600);
        assertEquals(List.of(), w.mgr.sweepNow());
        assertEquals(SessionStatus.PENDING, w.status(s));
    }

    @Test
    void maxLifetimeCountsFromCreationPendingTimeIncluded() {
        w.setPolicy(p -> p.lifetime(100));
        w.agent("a1", cpuMem(2, 8 * GIB));
        Session blocker = w.run(w.create(w.bob, 2, 1));
        Instant created = w.clock.instant().plusSeconds(1);
        Session s = w.create(w.alice, 2, 1); // waits for the blocker
        tick(80);
        w.mgr.terminate(w.root, blocker.id(), true);
        w.run(s);
        tick(19); // 99 s after creation, 19 s after it started
        w.mgr.sweepNow();
        assertEquals(SessionStatus.RUNNING, w.status(s));
        tick(1);
        assertEquals(created.plusSeconds(100), w.clock.instant());
        w.mgr.sweepNow();
        Session t = w.get(s.id());
        assertEquals(SessionStatus.TERMINATING, t.status(), "ended even though it ran only 20 s");
        assertEquals("max session lifetime of 100 s reached", t.statusReason());
        w.report("a1", destroyed(t.mainKernel(), null));
        assertEquals(SessionStatus.TERMINATED, w.status(s));
        assertEquals("max session lifetime of 100 s reached", w.get(s.id()).statusReason());
    }

    @Test
    void maxLifetimeCancelsAPendingSession() {
        w.setPolicy(p -> p.lifetime(100));
        Session s = w.create(w.alice, in());
        tick(100);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.CANCELLED, w.status(s));
        assertEquals("max session lifetime of 100 s reached", w.get(s.id()).statusReason());
    }

    @Test
    void maxLifetimeEndsEvenAnActiveSession() {
        w.setPolicy(p -> p.lifetime(100));
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        for (int i = 0; i < 10; i++) {
            tick(11);
            w.report("a1", running(s.mainKernel(), true));
        }
        w.mgr.sweepNow();
        assertEquals(SessionStatus.TERMINATING, w.status(s));
    }

    @Test
    void idleTimeoutTerminatesARunningSessionWithoutActivity() {
        w.setPolicy(p -> p.idle(60));
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        tick(59);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.RUNNING, w.status(s));
        tick(1);
        w.mgr.sweepNow();
        Session t = w.get(s.id());
        assertEquals(SessionStatus.TERMINATING, t.status());
        assertEquals("idle timeout: no activity for 60 s", t.statusReason());
        assertEquals(cpuMem(1, 512L << 20), w.allocated("a1"), "held until destroyed");
    }

    @Test
    void idleTimeoutDoesNotApplyWhilePending() {
        w.setPolicy(p -> p.idle(60));
        Session s = w.create(w.alice, in());
        tick(600);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.PENDING, w.status(s));
    }

    @Test
    void activityPostponesTheIdleTimeout() {
        w.setPolicy(p -> p.idle(60));
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        tick(50);
        w.report("a1", running(s.mainKernel(), true));
        tick(50); // 100 s after it started, 50 s after its last activity
        w.mgr.sweepNow();
        assertEquals(SessionStatus.RUNNING, w.status(s));
        tick(10);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.TERMINATING, w.status(s));
    }

    @Test
    void ownerLookingAtTheSessionCountsAsActivity() {
        w.setPolicy(p -> p.idle(60));
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        tick(50);
        w.mgr.get(w.alice, s.id());
        tick(50);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.RUNNING, w.status(s));
        // an admin looking does not count
        w.mgr.get(w.admin, s.id());
        tick(10);
        w.mgr.sweepNow();
        assertEquals(SessionStatus.TERMINATING, w.status(s));
    }

    @Test
    void aSweepEndsEachSessionOnce() {
        w.setPolicy(p -> p.lifetime(10));
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        tick(10);
        assertEquals(1, w.mgr.sweepNow().size());
        assertEquals(List.of(), w.mgr.sweepNow(), "a terminating session is left to its agent");
        assertTrue(w.orders("a1").stream().allMatch(o -> o.action() == io.berth.core.agent.KernelOrder.Action.DESTROY));
        assertEquals(SessionStatus.TERMINATING, w.status(s));
    }

    private void setAgentStatus(String id, io.berth.core.agent.AgentStatus status) {
        io.berth.core.agent.Agent a = w.f.agents.find(id).orElseThrow();
        io.berth.core.agent.Agent changed = new io.berth.core.agent.Agent(a.id(), status, "test", a.region(),
                a.architecture(), a.version(), a.address(), a.resourceGroup(), a.schedulable(), a.availableSlots(),
                a.occupiedSlots(), a.cpuPercent(), a.memoryUsedBytes(), a.containerCount(), a.devices(),
                a.firstContact(), a.lastHeartbeat(), a.statusChangedAt());
        w.f.tx.run(() -> w.f.agents.update(changed));
    }

    @Test
    void sessionsOnALostAgentSaySoAndSayWhenItIsBack() {
        w.agent("a1", cpuMem(8, 32 * GIB));
        Session s = w.run(w.create(w.alice, in()));
        setAgentStatus("a1", io.berth.core.agent.AgentStatus.LOST);
        w.mgr.sweepNow();
        Session lost = w.get(s.id());
        assertEquals(SessionStatus.RUNNING, lost.status(), "the containers may still run");
        assertEquals("agent a1 lost: waiting for it to reconnect", lost.statusReason());
        assertEquals(s.statusChangedAt(), lost.statusChangedAt());
        w.mgr.sweepNow();
        assertEquals(lost.version(), w.get(s.id()).version(), "noted once");
        setAgentStatus("a1", io.berth.core.agent.AgentStatus.ALIVE);
        w.mgr.sweepNow();
        Session back = w.get(s.id());
        assertEquals(SessionStatus.RUNNING, back.status());
        assertEquals("agent a1 reconnected", back.statusReason());
        List<String> notes = w.f.sessions.history(s.id()).stream().map(h -> h.reason()).toList();
        assertEquals(List.of("agent a1 lost: waiting for it to reconnect", "agent a1 reconnected"),
                notes.subList(notes.size() - 2, notes.size()));
    }
}
