package io.berth.scheduler.lifo.internal;

import static io.berth.spi.scheduler.testing.Gen.session;
import static io.berth.spi.scheduler.testing.Gen.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifoPolicyTest {
    final LifoPolicy lifo = new LifoPolicy();

    @Test
    void nothingPendingPicksNothing() {
        assertEquals(Optional.empty(), lifo.pick(snapshot(3)));
    }

    @Test
    void picksTheNewest() {
        assertEquals(Optional.of("new"), lifo.pick(snapshot(0,
                session("mid", "AK1", 0, 20, 0), session("new", "AK2", 0, 30, 0), session("old", "AK1", 0, 10, 0))));
    }

    @Test
    void higherPriorityComesFirstEvenWhenOlder() {
        assertEquals(Optional.of("urgent"), lifo.pick(snapshot(0,
                session("urgent", "AK1", 1, 0, 0), session("new", "AK2", 0, 99, 0))));
    }

    @Test
    void sameInstantIsBrokenByTheGreatestId() {
        assertEquals(Optional.of("s3"), lifo.pick(snapshot(0,
                session("s2", "AK1", 0, 10, 0), session("s3", "AK2", 0, 10, 0), session("s1", "AK3", 0, 10, 0))));
    }

    @Test
    void retriesDoNotMatter() {
        for (int retriesToSkip : new int[] {0, 1, 3}) {
            assertEquals(Optional.of("new"), lifo.pick(snapshot(retriesToSkip,
                    session("old", "AK1", 0, 10, 0), session("new", "AK2", 0, 20, 7))));
        }
    }
}
