package io.berth.spi.scheduler;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * A session waiting in a resource group's queue, as a {@link SchedulingPolicy} sees it.
 *
 * @param id        the session id; unique within a snapshot, not blank
 * @param accessKey the access key (keypair) the session was created with; not blank
 * @param userId    the owner's user id; not {@code null}
 * @param projectId the project the session belongs to; not {@code null}
 * @param domain    the owner's domain; not {@code null}
 * @param priority  the scheduling priority: a higher number is more urgent; policies consider only
 *                  the highest priority present in a snapshot
 * @param createdAt when the session was created (entered the queue); not {@code null}
 * @param requested what the session asks for in total over all its containers; finite,
 *                  non-negative amounts
 * @param retries   how many times the dispatcher picked the session and could not place it; not
 *                  negative
 */
public record PendingSession(String id, String accessKey, String userId, String projectId,
        String domain, int priority, Instant createdAt, ResourceSlots requested, int retries) {

    /** Oldest first: by {@link #createdAt()}, then by {@link #id()}. The order of {@link SchedulingSnapshot#pending()}. */
    public static final Comparator<PendingSession> BY_CREATION =
            Comparator.comparing(PendingSession::createdAt).thenComparing(PendingSession::id);

    /**
     * Validates the components.
     *
     * @throws NullPointerException     when a component is {@code null}
     * @throws IllegalArgumentException when {@code id} or {@code accessKey} is blank,
     *                                  {@code retries} is negative or a requested amount is
     *                                  negative or infinite
     */
    public PendingSession {
        requireNonBlank(id, "id");
        requireNonBlank(accessKey, "accessKey");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(createdAt, "createdAt");
        checkHeld(requested, "requested slots of session " + id);
        if (retries < 0) {
            throw new IllegalArgumentException("retries of session " + id + " must not be negative: " + retries);
        }
    }

    /**
     * Whether HOL-blocking avoidance skips this session: it has been retried at least
     * {@code retriesToSkip} times and {@code retriesToSkip} is positive (0 means never skip).
     *
     * @param retriesToSkip the resolved setting, see {@link SchedulingSnapshot#retriesToSkip()}
     * @return whether {@code retriesToSkip > 0 && retries >= retriesToSkip}
     */
    public boolean reachedRetryLimit(int retriesToSkip) {
        return retriesToSkip > 0 && retries >= retriesToSkip;
    }

    static String requireNonBlank(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /** Checks amounts that are held or asked for: finite and not negative. */
    static ResourceSlots checkHeld(ResourceSlots slots, String what) {
        Objects.requireNonNull(slots, what);
        for (Map.Entry<String, Amount> e : slots.asMap().entrySet()) {
            if (e.getValue().isInfinite() || e.getValue().signum() < 0) {
                throw new IllegalArgumentException(what + ": slot '" + e.getKey()
                        + "' must be finite and not negative, not " + e.getValue().toWire());
            }
        }
        return slots;
    }
}
