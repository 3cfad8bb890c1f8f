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
     * Checks email and password in the domain, then the code of every installed second factor active
     * for the user, and returns the user's main keypair. Repeated failures lock the account for a while
     * ({@link io.berth.core.error.TooManyRequestsException}).
     *
     * @param extra the other fields of the login body (e.g. {@code otp}, the one-time code)
     */
    LoginResult authorize(String domain, String email, String password, Map<String, Object> extra);

    /** Verifies signature, date window, keypair and owner state; counts the request's usage. */
    Principal authenticate(SignedRequest request, Instant now);
}
