package io.berth.core.internal;

import io.berth.core.auth.AuthService;
import io.berth.core.auth.BackendAiSignature;
import io.berth.core.auth.LoginResult;
import io.berth.core.auth.PasswordHasher;
import io.berth.core.auth.Principal;
import io.berth.core.auth.SignedRequest;
import io.berth.core.error.AuthenticationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.UserRepository;
import io.berth.spi.auth.SecondFactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Password login (with the installed second factors and the login lockout) and signed-request verification. */
@Component(service = AuthService.class, configurationPid = "io.berth.auth")
@Designate(ocd = AuthServiceImpl.Config.class)
public final class AuthServiceImpl implements AuthService {
    /** Configuration PID {@code io.berth.auth}: {@code login.max.failures}, {@code login.lockout.seconds}. */
    @ObjectClassDefinition(name = "Berth login")
    public @interface Config {
        @AttributeDefinition(description = "Failed password or code attempts that lock an account")
        int login_max_failures() default LoginLockout.DEFAULT_MAX_FAILURES;

        @AttributeDefinition(description = "How long a locked account stays locked, in seconds")
        long login_lockout_seconds() default 1200;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuthServiceImpl.class);
    /** Verifying against this costs the same as a real check when the access key is unknown. */
    private static final String DECOY_SECRET = Keys.secretKey();

    private final DomainRepository domains;
    private final UserRepository users;
    private final KeyPairRepository keyPairs;
    private final PasswordHasher hasher;
    private final String decoyHash;
    private final UsageRecorder usage = new UsageRecorder();
    private final FactorRegistry factors;
    private final LoginLockout lockout;
    /** How long a cached credential may be used at most (changes by other managers show after this). */
    static final long CREDENTIAL_TTL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_CACHED_CREDENTIALS = 100_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Credential> credentials =
            new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    public AuthServiceImpl(DomainRepository domains, UserRepository users, KeyPairRepository keyPairs,
            PasswordHasher hasher) {
        this(domains, users, keyPairs, hasher, new FactorRegistry(), Clock.systemUTC());
    }

    public AuthServiceImpl(DomainRepository domains, UserRepository users, KeyPairRepository keyPairs,
            PasswordHasher hasher, FactorRegistry factors, Clock clock) {
        this.domains = domains;
        this.users = users;
        this.keyPairs = keyPairs;
        this.hasher = hasher;
        this.decoyHash = hasher.decoy();
        this.factors = factors;
        this.lockout = new LoginLockout(clock);
    }

    @Activate
    public AuthServiceImpl(@Reference DomainRepository domains, @Reference UserRepository users,
            @Reference KeyPairRepository keyPairs, @Reference FactorRegistry factors, Config config) {
        this(domains, users, keyPairs, new PasswordHasher(), factors, Clock.systemUTC());
        modified(config);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-keypair-usage");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushUsage, 5, 5, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flushUsage();
    }

    @Modified
    void modified(Config config) {
        configureLockout(config.login_max_failures(), Duration.ofSeconds(config.login_lockout_seconds()));
    }

    /** Sets the login lockout (SPEC T: default 10 failures, 20 minutes). */
    public void configureLockout(int maxFailures, Duration time) {
        try {
            lockout.configure(maxFailures, time);
        } catch (IllegalArgumentException e) {
            LOG.warn("keeping the previous login lockout settings: {}", e.getMessage());
        }
    }

    /** Writes the counted usage (query count, last used) of every keypair. */
    public void flushUsage() {
        try {
            usage.flushTo(keyPairs);
        } catch (RuntimeException e) {
            LOG.warn("could not record keypair usage: {}", e.toString());
        }
    }

    @Override
    public LoginResult authorize(String domainName, String email, String password, Map<String, Object> extra) {
        String normalEmail = email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
        Optional<User> found = normalEmail.isEmpty() || normalEmail.length() > Rules.MAX_NAME ? Optional.empty()
                : users.findByEmail(normalEmail);
        String account = normalEmail.length() > Rules.MAX_NAME ? normalEmail.substring(0, Rules.MAX_NAME) : normalEmail;
        lockout.checkNotLocked(account);
        boolean passwordOk = hasher.verify(password == null ? "" : password,
                found.map(User::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !passwordOk || domainName == null || !found.get().domainName().equals(domainName)) {
            lockout.failed(account);
            throw new AuthenticationException("wrong domain, email or password");
        }
        User u = found.get();
        if (u.status() == UserStatus.BEFORE_VERIFICATION) {
            throw new AuthenticationException(
                    "this account has not been verified yet: verify your e-mail address or ask an administrator to activate it");
        }
        if (u.status() != UserStatus.ACTIVE) {
            throw new AuthenticationException("this account is inactive: ask an administrator to re-activate it");
        }
        Domain d = domains.find(u.domainName()).orElse(null);
        if (d == null || !d.active()) {
            throw new AuthenticationException("the domain '" + domainName + "' is inactive");
        }
        checkSecondFactors(u, account, extra == null ? Map.of() : extra);
        KeyPair kp = Optional.ofNullable(u.mainAccessKey()).flatMap(keyPairs::find).filter(KeyPair::active)
                .or(() -> keyPairs.findByUser(u.id()).stream().filter(KeyPair::active)
                        .min(Comparator.comparing(KeyPair::createdAt)))
                .orElseThrow(() -> new AuthenticationException("this account has no active keypair"));
        lockout.succeeded(account);
        return new LoginResult(kp.accessKey(), kp.secretKey(), u.role().wire(), u.status().wire(),
                u.needPasswordChange());
    }

    /**
     * Every installed factor active for the user needs a valid code in the login field {@code otp}; a
     * missing or wrong code counts as a failed attempt.
     */
    private void checkSecondFactors(User u, String account, Map<String, Object> extra) {
        for (String name : factors.names()) {
            SecondFactor f = factors.get(name).orElse(null);
            if (f == null || !f.isActive(u.id())) {
                continue;
            }
            Object otp = extra.get("otp");
            if (!(otp instanceof String code) || code.isBlank()) {
                throw new AuthenticationException("this account needs a one-time code (" + name
                        + "): send it in the field otp");
            }
            if (code.length() > 16 || !f.verify(u.id(), code.trim())) {
                lockout.failed(account);
                throw new AuthenticationException("the one-time code is wrong or was already used");
            }
        }
    }

    /** A keypair with what its checks need of its owner and domain, as loaded at one point in time. */
    private record Credential(KeyPair keyPair, User owner, boolean domainActive, long generation, long loadedNanos) {
    }

    /**
     * The credential of an access key, from a short-lived cache. An entry is used only while no identity
     * change happened in this manager since it was loaded and for at most {@link #CREDENTIAL_TTL_NANOS}
     * (the bound for changes made by other managers sharing the database).
     */
    private Credential credential(String accessKey) {
        long generation = CredentialGeneration.current();
        long now = System.nanoTime();
        Credential c = credentials.get(accessKey);
        if (c != null && c.generation() == generation && now - c.loadedNanos() < CREDENTIAL_TTL_NANOS) {
            return c;
        }
        Optional<KeyPair> kp = keyPairs.find(accessKey);
        if (kp.isEmpty()) {
            credentials.remove(accessKey);
            return null;
        }
        User owner = users.findById(kp.get().userId()).orElse(null);
        boolean domainActive = owner != null && domains.find(owner.domainName()).map(Domain::active).orElse(false);
        c = new Credential(kp.get(), owner, domainActive, generation, now);
        if (credentials.size() > MAX_CACHED_CREDENTIALS) {
            credentials.clear();
        }
        credentials.put(accessKey, c);
        return c;
    }

    @Override
    public Principal authenticate(SignedRequest request, Instant now) {
        BackendAiSignature.Credential cred = BackendAiSignature.parseAuthorization(request.authorization());
        OffsetDateTime date = BackendAiSignature.parseDate(request.date());
        if (Duration.between(date.toInstant(), now).abs().compareTo(Duration.ofSeconds(MAX_CLOCK_SKEW_SECONDS)) > 0) {
            throw new AuthenticationException("the request date is more than 15 minutes away from the server clock");
        }
        if (request.apiVersion() == null || request.apiVersion().isBlank()) {
            throw new AuthenticationException("missing X-BackendAI-Version header");
        }
        Credential found = cred.accessKey().length() > Rules.MAX_NAME ? null : credential(cred.accessKey());
        boolean ok = BackendAiSignature.matches(request, found == null ? DECOY_SECRET : found.keyPair().secretKey(),
                cred.signature());
        if (found == null || !ok) {
            throw new AuthenticationException("signature mismatch or unknown access key");
        }
        KeyPair kp = found.keyPair();
        if (!kp.active()) {
            throw new AuthenticationException("the keypair " + kp.accessKey() + " is inactive");
        }
        User owner = found.owner();
        if (owner == null) {
            throw new AuthenticationException("the keypair has no owner");
        }
        if (!owner.isActive()) {
            throw new AuthenticationException("the owner of keypair " + kp.accessKey() + " is not active");
        }
        if (!found.domainActive()) {
            throw new AuthenticationException("the domain '" + owner.domainName() + "' is inactive");
        }
        usage.record(kp.accessKey(), now.toEpochMilli());
        Role role = kp.admin() || owner.role() == Role.USER ? owner.role() : Role.USER;
        return new Principal(new Caller(owner.id(), owner.email(), role, owner.domainName(), kp.accessKey()),
                kp.rateLimit());
    }
}
