package io.berth.core.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * SPEC K6: at most {@code limit} requests per key in any sliding window, counted exactly. Each key
 * keeps the millisecond timestamps of its admitted requests in the window as (millisecond, count)
 * runs, so memory follows the traffic actually seen, not the configured limit. Refused requests are
 * not counted.
 */
public final class SlidingWindowRateLimiter {
    public static final long WINDOW_MILLIS = 15 * 60 * 1000L;

    /** The outcome for one request. {@code retryAfterMillis} is 0 when allowed. */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterMillis) {
    }

    private final long windowMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public SlidingWindowRateLimiter() {
        this(WINDOW_MILLIS);
    }

    public SlidingWindowRateLimiter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public Decision tryAcquire(String key, int limit, long nowMillis) {
        return windows.computeIfAbsent(key, k -> new Window()).tryAcquire(limit, nowMillis, windowMillis);
    }

    /** Drops keys whose windows are empty; call now and then to bound memory. */
    public void evictIdle(long nowMillis) {
        windows.entrySet().removeIf(e -> e.getValue().isIdle(nowMillis, windowMillis));
    }

    public void forget(String key) {
        windows.remove(key);
    }

    int trackedKeys() {
        return windows.size();
    }

    /** Ring buffer of (millis, count) runs, oldest first. */
    private static final class Window {
        private long[] millis = new long[16];
        private int[] counts = new int[16];
        private int head;
        private int size;
        private long total;

        synchronized Decision tryAcquire(int limit, long clock, long windowMillis) {
            // a clock that steps back must not reorder the runs
            long now = size > 0 ? Math.max(clock, millis[(head + size - 1) % millis.length]) : clock;
            expire(now, windowMillis);
            if (total >= limit) {
                long oldest = millis[head];
                // the request becomes admissible once enough of the oldest runs leave the window
                long over = total - limit + 1;
                int i = head;
                long freed = 0;
                long when = oldest;
                for (int n = 0; n < size && freed < over; n++) {
                    freed += counts[i];
                    when = millis[i];
                    i = (i + 1) % millis.length;
                }
                return new Decision(false, limit, 0, Math.max(1, when + windowMillis - now));
            }
            int last = (head + size - 1) % millis.length;
            if (size > 0 && millis[last] == now) {
                counts[last]++;
            } else {
                if (size == millis.length) {
                    grow();
                }
                int slot = (head + size) % millis.length;
                millis[slot] = now;
                counts[slot] = 1;
                size++;
            }
            total++;
            return new Decision(true, limit, (int) Math.max(0, limit - total), 0);
        }

        synchronized boolean isIdle(long now, long windowMillis) {
            expire(now, windowMillis);
            return size == 0;
        }

        private void expire(long now, long windowMillis) {
            long cutoff = now - windowMillis;
            while (size > 0 && millis[head] <= cutoff) {
                total -= counts[head];
                head = (head + 1) % millis.length;
                size--;
            }
        }

        private void grow() {
            long[] m = new long[millis.length * 2];
            int[] c = new int[counts.length * 2];
            for (int n = 0; n < size; n++) {
                int i = (head + n) % millis.length;
                m[n] = millis[i];
                c[n] = counts[i];
            }
            millis = m;
            counts = c;
            head = 0;
        }
    }
}
