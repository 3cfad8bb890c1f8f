package io.berth.auth.totp.internal;

import io.berth.spi.auth.SecondFactor;
import io.berth.spi.data.PluginStore;
import io.berth.spi.data.SecretKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code totp} second factor: RFC 6238 codes (HMAC-SHA-1, 6 digits, 30-second steps, one step of
 * clock skew either side), each accepted at most once per user. Enrolments live in the
 * {@link PluginStore} (namespace {@value #NAMESPACE}, key = user id, value format in {@link Enrolment})
 * with the secret encrypted by AES-256-GCM under {@code .encryption_key} of configuration {@value #PID};
 * when that is empty, under the manager's secret key {@value #KEY_NAME} ({@link SecretKeys}), which
 * lives apart from the database.
 *
 * <p>Every change of an entry is a compare-and-set on its version ({@link PluginStore#replace}), so two
 * logins racing with the same code cannot both pass. Secrets and the key are never logged.
 */
@Component(service = SecondFactor.class, property = SecondFactor.PROPERTY + "=" + TotpFactor.NAME,
        configurationPid = TotpFactor.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TotpFactor.Config.class)
public final class TotpFactor implements SecondFactor {
    static final String NAME = "totp";
    static final String PID = "io.berth.auth.totp";
    static final String NAMESPACE = "auth.totp";
    /**
     * The configuration property of the key ({@link Config#_encryption__key()}). The leading full stop makes
     * it a private component property: Declarative Services does not copy it into the service properties,
     * where {@code service:list} and similar tools would show it.
     */
    static final String KEY_PROPERTY = ".encryption_key";
    /** The name of the key the manager keeps for this factor when none is configured. */
    static final String KEY_NAME = "auth.totp";

    static final int DIGITS = 6;
    static final int PERIOD_SECONDS = 30;
    /** Steps of clock skew accepted either side of the current one. */
    static final int WINDOW = 1;
    static final int SECRET_BYTES = 20;
    private static final int MAX_ATTEMPTS = 16;

    /** Configuration {@value #PID}; Karaf keeps it in {@code etc/io.berth.auth.totp.cfg}. */
    @ObjectClassDefinition(name = "Berth TOTP second factor",
            description = "Time-based one-time passwords (RFC 6238) as a second login factor")
    public @interface Config {
        @AttributeDefinition(description = "Issuer shown in authenticator apps (otpauth URI label and issuer)")
        String issuer() default "Berth";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Base64 of the 32-byte AES-256 key "
                + "that encrypts the enrolments; when empty, the manager's own key auth.totp (data/keys) is used. "
                + "Changing it makes existing enrolments unverifiable")
        String _encryption__key() default "";
    }

    /** What the factor runs with; {@code encryptionKey} is null when the configured key is unusable. */
    record Settings(String issuer, byte[] encryptionKey) {
        Settings {
            Objects.requireNonNull(issuer, "issuer");
            if (encryptionKey != null && encryptionKey.length != SecretCipher.KEY_BYTES) {
                throw new IllegalArgumentException("an AES-256 key has " + SecretCipher.KEY_BYTES + " bytes");
            }
        }
    }

    /** Settings in force, with the cipher made from them and whether a key mismatch was reported yet. */
    private record Current(Settings settings, SecretCipher cipher, AtomicBoolean mismatchReported) {
    }

    private static final System.Logger LOG = System.getLogger(TotpFactor.class.getName());

    private final Clock clock;
    private final PluginStore store;
    private final SecureRandom random;
    private final Totp totp = new Totp(DIGITS, PERIOD_SECONDS);
    private final SecretKeys keys;
    private volatile Current current;
    /** Whether the key in use came from {@code .encryption_key} rather than the manager's key. */
    private volatile boolean fromConfiguration;

    @Activate
    public TotpFactor(@Reference PluginStore store, @Reference SecretKeys keys, Config config) {
        this(Clock.systemUTC(), store, new SecureRandom(), keys);
        modified(config);
    }

    /** For tests: fixed settings, no key service. */
    TotpFactor(Clock clock, PluginStore store, Settings settings) {
        this(clock, store, new SecureRandom(), null);
        install(settings);
    }

    /** For tests of the key handling. */
    TotpFactor(Clock clock, PluginStore store, SecretKeys keys, Config config) {
        this(clock, store, new SecureRandom(), keys);
        modified(config);
    }

    private TotpFactor(Clock clock, PluginStore store, SecureRandom random, SecretKeys keys) {
        this.clock = clock;
        this.store = store;
        this.random = random;
        this.keys = keys;
    }

    /**
     * Applies a configuration. An empty key means: keep the key in use (or generate one when there is none)
     * and store it into the configuration; Configuration Admin then calls this again with the key, which
     * changes nothing. A key that is not Base64 of 32 bytes is reported and leaves the factor unable to
     * enrol or verify (login fails closed) until it is corrected; it is never replaced.
     */
    @Modified
    void modified(Config config) {
        String issuer = config.issuer() == null || config.issuer().isBlank() ? "Berth" : config.issuer().trim();
        String configured = config._encryption__key() == null ? "" : config._encryption__key().trim();
        byte[] key;
        if (configured.isEmpty()) {
            Current before = current;
            if (before != null && before.settings().encryptionKey() != null && fromConfiguration) {
                key = before.settings().encryptionKey();
                LOG.log(System.Logger.Level.WARNING, KEY_PROPERTY + " was removed from configuration " + PID
                        + "; keeping the key in use until the next restart: configure it again to keep enrolments "
                        + "made under it verifiable");
            } else if (keys == null) {
                key = new byte[SecretCipher.KEY_BYTES];
                random.nextBytes(key);
            } else {
                key = keys.key(KEY_NAME, SecretCipher.KEY_BYTES);
            }
        } else {
            key = SecretCipher.decodeKey(configured).orElse(null);
            if (key == null) {
                LOG.log(System.Logger.Level.ERROR, KEY_PROPERTY + " in configuration " + PID + " is not Base64 of "
                        + SecretCipher.KEY_BYTES + " bytes; TOTP enrolment and verification are refused until it "
                        + "is corrected");
            }
        }
        // a kept configured key stays "from the configuration": removing it again keeps it again
        fromConfiguration = !configured.isEmpty() || fromConfiguration && current != null;
        install(new Settings(issuer, key));
    }

    private synchronized void install(Settings settings) {
        Current before = current;
        byte[] key = settings.encryptionKey();
        if (before != null && Arrays.equals(before.settings().encryptionKey(), key)) {
            // same key: keep the cipher and whether a mismatch was already reported
            current = new Current(settings, before.cipher(), before.mismatchReported());
            return;
        }
        SecretCipher cipher = key == null ? null : new SecretCipher(key, random);
        current = new Current(settings, cipher, new AtomicBoolean());
    }

    @Override
    public boolean isActive(String userId) {
        return store.get(NAMESPACE, userId)
                .map(e -> Enrolment.parse(e.value()).map(en -> en.state() == Enrolment.State.ACTIVE).orElse(true))
                .orElse(false);
    }

    @Override
    public Map<String, String> enrol(Subject subject) {
        Objects.requireNonNull(subject, "subject");
        Current cur = current;
        if (cur.cipher() == null) {
            throw new IllegalStateException("TOTP is not usable: " + KEY_PROPERTY + " of " + PID + " is invalid");
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        try {
            return enrol(cur, subject, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private Map<String, String> enrol(Current cur, Subject subject, byte[] secret) {
        String userId = subject.userId();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<PluginStore.Entry> entry = store.get(NAMESPACE, userId);
            if (entry.isPresent()) {
                Optional<Enrolment> en = Enrolment.parse(entry.get().value());
                if (en.isEmpty() || en.get().state() == Enrolment.State.ACTIVE) {
                    throw new IllegalStateException("TOTP is already active for this user");
                }
            }
            String value = new Enrolment(Enrolment.State.PENDING, Enrolment.NO_STEP,
                    cur.cipher().seal(secret, userId)).format();
            if (store.replace(NAMESPACE, userId, value, entry.map(PluginStore.Entry::version).orElse(0L))) {
                String base32 = Base32.encode(secret);
                Map<String, String> out = new LinkedHashMap<>();
                out.put("secret", base32);
                out.put("uri", uri(cur.settings().issuer(), subject.email(), base32));
                return out;
            }
        }
        throw new IllegalStateException("TOTP enrolment kept changing concurrently; try again");
    }

    /** The key URI authenticator apps read (Google Authenticator "Key Uri Format"). */
    static String uri(String issuer, String email, String base32Secret) {
        String account = email == null ? "" : email;
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account)
                + "?secret=" + base32Secret
                + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
    }

    /** Percent-encoding for a URI path segment or query value (space as %20, never '+'). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public boolean activate(String userId, String code) {
        return accept(userId, code, Enrolment.State.PENDING);
    }

    @Override
    public boolean verify(String userId, String code) {
        return accept(userId, code, Enrolment.State.ACTIVE);
    }

    /**
     * Accepts a code for an enrolment in the given state: the code must match a step within the window that
     * is later than the last accepted one; the entry then becomes active with that step, written by
     * compare-and-set. Losing the race re-reads the entry, so a concurrent use of the same code fails.
     */
    private boolean accept(String userId, String code, Enrolment.State required) {
        byte[] given = normalise(code);
        if (given == null) {
            return false;
        }
        Current cur = current;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<PluginStore.Entry> entry = store.get(NAMESPACE, userId);
            if (entry.isEmpty()) {
                return false;
            }
            Optional<Enrolment> parsed = Enrolment.parse(entry.get().value());
            if (parsed.isEmpty()) {
                reportUnreadable(cur, "is not in a format this plugin version reads");
                return false;
            }
            Enrolment en = parsed.get();
            if (en.state() != required) {
                return false;
            }
            if (cur.cipher() == null) {
                return false; // invalid key configured; reported when it was configured
            }
            byte[] secret;
            try {
                secret = cur.cipher().open(en.sealed(), userId);
            } catch (GeneralSecurityException e) {
                reportUnreadable(cur, "cannot be decrypted: the configured " + KEY_PROPERTY
                        + " does not match the stored enrolments");
                return false;
            }
            String value;
            try {
                long step = matchingStep(secret, given, en.lastStep());
                if (step == Enrolment.NO_STEP) {
                    return false;
                }
                value = new Enrolment(Enrolment.State.ACTIVE, step, cur.cipher().seal(secret, userId)).format();
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (store.replace(NAMESPACE, userId, value, entry.get().version())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The earliest step within the window around now, later than {@code lastStep}, whose code equals the
     * given one; {@link Enrolment#NO_STEP} when none. Every step of the window is computed and compared in
     * constant time, whatever matches.
     */
    private long matchingStep(byte[] secret, byte[] given, long lastStep) {
        long now = totp.step(clock.instant());
        long found = Enrolment.NO_STEP;
        for (long step = now - WINDOW; step <= now + WINDOW; step++) {
            byte[] expected = totp.code(secret, step).getBytes(StandardCharsets.US_ASCII);
            boolean equal = MessageDigest.isEqual(expected, given);
            if (equal && step > lastStep && found == Enrolment.NO_STEP && step >= 0) {
                found = step;
            }
        }
        return found;
    }

    /** The code's digits as ASCII bytes (spaces allowed between them), or null when it is not 6 digits. */
    private static byte[] normalise(String code) {
        if (code == null) {
            return null;
        }
        String digits = code.replace(" ", "");
        if (digits.length() != DIGITS) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return digits.getBytes(StandardCharsets.US_ASCII);
    }

    private static void reportUnreadable(Current cur, String why) {
        if (cur.mismatchReported().compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "A TOTP enrolment in plugin store namespace " + NAMESPACE + " "
                    + why + ". Such users keep TOTP active but cannot log in with a code until the original key is "
                    + "configured in " + PID + " again or an administrator disables their TOTP. (Reported once.)");
        }
    }

    @Override
    public void disable(String userId) {
        store.delete(NAMESPACE, userId);
    }
}
