package com.example.berth.shortestfirst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The group's capacity in these tests: cpu=64, mem=256 (GiB), cuda.shares unlimited. */
class ShortestFirstPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ResourceSlots CAPACITY = slots(64, 256).with("cuda.shares", Amount.INFINITE);

    private final ShortestFirstPolicy policy = new ShortestFirstPolicy();

    private static ResourceSlots slots(long cpu, long memGiB) {
        return ResourceSlots.of(Map.of(
                "cpu", Amount.of(BigDecimal.valueOf(cpu)),
                "mem", Amount.of(BigDecimal.valueOf(memGiB).multiply(BigDecimal.valueOf(1L << 30)))));
    }

    /** A session of access key AK created {@code second}s after T0. */
    private static PendingSession session(String id, int priority, long second, ResourceSlots requested) {
        return new PendingSession(id, "AK", "user", "project", "default", priority, T0.plusSeconds(second),
                requested, 0);
    }

    private static SchedulingSnapshot snapshot(List<PendingSession> pending) {
        return new SchedulingSnapshot("default", T0.plusSeconds(3600), CAPACITY, ResourceSlots.EMPTY, pending,
                Map.of(), 0);
    }

    private Optional<String> pick(PendingSession... pending) {
        return policy.pick(snapshot(List.of(pending)));
    }

    @Test
    void nothingPendingPicksNothing() {
        assertEquals(Optional.empty(), pick());
    }

    @Test
    void theSmallestDominantShareGoesFirstWhateverItsAge() {
        // old: cpu 32/64 = 0.5; young: mem 32/256 = 0.125 (cpu 2/64 is smaller still)
        assertEquals(Optional.of("young"), pick(session("old", 0, 0, slots(32, 8)),
                session("young", 0, 50, slots(2, 32))));
    }

    @Test
    void theDominantShareIsTheLargestShareOverTheSlots() {
        // a: max(4/64, 128/256) = 0.5 although it asks for little cpu; b: max(16/64, 16/256) = 0.25
        assertEquals(Optional.of("b"), pick(session("a", 0, 0, slots(4, 128)), session("b", 0, 10, slots(16, 16))));
    }

    @Test
    void slotsWithUnlimitedCapacityDoNotCount() {
        ResourceSlots manyShares = slots(8, 8).with("cuda.shares", Amount.of(BigDecimal.valueOf(1000)));
        // a: cpu 8/64 = 0.125, its cuda.shares are unlimited in this group; b: cpu 16/64 = 0.25
        assertEquals(Optional.of("a"), pick(session("a", 0, 10, manyShares), session("b", 0, 0, slots(16, 8))));
    }

    @Test
    void equalSharesGoToTheOlderSessionThenTheSmallerId() {
        assertEquals(Optional.of("first"), pick(session("second", 0, 20, slots(8, 8)),
                session("first", 0, 10, slots(8, 8)), session("third", 0, 30, slots(8, 8))));
        assertEquals(Optional.of("a"), pick(session("b", 0, 10, slots(8, 8)), session("a", 0, 10, slots(8, 8))));
    }

    @Test
    void onlyTheHighestPriorityIsConsidered() {
        // the tiny session has a lower priority; among the urgent ones cpu 32/64 = 0.5 beats 48/64 = 0.75
        assertEquals(Optional.of("urgent-half"), pick(session("tiny", 0, 0, slots(1, 1)),
                session("urgent-three-quarters", 5, 0, slots(48, 8)), session("urgent-half", 5, 10, slots(32, 8))));
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderOfTheQueue() {
        List<PendingSession> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pending.add(session("s" + i, i % 3, i % 7, slots(1 + i % 5, 1 + i % 11)));
        }
        Optional<String> expected = policy.pick(snapshot(pending));
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(pending, random);
            assertEquals(expected, policy.pick(snapshot(pending)));
        }
    }

    @Test
    void theDispatcherCanAskAgainWithoutTheSessionItTried() {
        SchedulingSnapshot s = snapshot(List.of(session("a", 0, 0, slots(1, 1)), session("b", 0, 1, slots(2, 2)),
                session("c", 0, 2, slots(3, 3))));
        assertEquals(Optional.of("a"), policy.pick(s));
        assertEquals(Optional.of("b"), policy.pick(s.without("a")));
        assertEquals(Optional.of("c"), policy.pick(s.withPlaced("a").without("b")));
    }
}
