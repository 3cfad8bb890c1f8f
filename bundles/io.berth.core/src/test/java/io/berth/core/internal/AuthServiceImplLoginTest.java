package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.auth.LoginResult;
import io.berth.core.error.AuthenticationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthServiceImplLoginTest {
    private static final String WRONG = "wrong domain, email or password";
    private final World w = new World();

    private String failure(String domain, String email, String password) {
        return assertThrows(AuthenticationException.class,
                () -> w.auth.authorize(domain, email, password, Map.of())).getMessage();
    }

    @Test
    void loginReturnsTheMainKeypairAndRole() {
        LoginResult r = w.auth.authorize("alpha", w.carol.email(), PASSWORD, Map.of());
        KeyPair main = w.key(w.carol.mainAccessKey());
        assertEquals(main.accessKey(), r.accessKey());
        assertEquals(main.secretKey(), r.secretKey());
        assertEquals("user", r.role());
        assertEquals("active", r.status());
        assertFalse(r.needPasswordChange());
        assertEquals("admin", w.auth.authorize("alpha", w.adminA.email(), PASSWORD, null).role());
        assertEquals("superadmin", w.auth.authorize("default", w.superadmin.email(), PASSWORD, null).role());
    }

    @Test
    void emailIsMatchedCaseInsensitively() {
        assertEquals(w.carol.mainAccessKey(),
                w.auth.authorize("alpha", "  Carol@ALPHA.test ", PASSWORD, Map.of()).accessKey());
    }

    @Test
    void needPasswordChangeIsReportedButDoesNotBlock() {
        w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                new UserUpdate(null, null, null, null, null, null, null, true, null, null));
        assertTrue(w.auth.authorize("alpha", w.carol.email(), PASSWORD, Map.of()).needPasswordChange());
    }

    @Test
    void wrongPasswordUnknownEmailAndWrongDomainLookTheSame() {
        List<String> messages = List.of(
                failure("alpha", w.carol.email(), "Wrong-pass1"),
                failure("alpha", "nobody@alpha.test", PASSWORD),
                failure("beta", w.carol.email(), PASSWORD),
                failure("no-such-domain", w.carol.email(), PASSWORD),
                failure(null, w.carol.email(), PASSWORD),
                failure("alpha", null, PASSWORD),
                failure("alpha", w.carol.email(), null),
                failure("alpha", "x".repeat(65) + "@alpha.test", PASSWORD));
        for (String m : messages) {
            assertEquals(WRONG, m);
        }
    }

    @Test
    void inactiveAndBeforeVerificationHaveDistinctMessages() {
        w.svc.createUser(Caller.SYSTEM, new NewUser("bv@alpha.test", null, PASSWORD, null, null, "alpha", Role.USER,
                UserStatus.BEFORE_VERIFICATION, null, null, null, null));
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        String inactive = failure("alpha", w.carol.email(), PASSWORD);
        String unverified = failure("alpha", "bv@alpha.test", PASSWORD);
        assertNotEquals(inactive, unverified);
        assertNotEquals(WRONG, inactive);
        assertNotEquals(WRONG, unverified);
        assertTrue(inactive.contains("inactive"), inactive);
        assertTrue(unverified.contains("verified"), unverified);
        // with a wrong password the state of the account is not revealed
        assertEquals(WRONG, failure("alpha", w.carol.email(), "Wrong-pass1"));
        assertEquals(WRONG, failure("alpha", "bv@alpha.test", "Wrong-pass1"));
    }

    @Test
    void inactiveDomainIsRefused() {
        w.svc.updateDomain(Caller.SYSTEM, "alpha", new DomainUpdate(null, false, null, null, null));
        String m = failure("alpha", w.carol.email(), PASSWORD);
        assertNotEquals(WRONG, m);
        assertTrue(m.contains("alpha") && m.contains("inactive"), m);
        // other domains are unaffected
        assertEquals(w.bob.mainAccessKey(), w.auth.authorize("beta", w.bob.email(), PASSWORD, null).accessKey());
    }

    @Test
    void loginFallsBackToTheOldestOtherActiveKeypair() {
        KeyPair inactive = w.addKey(w.carol, false);
        KeyPair older = w.addKey(w.carol, true);
        w.addKey(w.carol, true);
        w.setActive(w.carol.mainAccessKey(), false);
        LoginResult r = w.auth.authorize("alpha", w.carol.email(), PASSWORD, null);
        assertEquals(older.accessKey(), r.accessKey());
        assertEquals(older.secretKey(), r.secretKey());
        assertNotEquals(inactive.accessKey(), r.accessKey());
    }

    @Test
    void noActiveKeypairRefusesLogin() {
        w.setActive(w.carol.mainAccessKey(), false);
        String m = failure("alpha", w.carol.email(), PASSWORD);
        assertTrue(m.contains("no active keypair"), m);
    }

    @Test
    void reactivatedUserWithoutActiveKeypairCannotLogInUntilAKeypairIsActivated() {
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                new UserUpdate(null, null, null, null, null, UserStatus.ACTIVE, null, null, null, null));
        assertTrue(failure("alpha", w.carol.email(), PASSWORD).contains("no active keypair"));
        w.setActive(w.carol.mainAccessKey(), true);
        assertEquals(w.carol.mainAccessKey(), w.auth.authorize("alpha", w.carol.email(), PASSWORD, null).accessKey());
    }
}
