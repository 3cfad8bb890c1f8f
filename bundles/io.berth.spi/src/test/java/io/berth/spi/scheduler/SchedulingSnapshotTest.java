package io.berth.spi.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingSnapshotTest {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final ResourceSlots CPU1 = cpu(1);

    static ResourceSlots cpu(long n) {
        return ResourceSlots.EMPTY.with("cpu", Amount.of(BigDecimal.valueOf(n)));
    }

    static PendingSession session(String id, String key, int priority, long t) {
        return new PendingSession(id, key, "u", "p", "default", priority, T0.plusSeconds(t), CPU1, 0);
    }

    static SchedulingSnapshot snapshot(List<PendingSession> pending, Map<String, ResourceSlots> byKey) {
        return new SchedulingSnapshot("g", T0, cpu(8), ResourceSlots.EMPTY, pending, byKey, 3);
    }

    @Test
    void pendingSessionRejectsInvalidComponents() {
        assertThrows(NullPointerException.class, () -> new PendingSession(null, "AK", "u", "p", "d", 0, T0, CPU1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PendingSession(" ", "AK", "u", "p", "d", 0, T0, CPU1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PendingSession("s", "", "u", "p", "d", 0, T0, CPU1, 0));
        assertThrows(NullPointerException.class, () -> new PendingSession("s", "AK", null, "p", "d", 0, T0, CPU1, 0));
        assertThrows(NullPointerException.class, () -> new PendingSession("s", "AK", "u", null, "d", 0, T0, CPU1, 0));
        assertThrows(NullPointerException.class, () -> new PendingSession("s", "AK", "u", "p", null, 0, T0, CPU1, 0));
        assertThrows(NullPointerException.class, () -> new PendingSession("s", "AK", "u", "p", "d", 0, null, CPU1, 0));
        assertThrows(NullPointerException.class, () -> new PendingSession("s", "AK", "u", "p", "d", 0, T0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new PendingSession("s", "AK", "u", "p", "d", 0, T0, CPU1, -1));
        assertThrows(IllegalArgumentException.class, () -> new PendingSession("s", "AK", "u", "p", "d", 0, T0,
                CPU1.with("mem", Amount.INFINITE), 0));
        assertThrows(IllegalArgumentException.class, () -> new PendingSession("s", "AK", "u", "p", "d", 0, T0, cpu(-1), 0));
    }

    @Test
    void retryLimitIsReachedAtTheSettingAndNeverWhenItIsZero() {
        PendingSession twice = new PendingSession("s", "AK", "u", "p", "d", 0, T0, CPU1, 2);
        assertFalse(twice.reachedRetryLimit(0));
        assertTrue(twice.reachedRetryLimit(1));
        assertTrue(twice.reachedRetryLimit(2));
        assertFalse(twice.reachedRetryLimit(3));
        assertFalse(new PendingSession("s", "AK", "u", "p", "d", 0, T0, CPU1, 0).reachedRetryLimit(0));
    }

    @Test
    void snapshotRejectsInvalidComponents() {
        List<PendingSession> none = List.of();
        assertThrows(IllegalArgumentException.class, () -> new SchedulingSnapshot("", T0, CPU1, ResourceSlots.EMPTY, none, Map.of(), 0));
        assertThrows(NullPointerException.class, () -> new SchedulingSnapshot("g", null, CPU1, ResourceSlots.EMPTY, none, Map.of(), 0));
        assertThrows(NullPointerException.class, () -> new SchedulingSnapshot("g", T0, null, ResourceSlots.EMPTY, none, Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new SchedulingSnapshot("g", T0, CPU1,
                cpu(1).with("mem", Amount.INFINITE), none, Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new SchedulingSnapshot("g", T0, CPU1, ResourceSlots.EMPTY, none, Map.of(), -1));
        assertThrows(IllegalArgumentException.class, () -> snapshot(List.of(session("a", "AK", 0, 1), session("a", "AK2", 0, 2)), Map.of()));
        List<PendingSession> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> snapshot(withNull, Map.of()));
        Map<String, ResourceSlots> nullValue = new HashMap<>();
        nullValue.put("AK", null);
        assertThrows(NullPointerException.class, () -> snapshot(List.of(), nullValue));
        assertThrows(IllegalArgumentException.class, () -> snapshot(List.of(), Map.of(" ", CPU1)));
        assertThrows(IllegalArgumentException.class, () -> snapshot(List.of(), Map.of("AK", cpu(-2))));
        // capacity may be unlimited
        new SchedulingSnapshot("g", T0, cpu(1).with("mem", Amount.INFINITE), ResourceSlots.EMPTY, none, Map.of(), 0);
    }

    @Test
    void pendingIsCopiedAndSortedOldestFirstThenById() {
        List<PendingSession> input = new ArrayList<>(List.of(session("c", "AK", 0, 5), session("b", "AK", 0, 1),
                session("a", "AK", 0, 5)));
        SchedulingSnapshot s = snapshot(input, Map.of());
        input.clear();
        assertEquals(List.of("b", "a", "c"), s.pending().stream().map(PendingSession::id).toList());
        assertThrows(UnsupportedOperationException.class, () -> s.pending().clear());
    }

    @Test
    void occupancyIsCopiedSortedAndAbsentKeysHoldNothing() {
        Map<String, ResourceSlots> input = new HashMap<>(Map.of("B", cpu(2), "A", cpu(1)));
        SchedulingSnapshot s = snapshot(List.of(), input);
        input.put("C", cpu(3));
        assertEquals(List.of("A", "B"), List.copyOf(s.occupiedByAccessKey().keySet()));
        assertEquals(cpu(2), s.occupiedBy("B"));
        assertSame(ResourceSlots.EMPTY, s.occupiedBy("C"));
        assertThrows(UnsupportedOperationException.class, () -> s.occupiedByAccessKey().put("D", CPU1));
    }

    @Test
    void topPriorityPendingKeepsOnlyTheHighestTierOldestFirst() {
        SchedulingSnapshot s = snapshot(List.of(session("low", "AK", -1, 0), session("b", "AK", 2, 9),
                session("mid", "AK", 1, 0), session("a", "AK", 2, 3)), Map.of());
        assertEquals(List.of("a", "b"), s.topPriorityPending().stream().map(PendingSession::id).toList());
        assertEquals(List.of(), snapshot(List.of(), Map.of()).topPriorityPending());
        SchedulingSnapshot negative = snapshot(List.of(session("x", "AK", -5, 0), session("y", "AK", -2, 0)), Map.of());
        assertEquals(List.of("y"), negative.topPriorityPending().stream().map(PendingSession::id).toList());
    }

    @Test
    void withoutRemovesOneSession() {
        SchedulingSnapshot s = snapshot(List.of(session("a", "AK", 0, 0), session("b", "AK", 0, 1)), Map.of());
        assertEquals(List.of("b"), s.without("a").pending().stream().map(PendingSession::id).toList());
        assertSame(s, s.without("zzz"));
    }

    @Test
    void withPlacedMovesTheRequestIntoOccupancy() {
        SchedulingSnapshot s = new SchedulingSnapshot("g", T0, cpu(8), cpu(2),
                List.of(session("a", "AK1", 0, 0), session("b", "AK2", 0, 1)), Map.of("AK1", cpu(2)), 1);
        SchedulingSnapshot placed = s.withPlaced("a").withPlaced("b");
        assertEquals(List.of(), placed.pending());
        assertEquals(cpu(4), placed.occupied());
        assertEquals(Map.of("AK1", cpu(3), "AK2", cpu(1)), placed.occupiedByAccessKey());
        assertEquals(1, placed.retriesToSkip());
        assertThrows(IllegalArgumentException.class, () -> s.withPlaced("zzz"));
    }
}
