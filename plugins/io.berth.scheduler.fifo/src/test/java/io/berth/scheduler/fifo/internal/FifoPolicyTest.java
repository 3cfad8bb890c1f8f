package io.berth.scheduler.fifo.internal;

import static io.berth.spi.scheduler.testing.Gen.session;
import static io.berth.spi.scheduler.testing.Gen.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FifoPolicyTest {
    final FifoPolicy fifo = new FifoPolicy();

    @Test
    void nothingPendingPicksNothing() {
        assertEquals(Optional.empty(), fifo.pick(snapshot(3)));
    }

    @Test
    void picksTheOldest() {
        assertEquals(Optional.of("old"), fifo.pick(snapshot(0,
                session("new", "AK1", 0, 30, 0), session("old", "AK2", 0, 10, 0), session("mid", "AK1", 0, 20, 0))));
    }

    @Test
    void higherPriorityComesFirstEvenWhenNewer() {
        assertEquals(Optional.of("urgent"), fifo.pick(snapshot(0,
                session("old", "AK1", 0, 10, 0), session("urgent", "AK2", 5, 99, 0), session("neg", "AK3", -1, 0, 0))));
    }

    @Test
    void negativePrioritiesOnlyStillPickTheHighest() {
        assertEquals(Optional.of("b"), fifo.pick(snapshot(0,
                session("a", "AK1", -3, 10, 0), session("b", "AK2", -1, 20, 0))));
    }

    @Test
    void sameInstantIsBrokenById() {
        assertEquals(Optional.of("s1"), fifo.pick(snapshot(0,
                session("s2", "AK1", 0, 10, 0), session("s1", "AK2", 0, 10, 0), session("s3", "AK3", 0, 10, 0))));
    }

    @Test
    void retriesToSkipZeroNeverSkips() {
        assertEquals(Optional.of("stuck"), fifo.pick(snapshot(0,
                session("stuck", "AK1", 0, 10, 1000), session("next", "AK2", 0, 20, 0))));
    }

    @Test
    void retriesToSkipOneSkipsAfterOneFailure() {
        assertEquals(Optional.of("fresh"), fifo.pick(snapshot(1,
                session("failed", "AK1", 0, 10, 1), session("fresh", "AK2", 0, 20, 0))));
        assertEquals(Optional.of("neverFailed"), fifo.pick(snapshot(1,
                session("neverFailed", "AK1", 0, 10, 0), session("fresh", "AK2", 0, 20, 0))));
    }

    @Test
    void retriesToSkipNSkipsExactlyAtTheLimit() {
        assertEquals(Optional.of("head"), fifo.pick(snapshot(3,
                session("head", "AK1", 0, 10, 2), session("next", "AK2", 0, 20, 0))), "2 < 3: still at the head");
        assertEquals(Optional.of("next"), fifo.pick(snapshot(3,
                session("head", "AK1", 0, 10, 3), session("next", "AK2", 0, 20, 2))), "3 >= 3: skipped");
        assertEquals(Optional.of("third"), fifo.pick(snapshot(3,
                session("head", "AK1", 0, 10, 4), session("next", "AK2", 0, 20, 3), session("third", "AK3", 0, 30, 0))));
    }

    @Test
    void whenAllReachedTheLimitTheOldestOfThemIsPicked() {
        assertEquals(Optional.of("head"), fifo.pick(snapshot(2,
                session("next", "AK2", 0, 20, 9), session("head", "AK1", 0, 10, 2))));
    }

    @Test
    void skippingStaysWithinTheTopPriority() {
        // the only top-priority session is over the limit; a lower-priority fresh one must not jump ahead
        assertEquals(Optional.of("top"), fifo.pick(snapshot(1,
                session("top", "AK1", 2, 10, 5), session("low", "AK2", 1, 0, 0))));
    }
}
