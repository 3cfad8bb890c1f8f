package io.berth.core.resource;

import io.berth.spi.resource.Amount;
import java.time.Instant;

/** SPEC P3. The folder count is a whole number and the folder size bytes; each may be infinite. */
public record ProjectResourcePolicy(String name, Amount maxVfolderCount, Amount maxQuotaScopeSize,
        Instant createdAt, Instant modifiedAt) {

    public static final String DEFAULT = "default";

    public static ProjectResourcePolicy defaults(Instant now) {
        return new ProjectResourcePolicy(DEFAULT, Amount.INFINITE, Amount.INFINITE, now, now);
    }
}
