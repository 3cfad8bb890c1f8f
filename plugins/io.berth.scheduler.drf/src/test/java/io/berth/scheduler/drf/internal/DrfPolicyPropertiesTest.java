package io.berth.scheduler.drf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingSnapshot;
import io.berth.spi.scheduler.testing.Gen;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** DRF: deterministic, top priority only, the fairest key first, and equal users stay within one placement. */
class DrfPolicyPropertiesTest {
    final DrfPolicy drf = new DrfPolicy();

    @Provide
    Arbitrary<SchedulingSnapshot> snapshots() {
        return Gen.snapshots();
    }

    @Property
    void deterministicAndIndependentOfInputOrder(@ForAll("snapshots") SchedulingSnapshot s, @ForAll long seed) {
        Optional<String> pick = drf.pick(s);
        assertEquals(pick, drf.pick(s));
        assertEquals(pick, drf.pick(Gen.permuted(s, seed)));
    }

    @Property
    void picksATopPrioritySessionWheneverOneIsPending(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        Optional<String> pick = drf.pick(s);
        assertEquals(top.isEmpty(), pick.isEmpty());
        pick.ifPresent(id -> assertTrue(top.stream().anyMatch(p -> p.id().equals(id)), id + " not in " + top));
    }

    @Property
    void thePickedKeyIsTheFairestAndItsOldestSessionIsPicked(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        drf.pick(s).ifPresent(id -> {
            PendingSession picked = top.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
            BigDecimal share = share(s, picked.accessKey());
            Set<String> keys = top.stream().map(PendingSession::accessKey).collect(Collectors.toSet());
            for (String other : keys) {
                assertTrue(share.compareTo(share(s, other)) <= 0,
                        picked.accessKey() + " (" + share + ") is less fair than " + other + " (" + share(s, other) + ")");
            }
            for (PendingSession sameKey : top) {
                if (sameKey.accessKey().equals(picked.accessKey())) {
                    assertTrue(PendingSession.BY_CREATION.compare(picked, sameKey) <= 0, sameKey + " is older than " + picked);
                }
            }
        });
    }

    /** Computed from the raw map, not through the snapshot's helpers. */
    static BigDecimal share(SchedulingSnapshot s, String key) {
        return s.occupiedByAccessKey().getOrDefault(key, ResourceSlots.EMPTY).dominantShare(s.capacity());
    }

    @Property
    void equalUsersStayWithinOnePlacementOfEachOther(@ForAll @IntRange(min = 2, max = 5) int users,
            @ForAll @IntRange(min = 1, max = 8) int cpu, @ForAll @IntRange(min = 0, max = 16) int memGiB,
            @ForAll @IntRange(min = 1, max = 30) int placements, @ForAll long seed) {
        Random random = new Random(seed);
        ResourceSlots request = Gen.slots(cpu, memGiB);
        List<PendingSession> pending = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < placements; i++) {
                pending.add(new PendingSession("u" + u + "-" + i, "AK" + u, "u" + u, "p", "default", 0,
                        Gen.T0.plusSeconds(random.nextInt(1000)), request, 0));
            }
        }
        SchedulingSnapshot s = new SchedulingSnapshot("g", Gen.T0, Gen.CAPACITY, ResourceSlots.EMPTY, pending, Map.of(),
                random.nextInt(4));
        Map<String, Integer> placed = new HashMap<>();
        for (int step = 0; step < placements; step++) {
            String id = drf.pick(s).orElseThrow();
            String key = s.pending().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().accessKey();
            placed.merge(key, 1, Integer::sum);
            s = s.withPlaced(id);
            IntSummaryStatistics counts = new IntSummaryStatistics();
            for (int u = 0; u < users; u++) {
                counts.accept(placed.getOrDefault("AK" + u, 0));
            }
            assertTrue(counts.getMax() - counts.getMin() <= 1, "after " + (step + 1) + " placements: " + placed);
        }
    }
}
