package io.berth.core.auth;

import java.time.Instant;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Password login (SPEC K5 last sentence, U6) and verification of signed requests (K5). */
@ProviderType
public interface AuthService {
    /** Maximum distance between a request's date and the server clock. */
    long MAX_CLOCK_SKEW_SECONDS = 15 * 60;

    /**
     * Checks email and password in the domain, then every installed login check (second factors),
     * and returns the user's main keypair.
     *
     * @param extra the other fields of the login body, passed on to login checks (e.g. an OTP code)
     */
    LoginResult authorize(String domain, String email, String password, Map<String, Object> extra);

    /** Verifies signature, date window, keypair and owner state; counts the request's usage. */
    Principal authenticate(SignedRequest request, Instant now);
}
