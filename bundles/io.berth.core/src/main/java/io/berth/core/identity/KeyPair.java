package io.berth.core.identity;

import java.time.Instant;

/**
 * SPEC K1. The secret key is needed to verify signatures, so it is stored; it is returned to a client
 * only at creation and through the owner's own login.
 */
public record KeyPair(String accessKey, String secretKey, String userId, boolean active, boolean admin,
        String resourcePolicy, int rateLimit, Instant createdAt, Instant lastUsed, long numQueries) {

    public static final String DEFAULT_POLICY = "default";
    public static final int DEFAULT_RATE_LIMIT = 30_000;
    public static final int MAX_RATE_LIMIT = 100_000_000;

    public KeyPair withActive(boolean a) {
        return new KeyPair(accessKey, secretKey, userId, a, admin, resourcePolicy, rateLimit, createdAt, lastUsed,
                numQueries);
    }

    /** The same keypair without its secret, for every view except creation and login. */
    public KeyPair redacted() {
        return new KeyPair(accessKey, null, userId, active, admin, resourcePolicy, rateLimit, createdAt, lastUsed,
                numQueries);
    }
}
