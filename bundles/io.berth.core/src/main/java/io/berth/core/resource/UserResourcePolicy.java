package io.berth.core.resource;

import io.berth.spi.resource.Amount;
import java.time.Instant;

/**
 * SPEC P2. Counts are whole numbers and the folder size is bytes; each may be infinite. A user has
 * exactly one user resource policy.
 */
public record UserResourcePolicy(String name, Amount maxVfolderCount, Amount maxQuotaScopeSize,
        int maxSessionCountPerModelSession, Amount maxCustomizedImageCount, Instant createdAt,
        Instant modifiedAt) {

    public static final String DEFAULT = "default";
    public static final int MAX_SESSION_COUNT_PER_MODEL_SESSION = 100;

    public static UserResourcePolicy defaults(Instant now) {
        return new UserResourcePolicy(DEFAULT, Amount.INFINITE, Amount.INFINITE, 10, Amount.of(3), now, now);
    }
}
