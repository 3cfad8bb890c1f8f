package io.berth.spi.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Snapshots derived by {@code without} and {@code withPlaced} share their queue; whatever the order of
 * derivations, every view of them equals that of a snapshot built afresh from plain collections.
 */
class DerivedSnapshotTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ResourceSlots CAPACITY = ResourceSlots.of(Map.of("cpu", Amount.of(1000),
            "mem", Amount.of(1L << 40)));

    private static SchedulingSnapshot fresh(SchedulingSnapshot s) {
        return new SchedulingSnapshot(s.resourceGroup(), s.now(), s.capacity(), s.occupied(),
                new ArrayList<>(s.pending()), new TreeMap<>(s.occupiedByAccessKey()), s.retriesToSkip());
    }

    private static void assertSameViews(SchedulingSnapshot derived) {
        SchedulingSnapshot plain = fresh(derived);
        assertEquals(plain, derived);
        assertEquals(plain.pending(), derived.pending());
        assertEquals(List.copyOf(plain.pending()), List.copyOf(derived.pending()), "iteration");
        for (int i = 0; i < derived.pending().size(); i += 7) {
            assertEquals(plain.pending().get(i), derived.pending().get(i), "get(" + i + ")");
        }
        if (!derived.pending().isEmpty()) {
            int last = derived.pending().size() - 1;
            assertEquals(plain.pending().get(last), derived.pending().get(last));
        }
        assertEquals(plain.topPriorityPending(), derived.topPriorityPending());
        assertEquals(plain.oldestTopPriorityByAccessKey(), derived.oldestTopPriorityByAccessKey());
        for (String key : List.of("AK0", "AK1", "AK2", "AK3", "AK9")) {
            assertEquals(plain.occupiedBy(key).dominantShare(CAPACITY), derived.dominantShareOf(key), key);
        }
    }

    @Test
    void derivedSnapshotsShowWhatFreshOnesShow() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            List<PendingSession> pending = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pending.add(new PendingSession("s" + i, "AK" + r.nextInt(4), "u", "p", "d", r.nextInt(3),
                        T0.plusSeconds(r.nextInt(30)), ResourceSlots.of(Map.of("cpu", Amount.of(1 + r.nextInt(4)),
                                "mem", Amount.of((1L + r.nextInt(8)) << 30))), r.nextInt(3)));
            }
            SchedulingSnapshot s = new SchedulingSnapshot("g", T0, CAPACITY, ResourceSlots.EMPTY, pending,
                    Map.of(), 2);
            assertSameViews(s);
            while (!s.pending().isEmpty()) {
                // ask the cached views first, so derivations start from warm caches half the time
                if (r.nextBoolean()) {
                    s.oldestTopPriorityByAccessKey();
                    s.topPriorityPending();
                    s.dominantShareOf("AK1");
                }
                List<PendingSession> top = s.topPriorityPending();
                String id = r.nextInt(3) == 0 ? s.pending().get(r.nextInt(s.pending().size())).id()
                        : top.get(r.nextInt(top.size())).id();
                s = r.nextBoolean() ? s.withPlaced(id) : s.without(id);
                assertSameViews(s);
                assertEquals(s, s.without(id), "already gone: the same snapshot");
                String gone = id;
                SchedulingSnapshot current = s;
                assertThrows(IllegalArgumentException.class, () -> current.withPlaced(gone));
            }
        }
    }

    @Test
    void aSnapshotBuiltFromAnotherOnesQueueWithAnotherCapacityComputesItsOwnShares() {
        PendingSession a = new PendingSession("a", "AK1", "u", "p", "d", 0, T0,
                ResourceSlots.of(Map.of("cpu", Amount.of(10))), 0);
        SchedulingSnapshot s = new SchedulingSnapshot("g", T0, CAPACITY, ResourceSlots.EMPTY, List.of(a),
                Map.of(), 0).withPlaced("a");
        assertEquals(0, s.dominantShareOf("AK1").compareTo(new java.math.BigDecimal("0.01")));
        SchedulingSnapshot other = new SchedulingSnapshot("g", T0, ResourceSlots.of(Map.of("cpu", Amount.of(20))),
                s.occupied(), s.pending(), s.occupiedByAccessKey(), 0);
        assertEquals(0, other.dominantShareOf("AK1").compareTo(new java.math.BigDecimal("0.5")));
    }
}
