package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.AuthenticationException;
import io.berth.core.error.BerthException;
import io.berth.core.error.TooManyRequestsException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.User;
import io.berth.core.testing.FakeSecondFactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password login with installed second factors: the code goes in the login field {@code otp}. */
class AuthServiceImplSecondFactorTest {
    private static final String WRONG_PASSWORD = "wrong domain, email or password";
    private final World w = new World();

    private String login(User u, Map<String, Object> extra) {
        return w.auth.authorize(u.domainName(), u.email(), PASSWORD, extra).accessKey();
    }

    private AuthenticationException refused(User u, Map<String, Object> extra) {
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> w.auth.authorize(u.domainName(), u.email(), PASSWORD, extra));
        assertEquals(401, x.status());
        return x;
    }

    private static Map<String, Object> otp(Object code) {
        Map<String, Object> m = new HashMap<>();
        m.put("otp", code);
        return m;
    }

    /**
     * How many more wrong passwords lock the account (10 for one with no failure counted). Needs a factor
     * active for the user: the probe between the attempts is the right password without a code, which
     * is refused without being counted until the lock answers 429 instead.
     */
    private int failuresLeftBeforeLock(User u) {
        for (int i = 1; i <= LoginLockout.DEFAULT_MAX_FAILURES + 1; i++) {
            assertThrows(AuthenticationException.class,
                    () -> w.auth.authorize(u.domainName(), u.email(), "Wrong-pass1", null));
            try {
                w.auth.authorize(u.domainName(), u.email(), PASSWORD, null);
                throw new AssertionError("the probe needs a second factor active for " + u.email());
            } catch (TooManyRequestsException locked) {
                return i;
            } catch (AuthenticationException stillOpen) {
                assertTrue(stillOpen.getMessage().contains("otp"), stillOpen.getMessage());
            }
        }
        throw new AssertionError("never locked");
    }

    @Test
    void noFactorInstalledNeedsNoCode() {
        assertEquals(List.of(), w.factors.names());
        assertEquals(w.carol.mainAccessKey(), login(w.carol, null));
        assertEquals(w.carol.mainAccessKey(), login(w.carol, Map.of()));
        // a code sent anyway is ignored
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp("123456")));
    }

    @Test
    void factorInstalledButNotActiveForTheUserNeedsNoCode() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.alice.id());
        assertEquals(w.carol.mainAccessKey(), login(w.carol, null));
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp("000000")));
        assertFalse(totp.calls().contains("verify " + w.carol.id()), "a code of an inactive factor is not checked");
        // a pending enrolment is not active either
        w.twoFactor.enrol(World.caller(w.carol), "totp");
        assertTrue(totp.isPending(w.carol.id()));
        assertEquals(w.carol.mainAccessKey(), login(w.carol, null));
    }

    @Test
    void activeFactorWithoutCodeIsRefusedAskingForOtpAndNotCounted() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        for (Map<String, Object> extra : List.of(Map.<String, Object>of(), otp(""), otp("   "), otp(123456),
                otp(null), Map.<String, Object>of("code", totp.code(w.carol.id())))) {
            AuthenticationException x = refused(w.carol, extra);
            assertTrue(x.getMessage().contains("otp"), x.getMessage());
            assertTrue(x.getMessage().contains("totp"), "names the factor: " + x.getMessage());
        }
        assertTrue(refused(w.carol, null).getMessage().contains("otp"));
        assertFalse(totp.calls().contains("verify " + w.carol.id()), "nothing to verify without a code");
        // many asks for the code lock nothing: a fresh account still takes all 10 failures
        for (int i = 0; i < 3 * LoginLockout.DEFAULT_MAX_FAILURES; i++) {
            refused(w.carol, null);
        }
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(totp.code(w.carol.id()))));
        totp.nextStep();
        for (int i = 0; i < 3 * LoginLockout.DEFAULT_MAX_FAILURES; i++) {
            refused(w.carol, null);
        }
        assertEquals(LoginLockout.DEFAULT_MAX_FAILURES, failuresLeftBeforeLock(w.carol));
    }

    @Test
    void wrongCodeIsRefusedAndCounted() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        AuthenticationException x = refused(w.carol, otp(totp.wrongCode(w.carol.id())));
        assertTrue(x.getMessage().contains("code"), x.getMessage());
        // an over-long code is refused without asking the factor, and counted too
        refused(w.carol, otp("1".repeat(17)));
        assertEquals(List.of(totp.wrongCode(w.carol.id())), totp.codesSeen());
        assertEquals(LoginLockout.DEFAULT_MAX_FAILURES - 2, failuresLeftBeforeLock(w.carol));
    }

    @Test
    void rightCodeIsAcceptedOnceAndASuccessResetsTheCount() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        refused(w.carol, otp(totp.wrongCode(w.carol.id())));
        String code = totp.code(w.carol.id());
        // surrounding blanks are trimmed before the factor sees the code
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(" " + code + " ")));
        assertEquals(code, totp.codesSeen().get(totp.codesSeen().size() - 1));
        // the same code again is a replay: refused and counted
        AuthenticationException replay = refused(w.carol, otp(code));
        assertTrue(replay.getMessage().contains("already used"), replay.getMessage());
        // the success reset the earlier failure, the replay counts: 9 left
        assertEquals(LoginLockout.DEFAULT_MAX_FAILURES - 1, failuresLeftBeforeLock(w.carol));
    }

    @Test
    void codeIsNotAskedWhenThePasswordIsWrong() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> w.auth.authorize("alpha", w.carol.email(), "Wrong-pass1", otp(totp.code(w.carol.id()))));
        assertEquals(WRONG_PASSWORD, x.getMessage(), "a wrong password does not reveal that a factor is active");
        assertEquals(List.of(), totp.codesSeen());
        // nor for an inactive account
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        assertTrue(refused(w.carol, null).getMessage().contains("inactive"));
        assertEquals(List.of(), totp.codesSeen());
    }

    @Test
    void twoActiveFactorsNeedBothFromTheSameOtpField() {
        // same code seed: the codes agree while both are at the same step
        FakeSecondFactor totp = w.install(new FakeSecondFactor("totp", "shared"));
        FakeSecondFactor hotp = w.install(new FakeSecondFactor("hotp", "shared"));
        totp.activateFor(w.carol.id());
        hotp.activateFor(w.carol.id());
        String id = w.carol.id();
        hotp.nextStep();
        assertFalse(totp.code(id).equals(hotp.code(id)));
        // the first factor by name is asked for first
        AuthenticationException missing = refused(w.carol, null);
        assertTrue(missing.getMessage().contains("hotp"), missing.getMessage());
        // a code right for only one of them is not enough, whichever it is
        refused(w.carol, otp(totp.code(id)));
        refused(w.carol, otp(hotp.code(id)));
        assertTrue(totp.codesSeen().contains(hotp.code(id)), "the second factor checks the same field");
        // both at a fresh common step: one code satisfies both
        hotp.nextStep();
        totp.nextStep();
        totp.nextStep();
        assertEquals(totp.code(id), hotp.code(id));
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(totp.code(id))));
        // with one factor disabled the other one alone decides
        hotp.disable(id);
        totp.nextStep();
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(totp.code(id))));
    }

    @Test
    void aFactorActiveForAnotherUserOnlyIsNotAskedOfThisOne() {
        FakeSecondFactor totp = w.install("totp");
        FakeSecondFactor hotp = w.install("hotp");
        totp.activateFor(w.carol.id());
        hotp.activateFor(w.alice.id());
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(totp.code(w.carol.id()))));
        assertEquals(w.alice.mainAccessKey(), login(w.alice, otp(hotp.code(w.alice.id()))));
        assertEquals(List.of(totp.code(w.carol.id())), totp.codesSeen());
        assertEquals(List.of(hotp.code(w.alice.id())), hotp.codesSeen());
    }

    @Test
    void removedFactorIsNoLongerAskedFor() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        refused(w.carol, null);
        w.uninstall(totp);
        assertEquals(w.carol.mainAccessKey(), login(w.carol, null));
        // installed again, the factor (which kept its state) is asked for again
        w.factors.addFactor(totp, totp.properties());
        refused(w.carol, null);
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(totp.code(w.carol.id()))));
    }

    @Test
    void otpNeverAppearsInErrorMessages() {
        FakeSecondFactor totp = w.install("totp");
        totp.activateFor(w.carol.id());
        String right = totp.code(w.carol.id());
        assertEquals(w.carol.mainAccessKey(), login(w.carol, otp(right)));
        // wrong, replayed, over-long codes, and then the locked account's answer
        List<String> sent = List.of(totp.wrongCode(w.carol.id()), "987654", right, "code-" + "7".repeat(20),
                "424242", "313131", "202020", "191919", "181818", "171717", right);
        for (String code : sent) {
            BerthException x = assertThrows(BerthException.class,
                    () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD, otp(code)));
            assertFalse(x.getMessage().contains(code), x.getMessage());
            assertFalse(x.toString().contains(code), x.toString());
            assertEquals(null, x.field());
        }
        assertTrue(assertThrows(BerthException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                otp(right))) instanceof TooManyRequestsException);
    }
}
