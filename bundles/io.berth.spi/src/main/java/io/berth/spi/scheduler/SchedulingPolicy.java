package io.berth.spi.scheduler;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses which pending session of a resource group the dispatcher tries to place next.
 *
 * <p>Register an implementation as an OSGi service with the property
 * {@value #PROPERTY}{@code =<name>}, where the name is a lower-case slug such as {@code fifo}; a
 * resource group whose scheduler is that name uses it. The dispatcher looks the policy up on every
 * pass, so a newly installed policy is selectable at once, and while a group's policy is not
 * installed its sessions stay pending with the reason {@code scheduler <name> not installed}.
 *
 * <p>The dispatcher checks the chosen session's predicates and finds capacity for it itself. A
 * session that cannot be placed gets its {@link PendingSession#retries() retries} raised, and the
 * dispatcher asks again, in the same pass, with a snapshot that no longer contains it.
 *
 * <p>See the {@linkplain io.berth.spi.scheduler package documentation} for the rules every policy
 * follows (highest priority first, pure and deterministic).
 */
@ConsumerType
public interface SchedulingPolicy {

    /** The service property naming the policy, e.g. {@code berth.scheduler=fifo}. */
    String PROPERTY = "berth.scheduler";

    /**
     * The session to try next.
     *
     * <p>Must be a pure function of {@code snapshot}: no I/O, no clock except
     * {@link SchedulingSnapshot#now()}, no randomness, no state between calls; the same snapshot
     * (with its collections in any order) always gives the same answer. Only sessions of the
     * highest priority present ({@link SchedulingSnapshot#topPriorityPending()}) may be picked.
     *
     * @param snapshot the resource group's state for this pass; never {@code null}
     * @return the {@link PendingSession#id() id} of one of {@code snapshot.pending()}, or empty
     *         when the policy wants nothing placed now (always empty when nothing is pending)
     */
    Optional<String> pick(SchedulingSnapshot snapshot);
}
