package io.berth.rest.internal;

import io.berth.core.auth.AuthService;
import io.berth.core.auth.LoginResult;
import io.berth.core.auth.Principal;
import io.berth.core.auth.SignedRequest;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.TooManyRequestsException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accepts {@code Authorization: BackendAI signMethod=HMAC-SHA256, credential=<known key>:<anything>};
 * every other request fails authentication. Records what it was asked.
 */
final class FakeAuthService implements AuthService {
    static final String ADMIN_KEY = "AKADMIN";
    /** A known key whose keypair allows only two requests per window. */
    static final String LIMITED_KEY = "AKLIMITED";

    /** A known key of the same user with an ordinary rate limit. */
    static final String USER_KEY = "AKUSER";

    static final Caller ADMIN = new Caller("id-admin@berth.io", "admin@berth.io", Role.SUPERADMIN, "default",
            ADMIN_KEY);
    static final Caller LIMITED = new Caller("id-alice@berth.io", "alice@berth.io", Role.USER, "default",
            LIMITED_KEY);

    static final Caller USER = new Caller(LIMITED.userId(), LIMITED.email(), Role.USER, "default", USER_KEY);

    /** An account locked after repeated failed logins: every login answers 429. */
    static final String LOCKED_EMAIL = "locked@berth.io";
    static final long LOCKED_SECONDS = 300;
    /** An account with an active second factor: login needs {@code "otp": "123456"}. */
    static final String OTP_EMAIL = "otp@berth.io";

    final List<SignedRequest> signed = new ArrayList<>();
    /** The extra body fields of each login. */
    final List<Map<String, Object>> extras = new ArrayList<>();
    final List<Instant> instants = new ArrayList<>();

    static String header(String accessKey) {
        return "BackendAI signMethod=HMAC-SHA256, credential=" + accessKey + ":c2lnbmF0dXJl";
    }

    @Override
    public Principal authenticate(SignedRequest request, Instant now) {
        signed.add(request);
        instants.add(now);
        String a = request.authorization();
        if (a != null && a.equals(header(ADMIN_KEY))) {
            return new Principal(ADMIN, 1000);
        }
        if (a != null && a.equals(header(USER_KEY))) {
            return new Principal(USER, 1000);
        }
        if (a != null && a.equals(header(LIMITED_KEY))) {
            return new Principal(LIMITED, 2);
        }
        throw new AuthenticationException(a == null ? "the request is not signed" : "invalid signature");
    }

    @Override
    public LoginResult authorize(String domain, String email, String password, Map<String, Object> extra) {
        extras.add(extra);
        if (LOCKED_EMAIL.equals(email)) {
            throw new TooManyRequestsException("too many failed logins; the account is locked for a while",
                    LOCKED_SECONDS);
        }
        if (OTP_EMAIL.equals(email) && "s3cret!".equals(password)) {
            if (!"123456".equals(extra.get("otp"))) {
                throw new AuthenticationException(extra.get("otp") == null ? "a one-time code (otp) is required"
                        : "wrong one-time code");
            }
            return new LoginResult("AKOTP", "SKOTP", "user", "active", false);
        }
        if ("default".equals(domain) && "admin@berth.io".equals(email) && "s3cret!".equals(password)) {
            return new LoginResult(ADMIN_KEY, "SKADMIN", "superadmin", "active", false);
        }
        throw new AuthenticationException("wrong email or password");
    }
}
