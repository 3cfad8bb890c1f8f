package io.berth.scheduler.drf.internal;

import static io.berth.spi.scheduler.testing.Gen.T0;
import static io.berth.spi.scheduler.testing.Gen.session;
import static io.berth.spi.scheduler.testing.Gen.slots;
import static io.berth.spi.scheduler.testing.Gen.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Capacity in these examples: cpu=64, mem=256g, cuda.shares=∞. */
class DrfPolicyTest {
    final DrfPolicy drf = new DrfPolicy();

    @Test
    void nothingPendingPicksNothing() {
        assertEquals(Optional.empty(), drf.pick(snapshot(3, Map.of("AK1", slots(1, 1)))));
    }

    @Test
    void theKeyWithTheLowestDominantSharePicksItsOldestSession() {
        // AK1: cpu 32/64 = 0.5; AK2: mem 64g/256g = 0.25 (cpu 4/64 is smaller)
        assertEquals(Optional.of("b1"), drf.pick(snapshot(0, Map.of("AK1", slots(32, 1), "AK2", slots(4, 64)),
                session("a1", "AK1", 0, 0, 0), session("b2", "AK2", 0, 20, 0), session("b1", "AK2", 0, 10, 0))));
    }

    @Test
    void theDominantShareIsTheLargestOverSlots() {
        // AK1: max(8/64, 128g/256g) = 0.5 although its cpu share is the smaller one; AK2: max(16/64, 0) = 0.25
        assertEquals(Optional.of("b"), drf.pick(snapshot(0, Map.of("AK1", slots(8, 128), "AK2", slots(16, 0)),
                session("a", "AK1", 0, 0, 0), session("b", "AK2", 0, 10, 0))));
    }

    @Test
    void aKeyHoldingNothingGoesFirst() {
        assertEquals(Optional.of("b"), drf.pick(snapshot(0, Map.of("AK1", slots(1, 0)),
                session("a", "AK1", 0, 0, 0), session("b", "AK2", 0, 10, 0))));
    }

    @Test
    void infiniteAndZeroCapacitySlotsAreIgnored() {
        ResourceSlots capacity = slots(64, 256).with("cuda.shares", Amount.INFINITE).with("tpu", Amount.ZERO);
        ResourceSlots heavyButUnlimited = slots(0, 0).with("cuda.shares", Amount.of(BigDecimal.valueOf(100)))
                .with("tpu", Amount.of(BigDecimal.valueOf(8)));
        SchedulingSnapshot s = new SchedulingSnapshot("g", T0, capacity, heavyButUnlimited.plus(slots(1, 0)),
                List.of(session("a", "AK1", 0, 0, 0), session("b", "AK2", 0, 10, 0)),
                Map.of("AK1", slots(1, 0), "AK2", heavyButUnlimited), 0);
        assertEquals(Optional.of("b"), drf.pick(s), "AK2's share is 0: only unlimited or zero-capacity slots");
    }

    @Test
    void equalSharesGoToTheKeyWithTheOlderOldestSession() {
        assertEquals(Optional.of("b1"), drf.pick(snapshot(0, Map.of("AK1", slots(16, 0), "AK2", slots(0, 64)),
                session("a1", "AK1", 0, 20, 0), session("b2", "AK2", 0, 30, 0), session("b1", "AK2", 0, 10, 0))));
    }

    @Test
    void equalSharesAndAgesGoToTheSmallerAccessKey() {
        assertEquals(Optional.of("z"), drf.pick(snapshot(0,
                session("z", "AK1", 0, 10, 0), session("a", "AK2", 0, 10, 0))));
    }

    @Test
    void withinTheKeySameInstantIsBrokenById() {
        assertEquals(Optional.of("s1"), drf.pick(snapshot(0,
                session("s2", "AK1", 0, 10, 0), session("s1", "AK1", 0, 10, 0))));
    }

    @Test
    void onlyTheTopPriorityCounts() {
        // AK2 holds nothing but only has a low-priority session; AK3's top-priority session is newer but fairer than AK1's
        assertEquals(Optional.of("c"), drf.pick(snapshot(0, Map.of("AK1", slots(32, 0), "AK3", slots(8, 0)),
                session("a", "AK1", 1, 0, 0), session("b", "AK2", 0, 0, 0), session("c", "AK3", 1, 50, 0))));
    }

    @Test
    void retriesDoNotMatter() {
        for (int retriesToSkip : new int[] {0, 1, 3}) {
            assertEquals(Optional.of("b"), drf.pick(snapshot(retriesToSkip, Map.of("AK1", slots(1, 0)),
                    session("a", "AK1", 0, 0, 0), session("b", "AK2", 0, 10, 9))));
        }
    }

    /**
     * The example of the DRF paper (Ghodsi et al., NSDI 2011): 9 CPUs and 18 GB; A's tasks need
     * &lt;1 CPU, 4 GB&gt;, B's &lt;3 CPUs, 1 GB&gt;. Placing what the policy picks until nothing fits
     * gives A three tasks and B two, equalising their dominant shares at 2/3.
     */
    @Test
    void theDrfPapersExampleGivesAThreeTasksAndBTwo() {
        ResourceSlots capacity = ResourceSlots.of(Map.of("cpu", Amount.of(9), "mem", Amount.of(18L << 30)));
        ResourceSlots a = ResourceSlots.of(Map.of("cpu", Amount.of(1), "mem", Amount.of(4L << 30)));
        ResourceSlots b = ResourceSlots.of(Map.of("cpu", Amount.of(3), "mem", Amount.of(1L << 30)));
        List<io.berth.spi.scheduler.PendingSession> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pending.add(new io.berth.spi.scheduler.PendingSession("a" + i, "AKA", "ua", "p", "d", 0,
                    T0.plusSeconds(i), a, 0));
            pending.add(new io.berth.spi.scheduler.PendingSession("b" + i, "AKB", "ub", "p", "d", 0,
                    T0.plusSeconds(i).plusMillis(500), b, 0));
        }
        SchedulingSnapshot s = new SchedulingSnapshot("g", T0, capacity, ResourceSlots.EMPTY, pending, Map.of(), 0);
        Map<String, Integer> tasks = new java.util.TreeMap<>();
        while (!s.pending().isEmpty()) {
            String id = drf.pick(s).orElseThrow();
            ResourceSlots asked = id.startsWith("a") ? a : b;
            if (s.occupied().plus(asked).fitsWithin(capacity, Amount.ZERO)) {
                tasks.merge(id.substring(0, 1), 1, Integer::sum);
                s = s.withPlaced(id);
            } else {
                s = s.without(id);
            }
        }
        assertEquals(Map.of("a", 3, "b", 2), tasks);
    }
}
