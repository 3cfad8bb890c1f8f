package io.berth.core.internal;

import io.berth.core.error.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SPEC T: after {@code maxFailures} failed password or code attempts on one account (with no success
 * in between and none older than the lockout time), the account is locked for the lockout time; a
 * correct password does not help while it lasts. Unknown accounts are counted the same way, so the
 * answers do not tell which accounts exist. State lives in this manager's memory.
 */
final class LoginLockout {
    static final int DEFAULT_MAX_FAILURES = 10;
    static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(20);
    /** Longer lockouts are refused: no lock end would be representable for the longest Durations. */
    static final Duration MAX_LOCKOUT = Duration.ofDays(3650);
    private static final int MAX_TRACKED = 100_000;

    /** The times of the failures still counted (oldest first, fewer than the limit), or a lock. */
    private record State(List<Instant> failures, Instant lastFailure, Instant lockedUntil) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile int maxFailures = DEFAULT_MAX_FAILURES;
    private volatile Duration lockout = DEFAULT_LOCKOUT;

    LoginLockout(Clock clock) {
        this.clock = clock;
    }

    void configure(int maxFailures, Duration lockout) {
        if (maxFailures < 1 || lockout.isNegative() || lockout.isZero() || lockout.compareTo(MAX_LOCKOUT) > 0) {
            throw new IllegalArgumentException(
                    "login lockout needs at least 1 failure and a positive time of at most " + MAX_LOCKOUT.toDays()
                            + " days");
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** Refuses with 429 while the account is locked. */
    void checkNotLocked(String account) {
        State s = states.get(account);
        Instant now = clock.instant();
        if (s != null && s.lockedUntil() != null && now.isBefore(s.lockedUntil())) {
            long seconds = Math.max(1, Duration.between(now, s.lockedUntil()).toSeconds()
                    + (Duration.between(now, s.lockedUntil()).toNanosPart() > 0 ? 1 : 0));
            throw new TooManyRequestsException("too many failed login attempts: this account is locked for "
                    + seconds + " more seconds", seconds);
        }
    }

    /**
     * Counts a failure; the one that reaches the limit locks the account. A failure while the account
     * is locked (an attempt that passed {@link #checkNotLocked} before the lock) changes nothing.
     */
    void failed(String account) {
        Instant now = clock.instant();
        Duration window = lockout;
        int limit = maxFailures;
        if (states.size() >= MAX_TRACKED) {
            states.values().removeIf(s -> s.lastFailure().plus(window).isBefore(now)
                    && (s.lockedUntil() == null || s.lockedUntil().isBefore(now)));
        }
        states.compute(account, (k, s) -> {
            if (s != null && s.lockedUntil() != null && now.isBefore(s.lockedUntil())) {
                return s;
            }
            List<Instant> recent = new ArrayList<>();
            if (s != null && s.lockedUntil() == null) {
                for (Instant t : s.failures()) {
                    if (!t.plus(window).isBefore(now)) {
                        recent.add(t);
                    }
                }
            }
            recent.add(now);
            if (recent.size() >= limit) {
                return new State(List.of(), now, now.plus(window));
            }
            return new State(List.copyOf(recent), now, null);
        });
    }

    void succeeded(String account) {
        states.remove(account);
    }
}
