package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.AuthenticationException;
import io.berth.core.error.TooManyRequestsException;
import io.berth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link LoginLockout} against a model of SPEC T: an account is locked for the lockout time once
 * {@code maxFailures} failures lie within the lockout time with no success in between; a failure while
 * locked changes nothing; a success forgets everything.
 */
class LoginLockoutPropertyTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    /** One step: {@code kind} 0 = failure, 1 = success, 2 = check; then the clock moves by {@code millis}. */
    record Step(int kind, int account, long millis) {
    }

    /** The reference: the failure times since the last success or lock, and the end of the lock. */
    static final class Model {
        final List<Instant> failures = new ArrayList<>();
        Instant lockedUntil;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        // failures more often than the rest, so that locks happen; many steps at the same instant
        Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(3, 2));
        Arbitrary<Long> millis = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(1, 2_000)),
                Tuple.of(3, Arbitraries.longs().between(1, 120_000)));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 2), millis).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 400)
    void behavesLikeTheModel(@ForAll @IntRange(min = 1, max = 6) int maxFailures,
            @ForAll @LongRange(min = 1, max = 60) long lockoutSeconds, @ForAll("steps") List<Step> steps) {
        MutableClock clock = new MutableClock(T0);
        LoginLockout l = new LoginLockout(clock);
        Duration window = Duration.ofSeconds(lockoutSeconds);
        l.configure(maxFailures, window);
        Map<Integer, Model> models = new HashMap<>();
        for (Step s : steps) {
            String account = "acct" + s.account();
            Model m = models.computeIfAbsent(s.account(), k -> new Model());
            Instant now = clock.instant();
            boolean locked = m.lockedUntil != null && now.isBefore(m.lockedUntil);
            switch (s.kind()) {
                case 0 -> {
                    l.failed(account);
                    if (!locked) {
                        if (m.lockedUntil != null) {
                            m.lockedUntil = null;
                            m.failures.clear();
                        }
                        m.failures.removeIf(t -> t.plus(window).isBefore(now));
                        m.failures.add(now);
                        if (m.failures.size() >= maxFailures) {
                            m.failures.clear();
                            m.lockedUntil = now.plus(window);
                        }
                    }
                }
                case 1 -> {
                    l.succeeded(account);
                    m.failures.clear();
                    m.lockedUntil = null;
                }
                default -> {
                    if (locked) {
                        long millis = Duration.between(now, m.lockedUntil).toMillis();
                        long seconds = Math.max(1, (millis + 999) / 1000);
                        TooManyRequestsException x = assertThrows(TooManyRequestsException.class,
                                () -> l.checkNotLocked(account), () -> "at " + now + " " + steps);
                        assertEquals(seconds, x.retryAfterSeconds());
                    } else {
                        l.checkNotLocked(account);
                    }
                }
            }
            clock.advance(Duration.ofMillis(s.millis()));
        }
        // and finally every account is where the model says
        for (Map.Entry<Integer, Model> e : models.entrySet()) {
            Model m = e.getValue();
            boolean locked = m.lockedUntil != null && clock.instant().isBefore(m.lockedUntil);
            if (locked) {
                assertThrows(TooManyRequestsException.class, () -> l.checkNotLocked("acct" + e.getKey()));
            } else {
                l.checkNotLocked("acct" + e.getKey());
            }
        }
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 14), Arbitraries.integers());
    }

    @Provide
    Arbitrary<Duration> lockouts() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(-2, 4000),
                Arbitraries.longs().between(LoginLockout.MAX_LOCKOUT.toSeconds() - 2,
                        LoginLockout.MAX_LOCKOUT.toSeconds() + 2),
                Arbitraries.longs(), Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE / 1000));
        return Combinators.combine(seconds, Arbitraries.of(0L, 1L, 999_999_999L)).as(Duration::ofSeconds);
    }

    @Property(tries = 150)
    void anyConfigurationEitherAppliesOrKeepsThePreviousAndLoginNeverBreaks(@ForAll("limits") int maxFailures,
            @ForAll("lockouts") Duration lockout) {
        World w = new World();
        w.auth.configureLockout(maxFailures, lockout);
        // whatever was configured, failures are answered with 401 or 429, never anything else
        for (int i = 0; i < 12; i++) {
            try {
                w.auth.authorize("alpha", w.carol.email(), "Wrong-pass1", null);
            } catch (AuthenticationException | TooManyRequestsException expected) {
                // fine
            }
        }
        // the lockout in force is the new one when valid, the default (10, 20 minutes) otherwise
        boolean valid = maxFailures >= 1 && !lockout.isNegative() && !lockout.isZero()
                && lockout.compareTo(LoginLockout.MAX_LOCKOUT) <= 0;
        int limit = valid ? maxFailures : LoginLockout.DEFAULT_MAX_FAILURES;
        if (limit <= 12) {
            TooManyRequestsException x = assertThrows(TooManyRequestsException.class,
                    () -> w.auth.authorize("alpha", w.carol.email(), World.PASSWORD, null));
            Duration used = valid ? lockout : LoginLockout.DEFAULT_LOCKOUT;
            // the failures ran at one instant: the whole lockout is left, rounded up to whole seconds
            long expected = used.toSeconds() + (used.toNanosPart() > 0 ? 1 : 0);
            assertEquals(expected, x.retryAfterSeconds());
        } else {
            assertEquals(w.carol.mainAccessKey(),
                    w.auth.authorize("alpha", w.carol.email(), World.PASSWORD, null).accessKey());
        }
    }
}
