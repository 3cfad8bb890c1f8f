package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.AuthenticationException;
import io.berth.core.error.BerthException;
import io.berth.core.error.TooManyRequestsException;
import io.berth.core.identity.User;
import io.berth.core.testing.FakeSecondFactor;
import io.berth.core.testing.MutableClock;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC T: repeated failed password or code attempts lock the account (429 with Retry-After). */
class LoginLockoutTest {
    private static final String BAD = "Wrong-pass1";
    private static final Duration LOCKOUT = Duration.ofSeconds(1200);
    private final World w = new World();

    private String login(User u) {
        return w.auth.authorize(u.domainName(), u.email(), PASSWORD, null).accessKey();
    }

    private void fail(String domain, String email) {
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> w.auth.authorize(domain, email, BAD, null));
        assertEquals("wrong domain, email or password", x.getMessage());
    }

    private void fail(User u, int times) {
        for (int i = 0; i < times; i++) {
            fail(u.domainName(), u.email());
        }
    }

    private TooManyRequestsException locked(String domain, String email, String password) {
        TooManyRequestsException x = assertThrows(TooManyRequestsException.class,
                () -> w.auth.authorize(domain, email, password, null));
        assertEquals(429, x.status());
        assertTrue(x.retryAfterSeconds() >= 1, "retry after " + x.retryAfterSeconds());
        return x;
    }

    private TooManyRequestsException locked(User u) {
        return locked(u.domainName(), u.email(), PASSWORD);
    }

    @Test
    void defaultsAreTenFailuresAndTwentyMinutes() {
        assertEquals(10, LoginLockout.DEFAULT_MAX_FAILURES);
        assertEquals(LOCKOUT, LoginLockout.DEFAULT_LOCKOUT);
        assertEquals(LoginLockout.DEFAULT_LOCKOUT.toSeconds(), configDefault("login_lockout_seconds"));
        assertEquals((long) LoginLockout.DEFAULT_MAX_FAILURES, configDefault("login_max_failures"));
    }

    private static long configDefault(String attribute) {
        try {
            return ((Number) AuthServiceImpl.Config.class.getMethod(attribute).getDefaultValue()).longValue();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nineFailuresThenASuccessResetTheCount() {
        fail(w.carol, 9);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        fail(w.carol, 9);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
    }

    @Test
    void tenFailuresLockEvenTheRightPassword() {
        fail(w.carol, 10);
        TooManyRequestsException x = locked(w.carol);
        assertEquals(LOCKOUT.toSeconds(), x.retryAfterSeconds());
        assertTrue(x.getMessage().contains("locked"), x.getMessage());
        // a wrong password is answered the same while locked, and does not extend the lock
        w.clock.advance(Duration.ofSeconds(100));
        assertEquals(LOCKOUT.toSeconds() - 100, locked(w.carol.domainName(), w.carol.email(), BAD)
                .retryAfterSeconds());
        assertEquals(LOCKOUT.toSeconds() - 100, locked(w.carol).retryAfterSeconds());
        // other accounts are unaffected
        assertEquals(w.alice.mainAccessKey(), login(w.alice));
    }

    @Test
    void retryAfterRoundsUp() {
        fail(w.carol, 10);
        w.clock.advance(Duration.ofMillis(1500));
        assertEquals(LOCKOUT.toSeconds() - 1, locked(w.carol).retryAfterSeconds());
        w.clock.advance(LOCKOUT.minusMillis(1501));
        assertEquals(1, locked(w.carol).retryAfterSeconds());
    }

    @Test
    void theLockEndsAfterTheLockoutTime() {
        fail(w.carol, 10);
        w.clock.advance(LOCKOUT.minusSeconds(1));
        assertEquals(1, locked(w.carol).retryAfterSeconds());
        w.clock.advance(Duration.ofSeconds(1));
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        // and a fresh count starts after it
        fail(w.carol, 9);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
    }

    @Test
    void afterAnExpiredLockTheCountStartsAgainWithoutASuccess() {
        fail(w.carol, 10);
        w.clock.advance(LOCKOUT);
        fail(w.carol, 9);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        fail(w.carol, 10);
        locked(w.carol);
    }

    @Test
    void failuresOlderThanTheLockoutTimeDoNotAccumulate() {
        fail(w.carol, 9);
        w.clock.advance(LOCKOUT.plusSeconds(1));
        fail(w.carol, 1);
        assertEquals(w.carol.mainAccessKey(), login(w.carol), "the nine old failures have expired");
    }

    @Test
    void failuresSpreadOverMoreThanTheLockoutTimeDoNotLock() {
        // one failure every 15 minutes: never more than two within 20 minutes
        for (int i = 0; i < 30; i++) {
            fail(w.carol, 1);
            w.clock.advance(Duration.ofMinutes(15));
        }
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
    }

    @Test
    void tenFailuresWithinTheLockoutTimeLockWhateverTheSpacing() {
        fail(w.carol, 5);
        w.clock.advance(LOCKOUT.minusSeconds(60));
        fail(w.carol, 4);
        w.clock.advance(Duration.ofSeconds(59));
        fail(w.carol, 1);
        locked(w.carol);
    }

    @Test
    void onlyTheFailuresInsideTheWindowCount() {
        // 5 at t0, 4 at t0+15m, then at t0+25m the first five are older than 20 minutes: 5 count
        fail(w.carol, 5);
        w.clock.advance(Duration.ofMinutes(15));
        fail(w.carol, 4);
        w.clock.advance(Duration.ofMinutes(10));
        fail(w.carol, 1);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
    }

    @Test
    void unknownEmailsAreLockedTheSameWay() {
        String nobody = "nobody@alpha.test";
        for (int i = 0; i < 9; i++) {
            fail("alpha", nobody);
        }
        fail("alpha", "NoBody@Alpha.test ");
        TooManyRequestsException x = locked("alpha", nobody, PASSWORD);
        assertEquals(LOCKOUT.toSeconds(), x.retryAfterSeconds());
        // a known account with a wrong password looks exactly the same
        fail(w.carol, 10);
        TooManyRequestsException y = locked(w.carol);
        assertEquals(x.getMessage(), y.getMessage());
        assertEquals(x.retryAfterSeconds(), y.retryAfterSeconds());
    }

    @Test
    void wrongDomainCountsForTheAccount() {
        for (int i = 0; i < 10; i++) {
            assertThrows(AuthenticationException.class, () -> w.auth.authorize("beta", w.carol.email(), PASSWORD,
                    null));
        }
        locked(w.carol);
    }

    @Test
    void configureLockoutChangesTheLimits() {
        w.auth.configureLockout(3, Duration.ofSeconds(60));
        fail(w.carol, 2);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        fail(w.carol, 3);
        assertEquals(60, locked(w.carol).retryAfterSeconds());
        w.clock.advance(Duration.ofSeconds(60));
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        // a larger limit
        w.auth.configureLockout(20, Duration.ofSeconds(600));
        fail(w.carol, 19);
        assertEquals(w.carol.mainAccessKey(), login(w.carol));
        fail(w.carol, 20);
        assertEquals(600, locked(w.carol).retryAfterSeconds());
    }

    @Test
    void invalidConfigurationKeepsThePreviousSettings() {
        w.auth.configureLockout(3, Duration.ofSeconds(60));
        w.auth.configureLockout(0, Duration.ofSeconds(600));
        w.auth.configureLockout(-1, Duration.ofSeconds(600));
        w.auth.configureLockout(20, Duration.ZERO);
        w.auth.configureLockout(20, Duration.ofSeconds(-5));
        fail(w.carol, 3);
        assertEquals(60, locked(w.carol).retryAfterSeconds());
    }

    @Test
    void absurdlyLongLockoutIsRefusedAndLoginKeepsWorking() {
        // Duration.ofSeconds(Long.MAX_VALUE) is a valid Duration, but no Instant lies that far ahead
        w.auth.configureLockout(3, Duration.ofSeconds(Long.MAX_VALUE));
        w.auth.configureLockout(3, LoginLockout.MAX_LOCKOUT.plusSeconds(1));
        fail(w.carol, 9);
        assertEquals(w.carol.mainAccessKey(), login(w.carol), "the previous limit (10) stays");
        fail(w.carol, 10);
        assertEquals(LOCKOUT.toSeconds(), locked(w.carol).retryAfterSeconds(), "the previous time stays");
        // the longest accepted lockout works
        w.auth.configureLockout(1, LoginLockout.MAX_LOCKOUT);
        fail(w.alice, 1);
        assertEquals(LoginLockout.MAX_LOCKOUT.toSeconds(), locked(w.alice).retryAfterSeconds());
    }

    @Test
    void osgiConfigurationGoesThroughTheSameValidation() {
        w.auth.modified(config(2, 30));
        fail(w.carol, 2);
        assertEquals(30, locked(w.carol).retryAfterSeconds());
        w.clock.advance(Duration.ofSeconds(30));
        w.auth.modified(config(0, 30));
        fail(w.carol, 1);
        assertEquals(w.carol.mainAccessKey(), login(w.carol), "limit 0 is refused: still 2");
    }

    private static AuthServiceImpl.Config config(int maxFailures, long seconds) {
        return new AuthServiceImpl.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return AuthServiceImpl.Config.class;
            }

            @Override
            public int login_max_failures() {
                return maxFailures;
            }

            @Override
            public long login_lockout_seconds() {
                return seconds;
            }
        };
    }

    @Test
    void wrongCodesCountTowardTheSameLimitAsWrongPasswords() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        fail(w.carol, 5);
        for (int i = 0; i < 4; i++) {
            assertThrows(AuthenticationException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                    Map.of("otp", totp.wrongCode(w.carol.id()))));
        }
        // asking for the code does not count
        assertThrows(AuthenticationException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                Map.of()));
        assertThrows(AuthenticationException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                Map.of("otp", totp.wrongCode(w.carol.id()))));
        TooManyRequestsException x = assertThrows(TooManyRequestsException.class, () -> w.auth.authorize("alpha",
                w.carol.email(), PASSWORD, Map.of("otp", totp.code(w.carol.id()))));
        assertEquals(LOCKOUT.toSeconds(), x.retryAfterSeconds());
        assertFalse(totp.codesSeen().contains(totp.code(w.carol.id())), "a locked account's code is not checked");
    }

    @Test
    void accountsAreCountedSeparately() {
        fail(w.carol, 10);
        fail(w.alice, 9);
        assertEquals(w.alice.mainAccessKey(), login(w.alice));
        locked(w.carol);
    }

    // ------------------------------------------------------------ LoginLockout itself

    @Test
    void checkingDoesNotCount() {
        LoginLockout l = new LoginLockout(new MutableClock(World.T0));
        for (int i = 0; i < 100; i++) {
            l.checkNotLocked("a");
        }
        for (int i = 0; i < 9; i++) {
            l.failed("a");
        }
        l.checkNotLocked("a");
        l.failed("a");
        assertThrows(TooManyRequestsException.class, () -> l.checkNotLocked("a"));
        l.checkNotLocked("b");
    }

    @Test
    void configureRefusesInvalidValues() {
        LoginLockout l = new LoginLockout(new MutableClock(World.T0));
        assertThrows(IllegalArgumentException.class, () -> l.configure(0, LOCKOUT));
        assertThrows(IllegalArgumentException.class, () -> l.configure(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> l.configure(1, Duration.ofNanos(-1)));
        l.configure(1, Duration.ofSeconds(5));
        l.failed("a");
        assertEquals(5, assertThrows(TooManyRequestsException.class, () -> l.checkNotLocked("a"))
                .retryAfterSeconds());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> states(LoginLockout l) {
        try {
            Field f = LoginLockout.class.getDeclaredField("states");
            f.setAccessible(true);
            return (Map<String, ?>) f.get(l);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static int maxTracked() {
        try {
            Field f = LoginLockout.class.getDeclaredField("MAX_TRACKED");
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pruningForTheMemoryBoundKeepsCurrentLocksAndCounts() {
        MutableClock clock = new MutableClock(World.T0);
        LoginLockout l = new LoginLockout(clock);
        int max = maxTracked();
        // a lock taken with a long lockout, then the lockout is shortened: its last failure is older
        // than the (new) window while the lock itself still runs
        l.configure(1, Duration.ofHours(2));
        l.failed("victim");
        l.configure(10, LOCKOUT);
        for (int i = 0; i < max - 3; i++) {
            l.failed("junk" + i);
        }
        clock.advance(LOCKOUT.plusMinutes(10));
        for (int i = 0; i < 9; i++) {
            l.failed("counting");
        }
        l.failed("trigger");
        assertEquals(max, states(l).size());
        // the next failure, with the bound reached, prunes the expired entries
        l.failed("trigger2");
        Map<String, ?> left = states(l);
        assertTrue(left.size() < 10, "expired entries are pruned: " + left.size());
        assertTrue(left.containsKey("victim"));
        TooManyRequestsException x = assertThrows(TooManyRequestsException.class, () -> l.checkNotLocked("victim"));
        assertEquals(Duration.ofHours(2).minus(LOCKOUT.plusMinutes(10)).toSeconds(), x.retryAfterSeconds());
        // the current count survived too: one more failure locks
        l.failed("counting");
        assertThrows(TooManyRequestsException.class, () -> l.checkNotLocked("counting"));
    }

    @Test
    void manyUnknownAccountsDoNotUnlockAKnownOne() {
        fail(w.carol, 10);
        for (int i = 0; i < 50; i++) {
            fail("alpha", "spray" + i + "@alpha.test");
        }
        BerthException x = locked(w.carol);
        assertEquals(LOCKOUT.toSeconds(), ((TooManyRequestsException) x).retryAfterSeconds());
    }

    @Test
    void anAttemptInFlightWhenTheLockIsTakenDoesNotUndoIt() {
        // an attempt passes the lock check, and while its code is being verified ten other attempts
        // fail and lock the account; its own failure then must not replace the lock by a count of one
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        totp.onVerify(() -> fail(w.carol, 10));
        assertThrows(AuthenticationException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                Map.of("otp", totp.wrongCode(w.carol.id()))));
        totp.onVerify(() -> { });
        assertEquals(LOCKOUT.toSeconds(), locked(w.carol).retryAfterSeconds());
    }

    @Test
    void aFailureCountedWhileLockedChangesNothing() {
        MutableClock clock = new MutableClock(World.T0);
        LoginLockout l = new LoginLockout(clock);
        for (int i = 0; i < 10; i++) {
            l.failed("a");
        }
        clock.advance(Duration.ofSeconds(200));
        l.failed("a");
        assertEquals(LOCKOUT.toSeconds() - 200, assertThrows(TooManyRequestsException.class,
                () -> l.checkNotLocked("a")).retryAfterSeconds(), "neither undone nor extended");
    }
}
