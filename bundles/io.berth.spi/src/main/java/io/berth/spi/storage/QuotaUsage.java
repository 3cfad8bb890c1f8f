package io.berth.spi.storage;

import java.util.Objects;

/**
 * The state of a quota scope, as {@link StorageBackend#describeQuotaScope} reports it.
 *
 * @param scope          the scope; not {@code null}
 * @param usedBytes      the bytes the scope's folders take, as the storage counts them;
 *                       non-negative
 * @param hardLimitBytes the hard limit in bytes, positive, or {@link #NO_LIMIT} when none is set
 */
public record QuotaUsage(QuotaScope scope, long usedBytes, long hardLimitBytes) {

    /** The {@link #hardLimitBytes()} of a scope without a limit. */
    public static final long NO_LIMIT = 0;

    /**
     * Validates the components.
     *
     * @param scope          the scope
     * @param usedBytes      the bytes used
     * @param hardLimitBytes the hard limit
     * @throws NullPointerException     when the scope is {@code null}
     * @throws IllegalArgumentException when a figure is negative
     */
    public QuotaUsage {
        Objects.requireNonNull(scope, "scope");
        if (usedBytes < 0 || hardLimitBytes < 0) {
            throw new IllegalArgumentException("quota usage of " + scope + " must not be negative: used "
                    + usedBytes + ", limit " + hardLimitBytes);
        }
    }

    /**
     * Checks a limit given to {@link StorageBackend#setQuota}: positive.
     *
     * @param volume         the volume
     * @param scope          the scope
     * @param hardLimitBytes the limit
     * @return the limit
     * @throws IllegalArgumentException when it is not positive
     */
    public static long requirePositive(Volume volume, QuotaScope scope, long hardLimitBytes) {
        if (hardLimitBytes <= 0) {
            throw new IllegalArgumentException("hard limit of quota scope " + scope + " on volume " + volume.name()
                    + " must be positive: " + hardLimitBytes);
        }
        return hardLimitBytes;
    }

    /**
     * Checks a limit given to {@link StorageBackend#createQuotaScope}: positive, or {@link #NO_LIMIT}.
     *
     * @param volume         the volume
     * @param scope          the scope
     * @param hardLimitBytes the limit
     * @return the limit
     * @throws IllegalArgumentException when it is negative
     */
    public static long requireLimitOrNone(Volume volume, QuotaScope scope, long hardLimitBytes) {
        if (hardLimitBytes < 0) {
            throw new IllegalArgumentException("hard limit of quota scope " + scope + " on volume " + volume.name()
                    + " must be positive, or " + NO_LIMIT + " for none: " + hardLimitBytes);
        }
        return hardLimitBytes;
    }

    /**
     * Whether a limit is set.
     *
     * @return {@code hardLimitBytes() != NO_LIMIT}
     */
    public boolean hasLimit() {
        return hardLimitBytes != NO_LIMIT;
    }
}
