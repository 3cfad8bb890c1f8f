package io.berth.auth.totp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.auth.SecondFactor.Subject;
import org.apache.commons.codec.binary.Base32;
import io.berth.spi.data.SecretKeys;
import java.lang.annotation.Annotation;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The encryption key: the configured {@code .encryption_key} when set, else the manager's own key
 * {@code auth.totp} (kept apart from the database, the same across restarts and reinstalls).
 */
class EncryptionKeyConfigTest {
    private static final String USER = "u-1";
    private static final long T = 60_000_000L;

    /** The manager's keys, as core keeps them: created at first use, the same ever after. */
    private static final class Keys implements SecretKeys {
        final Map<String, byte[]> keys = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public byte[] key(String name, int length) {
            asked.add(name);
            return keys.computeIfAbsent(name, n -> {
                byte[] k = new byte[length];
                new SecureRandom().nextBytes(k);
                return k;
            }).clone();
        }
    }

    private final Keys keys = new Keys();
    private final InMemoryPluginStore store = new InMemoryPluginStore();
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final Totp totp = new Totp(6, 30);

    @BeforeEach
    void setUp() {
        clock.setStep(T);
    }

    /** What SCR passes: the configuration's properties seen through the annotation type. */
    static TotpFactor.Config config(String issuer, String key) {
        return new TotpFactor.Config() {
            @Override
            public String issuer() {
                return issuer;
            }

            @Override
            public String _encryption__key() {
                return key;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return TotpFactor.Config.class;
            }
        };
    }

    private byte[] enrolAndActivate(TotpFactor factor) {
        byte[] secret = new Base32().decode(factor.enrol(new Subject(USER, "a@example.org", "d")).get("secret"));
        assertTrue(factor.activate(USER, totp.code(secret, T)));
        return secret;
    }

    @Test
    void withoutAConfiguredKeyTheManagersKeyIsUsed() {
        TotpFactor factor = new TotpFactor(clock, store, keys, config("Berth", ""));
        assertEquals(List.of(TotpFactor.KEY_NAME), keys.asked);
        byte[] secret = enrolAndActivate(factor);
        // the same key given directly reads the enrolment
        TotpFactor direct = new TotpFactor(clock, store,
                new TotpFactor.Settings("Berth", keys.keys.get(TotpFactor.KEY_NAME)));
        clock.setStep(T + 1);
        assertTrue(direct.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aReinstalledFactorReadsEarlierEnrolments() {
        TotpFactor first = new TotpFactor(clock, store, keys, config("Berth", ""));
        byte[] secret = enrolAndActivate(first);
        TotpFactor again = new TotpFactor(clock, store, keys, config("Berth", ""));
        clock.setStep(T + 1);
        assertTrue(again.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aConfiguredKeyIsUsedAndTheManagersIsNotAskedFor() {
        byte[] key = new byte[32];
        key[0] = 7;
        TotpFactor factor = new TotpFactor(clock, store, keys, config("Berth", Base64.getEncoder().encodeToString(key)));
        assertTrue(keys.asked.isEmpty());
        byte[] secret = enrolAndActivate(factor);
        TotpFactor direct = new TotpFactor(clock, store, new TotpFactor.Settings("Berth", key));
        clock.setStep(T + 1);
        assertTrue(direct.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aRemovedConfiguredKeyIsKeptInUse() {
        byte[] key = new byte[32];
        key[3] = 9;
        TotpFactor factor = new TotpFactor(clock, store, keys, config("Berth", Base64.getEncoder().encodeToString(key)));
        byte[] secret = enrolAndActivate(factor);
        factor.modified(config("Berth", "")); // e.g. someone deleted the line from the .cfg file
        factor.modified(config("Berth", "")); // and the configuration is delivered again
        assertTrue(keys.asked.isEmpty(), "the key in use is kept, not replaced by the manager's");
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aChangedKeyMakesEnrolmentsUnverifiableButActive() {
        TotpFactor factor = new TotpFactor(clock, store, keys, config("Berth", ""));
        byte[] secret = enrolAndActivate(factor);
        byte[] other = new byte[32];
        other[31] = 1;
        factor.modified(config("Berth", Base64.getEncoder().encodeToString(other)));
        clock.setStep(T + 1);
        assertTrue(factor.isActive(USER));
        assertFalse(factor.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void anInvalidKeyIsNeitherReplacedNorUsable() {
        TotpFactor factor = new TotpFactor(clock, store, keys, config("Berth", "not-a-key"));
        assertTrue(keys.asked.isEmpty(), "an administrator's value is never replaced");
        assertThrows(IllegalStateException.class, () -> factor.enrol(new Subject(USER, "a@example.org", "d")));
        assertFalse(factor.verify(USER, "123456"));
        // 31 bytes is not an AES-256 key either; both Base64 alphabets are read
        assertTrue(SecretCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[31])).isEmpty());
        assertArrayEquals(new byte[32], SecretCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[32]))
                .orElseThrow());
        byte[] dashes = new byte[32];
        java.util.Arrays.fill(dashes, (byte) 0xfb);
        assertArrayEquals(dashes, SecretCipher.decodeKey(Base64.getUrlEncoder().encodeToString(dashes)).orElseThrow());
    }
}
