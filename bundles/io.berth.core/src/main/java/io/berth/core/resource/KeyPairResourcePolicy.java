package io.berth.core.resource;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;

/**
 * SPEC P1. The name is the key and never changes. {@code maxSessionLifetime} and {@code idleTimeout} are
 * seconds, 0 meaning no limit; {@code maxPendingSessionCount} is a whole number or infinite;
 * {@code maxPendingSessionResourceSlots} limits the slots of all pending sessions together (a slot it
 * does not name is unlimited).
 */
public record KeyPairResourcePolicy(String name, UnspecifiedSlots defaultForUnspecified,
        ResourceSlots totalResourceSlots, long maxSessionLifetime, int maxConcurrentSessions,
        Amount maxPendingSessionCount, ResourceSlots maxPendingSessionResourceSlots, int maxContainersPerSession,
        long idleTimeout, List<String> allowedVfolderHosts, Instant createdAt, Instant modifiedAt) {

    public static final String DEFAULT = "default";
    public static final int MAX_CONCURRENT_SESSIONS = 100;
    public static final int MAX_CONTAINERS_PER_SESSION = 100;
    public static final long MAX_IDLE_TIMEOUT = 15_552_000L;
    /** Ten years: a bound that keeps the value meaningful, far above any real lifetime. */
    public static final long MAX_SESSION_LIFETIME = 315_360_000L;
    public static final long MAX_PENDING_SESSION_COUNT = 10_000L;

    public KeyPairResourcePolicy {
        allowedVfolderHosts = List.copyOf(allowedVfolderHosts);
    }

    /** The limit this policy sets on one slot, applying {@link #defaultForUnspecified()}. */
    public Amount limit(String slot) {
        return totalResourceSlots.get(slot, defaultForUnspecified.amount());
    }

    /** The policy a fresh installation starts with: no slot limit, 30 concurrent sessions. */
    public static KeyPairResourcePolicy defaults(Instant now) {
        return new KeyPairResourcePolicy(DEFAULT, UnspecifiedSlots.UNLIMITED, ResourceSlots.EMPTY, 0, 30,
                Amount.INFINITE, ResourceSlots.EMPTY, 1, 3600, List.of(), now, now);
    }
}
