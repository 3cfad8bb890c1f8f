package io.berth.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.auth.SlidingWindowRateLimiter.Decision;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {
    private static final long W = 1000;

    private static void allowed(Decision d, int limit, int remaining) {
        assertTrue(d.allowed(), d.toString());
        assertEquals(limit, d.limit());
        assertEquals(remaining, d.remaining());
        assertEquals(0, d.retryAfterMillis());
    }

    private static void refused(Decision d, int limit, long retryAfter) {
        assertFalse(d.allowed(), d.toString());
        assertEquals(limit, d.limit());
        assertEquals(0, d.remaining());
        assertEquals(retryAfter, d.retryAfterMillis());
    }

    @Test
    void defaultWindowIsFifteenMinutes() {
        assertEquals(900_000L, SlidingWindowRateLimiter.WINDOW_MILLIS);
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter();
        allowed(l.tryAcquire("k", 1, 0), 1, 0);
        refused(l.tryAcquire("k", 1, 899_999), 1, 1);
        allowed(l.tryAcquire("k", 1, 900_000), 1, 0);
    }

    @Test
    void limitRequestsAreAdmittedThenRefusedUntilTheOldestLeaves() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        allowed(l.tryAcquire("k", 3, 0), 3, 2);
        allowed(l.tryAcquire("k", 3, 100), 3, 1);
        allowed(l.tryAcquire("k", 3, 200), 3, 0);
        refused(l.tryAcquire("k", 3, 300), 3, 700);
        refused(l.tryAcquire("k", 3, 999), 3, 1);
        // at exactly W after the oldest it has left the window (the window is (t-W, t])
        allowed(l.tryAcquire("k", 3, 1000), 3, 0);
        refused(l.tryAcquire("k", 3, 1001), 3, 99);
        allowed(l.tryAcquire("k", 3, 1100), 3, 0);
    }

    @Test
    void refusedRequestsAreNotCounted() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        allowed(l.tryAcquire("k", 2, 0), 2, 1);
        allowed(l.tryAcquire("k", 2, 500), 2, 0);
        for (int t = 501; t < 1000; t += 7) {
            refused(l.tryAcquire("k", 2, t), 2, 1000 - t);
        }
        allowed(l.tryAcquire("k", 2, 1000), 2, 0);
        refused(l.tryAcquire("k", 2, 1000), 2, 500);
        allowed(l.tryAcquire("k", 2, 1500), 2, 0);
    }

    @Test
    void requestsInTheSameMillisecondCountOneByOne() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        allowed(l.tryAcquire("k", 5, 0), 5, 4);
        allowed(l.tryAcquire("k", 5, 0), 5, 3);
        allowed(l.tryAcquire("k", 5, 0), 5, 2);
        allowed(l.tryAcquire("k", 5, 10), 5, 1);
        allowed(l.tryAcquire("k", 5, 10), 5, 0);
        refused(l.tryAcquire("k", 5, 20), 5, 980);
        // all three of the first millisecond leave together
        allowed(l.tryAcquire("k", 5, 1000), 5, 2);
    }

    @Test
    void loweredLimitWaitsUntilEnoughRequestsHaveLeft() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        for (int t = 0; t < 5; t++) {
            allowed(l.tryAcquire("k", 10, t * 10), 10, 9 - t);
        }
        // five in the window (at 0,10,20,30,40); with a limit of 2 four must leave first
        refused(l.tryAcquire("k", 2, 50), 2, 30 + W - 50);
        allowed(l.tryAcquire("k", 2, 1030), 2, 0);
    }

    @Test
    void keysAreIndependent() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        allowed(l.tryAcquire("a", 1, 0), 1, 0);
        refused(l.tryAcquire("a", 1, 1), 1, 999);
        allowed(l.tryAcquire("b", 1, 1), 1, 0);
        l.forget("a");
        allowed(l.tryAcquire("a", 1, 2), 1, 0);
    }

    @Test
    void evictIdleDropsOnlyKeysWithEmptyWindows() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        l.tryAcquire("old", 5, 0);
        l.tryAcquire("recent", 5, 600);
        assertEquals(2, l.trackedKeys());
        l.evictIdle(999);
        assertEquals(2, l.trackedKeys());
        l.evictIdle(1000);
        assertEquals(1, l.trackedKeys());
        l.evictIdle(1600);
        assertEquals(0, l.trackedKeys());
        // an evicted key starts afresh
        allowed(l.tryAcquire("recent", 5, 1601), 5, 4);
    }

    @Test
    void manyDistinctMillisecondsGrowTheRing() {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(W);
        for (int t = 0; t < 100; t++) {
            allowed(l.tryAcquire("k", 100, t), 100, 99 - t);
        }
        refused(l.tryAcquire("k", 100, 100), 100, 900);
        for (int t = 1000; t < 1100; t++) {
            allowed(l.tryAcquire("k", 100, t), 100, 0);
        }
        refused(l.tryAcquire("k", 100, 1100), 100, 900);
    }

    // ------------------------------------------------------------ property: exact sliding window

    /** The naive reference: admitted timestamps, counted in (t-W, t]. */
    static final class Reference {
        final List<Long> admitted = new ArrayList<>();

        Decision tryAcquire(int limit, long now, long window) {
            List<Long> inWindow = admitted.stream().filter(a -> a > now - window && a <= now).sorted().toList();
            if (inWindow.size() < limit) {
                admitted.add(now);
                return new Decision(true, limit, limit - inWindow.size() - 1, 0);
            }
            // the request fits once inWindow.size() - limit + 1 of the oldest have left
            long leaving = inWindow.get(inWindow.size() - limit);
            return new Decision(false, limit, 0, leaving + window - now);
        }
    }

    record Step(long gap, int limit) {
    }

    /** Gaps between requests: often 0 (same millisecond), otherwise up to 400 ms. */
    private static Arbitrary<Long> gaps() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(7, Arbitraries.longs().between(1, 400)));
    }

    @Provide
    Arbitrary<List<Step>> steadyLimit() {
        return Arbitraries.integers().between(1, 12).flatMap(limit -> gaps().map(g -> new Step(g, limit)).list()
                .ofMinSize(1).ofMaxSize(300));
    }

    @Provide
    Arbitrary<List<Step>> changingLimit() {
        return Combinators.combine(gaps(), Arbitraries.integers().between(1, 12)).as(Step::new).list().ofMinSize(1)
                .ofMaxSize(300);
    }

    private static void compare(List<Step> steps, long window) {
        SlidingWindowRateLimiter l = new SlidingWindowRateLimiter(window);
        Reference ref = new Reference();
        long t = 1_000_000;
        for (int i = 0; i < steps.size(); i++) {
            t += steps.get(i).gap();
            Decision expected = ref.tryAcquire(steps.get(i).limit(), t, window);
            Decision actual = l.tryAcquire("k", steps.get(i).limit(), t);
            assertEquals(expected, actual, "request " + i + " at " + t);
        }
    }

    @Property(tries = 300)
    void admitsIffFewerThanLimitAdmittedInTheWindow(@ForAll("steadyLimit") List<Step> steps,
            @ForAll @LongRange(min = 1, max = 2000) long window) {
        compare(steps, window);
    }

    @Property(tries = 300)
    void exactEvenWhenTheLimitChanges(@ForAll("changingLimit") List<Step> steps,
            @ForAll @LongRange(min = 1, max = 2000) long window) {
        compare(steps, window);
    }

    @Property(tries = 100)
    void evictIdleNeverForgetsALiveWindow(@ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0, max = 3000) Long> times,
            @ForAll @IntRange(min = 1, max = 5) int limit) {
        SlidingWindowRateLimiter evicting = new SlidingWindowRateLimiter(W);
        SlidingWindowRateLimiter plain = new SlidingWindowRateLimiter(W);
        long t = 0;
        for (long gap : times) {
            t += gap;
            evicting.evictIdle(t);
            assertEquals(plain.tryAcquire("k", limit, t), evicting.tryAcquire("k", limit, t));
        }
    }
}
