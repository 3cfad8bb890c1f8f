package io.berth.auth.totp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.auth.SecondFactor.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TotpFactorTest {
    private static final String USER = "3f2a9c1e-0000-4000-8000-000000000001";
    private static final String OTHER = "3f2a9c1e-0000-4000-8000-000000000002";
    private static final Subject ALICE = new Subject(USER, "alice@example.org", "default");
    private static final long T = 60_000_000L; // a time step in 2027

    private final Totp totp = new Totp(6, 30);
    private InMemoryPluginStore store;
    private MutableClock clock;
    private TotpFactor factor;

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @BeforeEach
    void setUp() {
        store = new InMemoryPluginStore();
        clock = new MutableClock(Instant.EPOCH);
        clock.setStep(T);
        factor = new TotpFactor(clock, store, new TotpFactor.Settings("Berth", key(1)));
    }

    private static byte[] secretOf(Map<String, String> enrolment) {
        return new Base32().decode(enrolment.get("secret"));
    }

    private String code(byte[] secret, long step) {
        return totp.code(secret, step);
    }

    /** Enrols and activates the user at step {@link #T}; returns the secret. */
    private byte[] enrolActive(TotpFactor f, String userId) {
        byte[] secret = secretOf(f.enrol(new Subject(userId, userId + "@example.org", "default")));
        assertTrue(f.activate(userId, code(secret, T)));
        return secret;
    }

    private String stored(String userId) {
        return store.get(TotpFactor.NAMESPACE, userId).orElseThrow().value();
    }

    @Test
    void lifecycleEnrolActivateVerifyDisable() {
        assertFalse(factor.isActive(USER));
        assertFalse(factor.verify(USER, "123456"));

        Map<String, String> enrolment = factor.enrol(ALICE);
        byte[] secret = secretOf(enrolment);
        assertEquals(20, secret.length);
        assertFalse(factor.isActive(USER), "pending is not active");
        assertFalse(factor.verify(USER, code(secret, T)), "verify is for active users only");

        String wrong = code(secret, T).equals("000000") ? "000001" : "000000";
        assertFalse(factor.activate(USER, wrong));
        assertFalse(factor.activate(USER, code(secret, T + 5)), "outside the window");
        assertTrue(factor.activate(USER, code(secret, T)));
        assertTrue(factor.isActive(USER));
        assertFalse(factor.activate(USER, code(secret, T + 1)), "already active: nothing pending");

        assertFalse(factor.verify(USER, code(secret, T)), "the activation code cannot log in again");
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, code(secret, T + 1)));

        factor.disable(USER);
        assertFalse(factor.isActive(USER));
        assertTrue(store.get(TotpFactor.NAMESPACE, USER).isEmpty(), "disable deletes the entry");
        clock.setStep(T + 2);
        assertFalse(factor.verify(USER, code(secret, T + 2)));
        factor.disable(USER); // nothing there: no error
    }

    @Test
    void disableRemovesAPendingEnrolment() {
        factor.enrol(ALICE);
        factor.disable(USER);
        assertTrue(store.get(TotpFactor.NAMESPACE, USER).isEmpty());
    }

    @Test
    void activationNeedsACodeOfThePendingSecret() {
        byte[] first = secretOf(factor.enrol(ALICE));
        byte[] second = secretOf(factor.enrol(ALICE)); // a new enrolment replaces the pending one
        assertNotEquals(new String(first, StandardCharsets.ISO_8859_1), new String(second, StandardCharsets.ISO_8859_1));
        assertFalse(factor.activate(USER, code(first, T)), "the replaced secret no longer counts");
        assertTrue(factor.activate(USER, code(second, T)));
    }

    @Test
    void enrolWhileActiveIsRefusedAndChangesNothing() {
        byte[] secret = enrolActive(factor, USER);
        String before = stored(USER);
        assertThrows(IllegalStateException.class, () -> factor.enrol(ALICE));
        assertEquals(before, stored(USER));
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, code(secret, T + 1)), "the active secret still works");
    }

    @Test
    void clockSkewOfOneStepEitherSideIsAccepted() {
        byte[] secret = enrolActive(factor, USER);
        long now = T + 10;
        clock.setStep(now);
        assertTrue(factor.verify(USER, code(secret, now - 1)), "one step behind");
        assertTrue(factor.verify(USER, code(secret, now)), "current step");
        assertTrue(factor.verify(USER, code(secret, now + 1)), "one step ahead");
    }

    @Test
    void twoStepsAwayIsRefused() {
        byte[] secret = enrolActive(factor, USER);
        long now = T + 10;
        clock.setStep(now);
        assertFalse(factor.verify(USER, code(secret, now - 2)), "two steps behind");
        assertFalse(factor.verify(USER, code(secret, now + 2)), "two steps ahead");
        // the same codes pass when the clock is there, so the refusals above came from the window
        clock.setStep(now + 2);
        assertTrue(factor.verify(USER, code(secret, now + 2)));
    }

    @Test
    void aCodeIsAcceptedOnce() {
        byte[] secret = enrolActive(factor, USER);
        clock.setStep(T + 3);
        String c = code(secret, T + 3);
        assertTrue(factor.verify(USER, c));
        assertFalse(factor.verify(USER, c), "replay");
        clock.set(clock.instant().plusSeconds(10)); // still within the window of that step
        assertFalse(factor.verify(USER, c), "replay a little later");
    }

    @Test
    void anOlderStepAfterANewerOneIsRefused() {
        byte[] secret = enrolActive(factor, USER);
        clock.setStep(T + 3);
        assertTrue(factor.verify(USER, code(secret, T + 3)));
        assertFalse(factor.verify(USER, code(secret, T + 2)), "older step, though inside the window");
        assertTrue(factor.verify(USER, code(secret, T + 4)), "a newer step still passes");
    }

    @Test
    void concurrentUseOfOneCodePassesExactlyOnce() throws Exception {
        byte[] secret = enrolActive(factor, USER);
        clock.setStep(T + 1);
        String c = code(secret, T + 1);
        int threads = 8;
        store.holdReadsTogether(threads); // every thread reads the same entry version before any writes
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> factor.verify(USER, c));
            }
            int passed = 0;
            for (Future<Boolean> f : pool.invokeAll(calls, 30, TimeUnit.SECONDS)) {
                passed += f.get() ? 1 : 0;
            }
            assertEquals(1, passed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uriNamesIssuerAndAccountUrlEncoded() {
        TotpFactor acme = new TotpFactor(clock, store, new TotpFactor.Settings("ACME GPU & Co/Lab", key(1)));
        Map<String, String> e = acme.enrol(new Subject(USER, "alice+gpu@example.org", "default"));
        String secret = e.get("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), "Base32 of 20 bytes, no padding: " + secret);
        assertEquals("otpauth://totp/ACME%20GPU%20%26%20Co%2FLab:alice%2Bgpu%40example.org?secret=" + secret
                + "&issuer=ACME%20GPU%20%26%20Co%2FLab&algorithm=SHA1&digits=6&period=30", e.get("uri"));
        assertEquals(Set.of("secret", "uri"), e.keySet());
    }

    @Test
    void defaultIssuerUri() {
        String uri = factor.enrol(ALICE).get("uri");
        assertTrue(uri.startsWith("otpauth://totp/Berth:alice%40example.org?secret="), uri);
        assertTrue(uri.endsWith("&issuer=Berth&algorithm=SHA1&digits=6&period=30"), uri);
        assertFalse(uri.contains("="+ "&") || uri.contains("%3D"), "no Base32 padding: " + uri);
    }

    @Test
    void storedValueIsVersionedAndHidesTheSecret() {
        Map<String, String> e = factor.enrol(ALICE);
        String base32 = e.get("secret");
        byte[] secret = secretOf(e);
        String pending = stored(USER);
        assertTrue(pending.startsWith("v1;pending;-1;"), pending);
        assertFalse(pending.contains(base32));
        assertFalse(pending.contains(java.util.Base64.getEncoder().encodeToString(secret)));

        assertTrue(factor.activate(USER, code(secret, T)));
        String active = stored(USER);
        assertTrue(active.startsWith("v1;active;" + T + ";"), active);
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, code(secret, T + 1)));
        String afterLogin = stored(USER);
        assertTrue(afterLogin.startsWith("v1;active;" + (T + 1) + ";"), afterLogin);

        Set<String> sealed = new HashSet<>();
        for (String v : List.of(pending, active, afterLogin)) {
            assertFalse(v.contains(base32));
            sealed.add(v.substring(v.lastIndexOf(';') + 1));
        }
        assertEquals(3, sealed.size(), "a fresh IV, so a different ciphertext, on every write");
    }

    @Test
    void sameSecretEncryptsDifferentlyEachTime() {
        SecretCipher cipher = new SecretCipher(key(1), new java.security.SecureRandom());
        byte[] secret = new byte[20];
        assertNotEquals(cipher.seal(secret, USER), cipher.seal(secret, USER));
    }

    @Test
    void wrongKeyKeepsTheFactorActiveButRefusesCodes() {
        byte[] secret = enrolActive(factor, USER);
        TotpFactor otherKey = new TotpFactor(clock, store, new TotpFactor.Settings("Berth", key(2)));
        clock.setStep(T + 1);
        assertTrue(otherKey.isActive(USER), "2FA must not silently disappear");
        assertFalse(otherKey.verify(USER, code(secret, T + 1)));
        assertThrows(IllegalStateException.class, () -> otherKey.enrol(ALICE), "still counts as active");
        // the right key still verifies that very code: the refusal came from the key
        assertTrue(factor.verify(USER, code(secret, T + 1)));
    }

    @Test
    void aCiphertextCopiedToAnotherUserDoesNotVerify() {
        byte[] secret = enrolActive(factor, USER);
        store.put(TotpFactor.NAMESPACE, OTHER, stored(USER));
        clock.setStep(T + 1);
        assertTrue(factor.isActive(OTHER));
        assertFalse(factor.verify(OTHER, code(secret, T + 1)));
        assertTrue(factor.verify(USER, code(secret, T + 1)), "the same code is valid for its own user");
    }

    @Test
    void unreadableValueFailsClosed() {
        store.put(TotpFactor.NAMESPACE, USER, "v9;something-newer");
        assertTrue(factor.isActive(USER));
        assertFalse(factor.verify(USER, "123456"));
        assertThrows(IllegalStateException.class, () -> factor.enrol(ALICE));
    }

    @Test
    void malformedCodesAreRefused() {
        byte[] secret = enrolActive(factor, USER);
        clock.setStep(T + 1);
        String c = code(secret, T + 1);
        assertFalse(factor.verify(USER, null));
        assertFalse(factor.verify(USER, ""));
        assertFalse(factor.verify(USER, c + "0"));
        assertFalse(factor.verify(USER, c.substring(1)));
        assertFalse(factor.verify(USER, "12345a"));
        assertTrue(factor.verify(USER, c.substring(0, 3) + " " + c.substring(3)), "a space between groups is fine");
    }
}
