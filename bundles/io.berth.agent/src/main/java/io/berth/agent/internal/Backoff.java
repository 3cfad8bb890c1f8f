package io.berth.agent.internal;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubled after each failure up to {@code max}; reset on success. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The agent's: 1 s, 2 s, 4 s … up to 30 s. */
    static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** @return the delay before the next attempt after a failure (and doubles the following one) */
    synchronized Duration next() {
        Duration d = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    synchronized void reset() {
        next = initial;
    }
}
