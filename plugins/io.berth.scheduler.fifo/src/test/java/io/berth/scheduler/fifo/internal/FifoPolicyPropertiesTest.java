package io.berth.scheduler.fifo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingSnapshot;
import io.berth.spi.scheduler.testing.Gen;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** FIFO against a model computed from scratch: the oldest eligible top-priority session. */
class FifoPolicyPropertiesTest {
    final FifoPolicy fifo = new FifoPolicy();

    @Provide
    Arbitrary<SchedulingSnapshot> snapshots() {
        return Gen.snapshots();
    }

    @Property
    void deterministicAndIndependentOfInputOrder(@ForAll("snapshots") SchedulingSnapshot s, @ForAll long seed) {
        Optional<String> pick = fifo.pick(s);
        assertEquals(pick, fifo.pick(s));
        assertEquals(pick, fifo.pick(Gen.permuted(s, seed)));
    }

    @Property
    void picksATopPrioritySessionWheneverOneIsPending(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        Optional<String> pick = fifo.pick(s);
        assertEquals(top.isEmpty(), pick.isEmpty());
        pick.ifPresent(id -> assertTrue(top.stream().anyMatch(p -> p.id().equals(id)), id + " not in " + top));
    }

    @Property
    void picksTheMinimumCreatedAtAmongEligible(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        List<PendingSession> eligible = top.stream()
                .filter(p -> s.retriesToSkip() == 0 || p.retries() < s.retriesToSkip()).toList();
        List<PendingSession> pool = eligible.isEmpty() ? top : eligible;
        fifo.pick(s).ifPresent(id -> {
            PendingSession picked = pool.stream().filter(p -> p.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " is not eligible: " + pool));
            for (PendingSession other : pool) {
                assertTrue(!other.createdAt().isBefore(picked.createdAt()), other + " is older than " + picked);
                if (other.createdAt().equals(picked.createdAt())) {
                    assertTrue(other.id().compareTo(picked.id()) >= 0, other + " ties and has the smaller id");
                }
            }
        });
    }
}
