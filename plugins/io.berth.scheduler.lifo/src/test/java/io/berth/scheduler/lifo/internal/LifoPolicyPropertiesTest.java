package io.berth.scheduler.lifo.internal;

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

/** LIFO against a model computed from scratch: the newest top-priority session. */
class LifoPolicyPropertiesTest {
    final LifoPolicy lifo = new LifoPolicy();

    @Provide
    Arbitrary<SchedulingSnapshot> snapshots() {
        return Gen.snapshots();
    }

    @Property
    void deterministicAndIndependentOfInputOrder(@ForAll("snapshots") SchedulingSnapshot s, @ForAll long seed) {
        Optional<String> pick = lifo.pick(s);
        assertEquals(pick, lifo.pick(s));
        assertEquals(pick, lifo.pick(Gen.permuted(s, seed)));
    }

    @Property
    void picksATopPrioritySessionWheneverOneIsPending(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        Optional<String> pick = lifo.pick(s);
        assertEquals(top.isEmpty(), pick.isEmpty());
        pick.ifPresent(id -> assertTrue(top.stream().anyMatch(p -> p.id().equals(id)), id + " not in " + top));
    }

    @Property
    void picksTheMaximumCreatedAt(@ForAll("snapshots") SchedulingSnapshot s) {
        List<PendingSession> top = Gen.topPriority(s);
        lifo.pick(s).ifPresent(id -> {
            PendingSession picked = top.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
            for (PendingSession other : top) {
                assertTrue(!other.createdAt().isAfter(picked.createdAt()), other + " is newer than " + picked);
                if (other.createdAt().equals(picked.createdAt())) {
                    assertTrue(other.id().compareTo(picked.id()) <= 0, other + " ties and has the greater id");
                }
            }
        });
    }
}
