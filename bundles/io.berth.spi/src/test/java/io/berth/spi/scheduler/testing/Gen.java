package io.berth.spi.scheduler.testing;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Test data for scheduling policies, shared by the scheduler plugins' tests through this module's test jar:
 * small snapshots with many ties (few instants, priorities and access keys).
 */
public final class Gen {
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    public static final ResourceSlots CAPACITY = slots(64, 256).with("cuda.shares", Amount.INFINITE);

    private Gen() {
    }

    public static ResourceSlots slots(long cpu, long memGiB) {
        return ResourceSlots.EMPTY.with("cpu", Amount.of(BigDecimal.valueOf(cpu)))
                .with("mem", Amount.of(BigDecimal.valueOf(memGiB).multiply(BigDecimal.valueOf(1L << 30))));
    }

    public static PendingSession session(String id, String accessKey, int priority, long createdAtSec, int retries) {
        return new PendingSession(id, accessKey, "u-" + accessKey, "p1", "default", priority,
                T0.plusSeconds(createdAtSec), slots(1, 1), retries);
    }

    public static SchedulingSnapshot snapshot(int retriesToSkip, Map<String, ResourceSlots> occupied, PendingSession... pending) {
        ResourceSlots total = occupied.values().stream().reduce(ResourceSlots.EMPTY, ResourceSlots::plus);
        return new SchedulingSnapshot("default", T0.plusSeconds(3600), CAPACITY, total, List.of(pending), occupied,
                retriesToSkip);
    }

    public static SchedulingSnapshot snapshot(int retriesToSkip, PendingSession... pending) {
        return snapshot(retriesToSkip, Map.of(), pending);
    }

    public static Arbitrary<PendingSession> pendingSession(int index) {
        return Combinators.combine(Arbitraries.of("AK1", "AK2", "AK3", "AK4"), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 5), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 8))
                .as((key, prio, t, retries, cpu, mem) -> new PendingSession("s" + index, key, "u-" + key, "p1",
                        "default", prio, T0.plusSeconds(t), slots(cpu, mem), retries));
    }

    public static Arbitrary<SchedulingSnapshot> snapshots() {
        Arbitrary<List<PendingSession>> pending = Arbitraries.integers().between(0, 12).flatMap(n -> {
            List<Arbitrary<PendingSession>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(pendingSession(i));
            }
            return Combinators.combine(each).as(l -> l);
        });
        Arbitrary<Map<String, ResourceSlots>> occupied = Combinators.combine(
                Arbitraries.integers().between(0, 64), Arbitraries.integers().between(0, 256)).as(Gen::slots)
                .list().ofSize(4).map(l -> {
                    Map<String, ResourceSlots> m = new LinkedHashMap<>();
                    for (int i = 0; i < l.size(); i++) {
                        if (!l.get(i).nonZero().isEmpty()) {
                            m.put("AK" + (i + 1), l.get(i));
                        }
                    }
                    return m;
                });
        return Combinators.combine(pending, occupied, Arbitraries.integers().between(0, 4))
                .as((p, o, r) -> new SchedulingSnapshot("default", T0.plusSeconds(3600), CAPACITY,
                        o.values().stream().reduce(ResourceSlots.EMPTY, ResourceSlots::plus), p, o, r));
    }

    /** The same snapshot with its pending list and its occupancy map built in another order. */
    public static SchedulingSnapshot permuted(SchedulingSnapshot s, long seed) {
        Random random = new Random(seed);
        List<PendingSession> pending = new ArrayList<>(s.pending());
        Collections.shuffle(pending, random);
        List<Map.Entry<String, ResourceSlots>> entries = new ArrayList<>(s.occupiedByAccessKey().entrySet());
        Collections.shuffle(entries, random);
        Map<String, ResourceSlots> occupied = new LinkedHashMap<>();
        entries.forEach(e -> occupied.put(e.getKey(), e.getValue()));
        return new SchedulingSnapshot(s.resourceGroup(), s.now(), s.capacity(), s.occupied(), pending, occupied,
                s.retriesToSkip());
    }

    /** The top-priority sessions computed from scratch, independently of the SPI's helper. */
    public static List<PendingSession> topPriority(SchedulingSnapshot s) {
        int top = s.pending().stream().mapToInt(PendingSession::priority).max().orElse(Integer.MIN_VALUE);
        return s.pending().stream().filter(p -> p.priority() == top).toList();
    }
}
