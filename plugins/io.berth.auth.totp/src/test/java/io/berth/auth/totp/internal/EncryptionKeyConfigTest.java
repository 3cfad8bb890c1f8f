package io.berth.auth.totp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.auth.SecondFactor.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encryption key: generated when missing, stored through Configuration Admin, kept across changes. */
class EncryptionKeyConfigTest {
    private static final String USER = "u-1";
    private static final long T = 60_000_000L;

    @TempDir
    Path etc;

    private final FakeConfigurationAdmin cm = new FakeConfigurationAdmin();
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

    /** What SCR would pass after Configuration Admin delivered the stored configuration. */
    private TotpFactor.Config storedConfig() {
        Dictionary<String, Object> p = cm.properties(TotpFactor.PID);
        assertNotNull(p, "configuration " + TotpFactor.PID + " exists");
        Object issuer = p.get("issuer");
        return config(issuer == null ? "Berth" : issuer.toString(), (String) p.get(TotpFactor.KEY_PROPERTY));
    }

    private String storedKey() {
        return (String) cm.properties(TotpFactor.PID).get(TotpFactor.KEY_PROPERTY);
    }

    private byte[] enrolAndActivate(TotpFactor factor) {
        byte[] secret = new Base32().decode(factor.enrol(new Subject(USER, "a@example.org", "d")).get("secret"));
        assertTrue(factor.activate(USER, totp.code(secret, T)));
        return secret;
    }

    @Test
    void withoutKeyOneIsGeneratedAndStoredInTheSamePid() throws IOException {
        new TotpFactor(clock, store, cm, etc, config("Berth", ""));

        assertEquals(1, cm.updates.size(), "one update through ConfigurationAdmin");
        assertEquals("?", cm.requestedLocations.get(0), "not bound to this bundle: survives its uninstall");
        String key = storedKey();
        assertNotNull(key);
        assertTrue(TotpFactor.KEY_PROPERTY.startsWith("."), "private: DS keeps it out of the service properties");
        assertEquals(32, Base64.getDecoder().decode(key).length);

        Path file = etc.resolve("io.berth.auth.totp.cfg");
        assertTrue(Files.isRegularFile(file), "etc/io.berth.auth.totp.cfg written for Karaf file install");
        assertEquals(file.toUri().toString(), cm.properties(TotpFactor.PID).get(EncryptionKeyStore.FILEINSTALL_FILENAME));
        Properties onDisk = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            onDisk.load(in);
        }
        assertEquals(key, onDisk.getProperty(TotpFactor.KEY_PROPERTY));
        try {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    @Test
    void generatedKeysDiffer() {
        new TotpFactor(clock, store, cm, null, config("Berth", ""));
        String first = storedKey();
        FakeConfigurationAdmin cm2 = new FakeConfigurationAdmin();
        new TotpFactor(clock, store, cm2, null, config("Berth", ""));
        assertFalse(first.equals(cm2.properties(TotpFactor.PID).get(TotpFactor.KEY_PROPERTY)));
    }

    @Test
    void theModifiedCallWithTheStoredKeyLosesNothing() {
        TotpFactor factor = new TotpFactor(clock, store, cm, etc, config("Berth", ""));
        byte[] secret = enrolAndActivate(factor);

        factor.modified(storedConfig()); // Configuration Admin delivers what was stored
        assertEquals(1, cm.updates.size(), "the stored key is used, not stored again");
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aReinstalledFactorReadsEarlierEnrolments() {
        TotpFactor first = new TotpFactor(clock, store, cm, etc, config("Berth", ""));
        byte[] secret = enrolAndActivate(first);

        // feature uninstalled and installed again: a new instance gets the stored configuration
        TotpFactor again = new TotpFactor(clock, store, cm, etc, storedConfig());
        assertEquals(1, cm.updates.size(), "no new key");
        clock.setStep(T + 1);
        assertTrue(again.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void otherPropertiesAreKeptWhenTheKeyIsStored() {
        cm.preset(TotpFactor.PID, Map.of("issuer", "ACME"));
        new TotpFactor(clock, store, cm, etc, config("ACME", ""));
        Dictionary<String, Object> p = cm.properties(TotpFactor.PID);
        assertEquals("ACME", p.get("issuer"));
        assertNotNull(p.get(TotpFactor.KEY_PROPERTY));
    }

    @Test
    void anExistingCfgFileIsNotOverwritten() throws IOException {
        Path file = etc.resolve("io.berth.auth.totp.cfg");
        Files.writeString(file, "issuer = ACME\n");
        cm.preset(TotpFactor.PID, Map.of("issuer", "ACME", EncryptionKeyStore.FILEINSTALL_FILENAME, file.toUri().toString()));
        new TotpFactor(clock, store, cm, etc, config("ACME", ""));
        // Karaf file install writes the updated configuration into the file it came from
        assertEquals("issuer = ACME\n", Files.readString(file));
        assertEquals(file.toUri().toString(), cm.properties(TotpFactor.PID).get(EncryptionKeyStore.FILEINSTALL_FILENAME));
        assertNotNull(storedKey());
    }

    @Test
    void aConfiguredKeyIsUsedAndNotStored() {
        byte[] key = new byte[32];
        key[0] = 7;
        String configured = Base64.getEncoder().encodeToString(key);
        TotpFactor factor = new TotpFactor(clock, store, cm, etc, config("Berth", configured));
        assertTrue(cm.updates.isEmpty());
        byte[] secret = enrolAndActivate(factor);

        // the same key given directly reads the enrolment: the configured key was the one used
        TotpFactor direct = new TotpFactor(clock, store, new TotpFactor.Settings("Berth", key));
        clock.setStep(T + 1);
        assertTrue(direct.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aRemovedKeyIsKeptAndStoredAgain() {
        TotpFactor factor = new TotpFactor(clock, store, cm, etc, config("Berth", ""));
        String key = storedKey();
        byte[] secret = enrolAndActivate(factor);

        factor.modified(config("Berth", "")); // e.g. someone deleted the line from the .cfg file
        assertEquals(2, cm.updates.size());
        assertEquals(key, storedKey(), "the key in use is stored again, not replaced");
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, totp.code(secret, T + 1)));
    }

    @Test
    void aChangedKeyMakesEnrolmentsUnverifiableButActive() {
        TotpFactor factor = new TotpFactor(clock, store, cm, etc, config("Berth", ""));
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
        TotpFactor factor = new TotpFactor(clock, store, cm, etc, config("Berth", "not-a-key"));
        assertTrue(cm.updates.isEmpty(), "an administrator's value is never overwritten");
        assertThrows(IllegalStateException.class, () -> factor.enrol(new Subject(USER, "a@example.org", "d")));
        assertFalse(factor.verify(USER, "123456"));
        // 31 bytes is not an AES-256 key either
        assertTrue(EncryptionKeyStore.decode(Base64.getEncoder().encodeToString(new byte[31])).isEmpty());
        assertArrayEquals(new byte[32], EncryptionKeyStore.decode(Base64.getEncoder().encodeToString(new byte[32])).orElseThrow());
    }

    @Test
    void whenStoringFailsTheFactorStillWorksForNow() {
        cm.failUpdates = new IOException("read-only");
        TotpFactor factor = new TotpFactor(clock, store, cm, null, config("Berth", ""));
        byte[] secret = enrolAndActivate(factor);
        clock.setStep(T + 1);
        assertTrue(factor.verify(USER, totp.code(secret, T + 1)));
    }
}
