/**
 * Scheduling policies: which pending session a resource group's dispatcher tries to place next.
 *
 * <p>A policy plugin registers one {@link io.berth.spi.scheduler.SchedulingPolicy} service with
 * the property {@value io.berth.spi.scheduler.SchedulingPolicy#PROPERTY}{@code =<name>}; a
 * resource group selects it by that name (Berth ships {@code fifo}, {@code lifo} and
 * {@code drf}). A minimal policy, as a Declarative Services component:
 *
 * <pre>{@code
 * @Component(service = SchedulingPolicy.class,
 *         property = SchedulingPolicy.PROPERTY + "=smallest-first")
 * public final class SmallestFirst implements SchedulingPolicy {
 *     public Optional<String> pick(SchedulingSnapshot snapshot) {
 *         return snapshot.topPriorityPending().stream()
 *                 .min(Comparator.comparing((PendingSession s) -> s.requested().dominantShare(snapshot.capacity()))
 *                         .thenComparing(PendingSession.BY_CREATION))
 *                 .map(PendingSession::id);
 *     }
 * }
 * }</pre>
 *
 * <p>How the dispatcher uses a policy, once per pass over a resource group:
 * <ol>
 * <li>core builds one {@link io.berth.spi.scheduler.SchedulingSnapshot} (pending sessions,
 * capacity, occupancy, the resolved retries-to-skip setting) and calls
 * {@link io.berth.spi.scheduler.SchedulingPolicy#pick pick};</li>
 * <li>it checks the picked session itself (limits, allowed session type, dependencies, start time,
 * free capacity on an agent) and places it, or records why not and raises its retry count;</li>
 * <li>it asks again with a snapshot without that session (and, after a placement, with the
 * occupancy updated), until the policy answers empty or nothing is left.</li>
 * </ol>
 *
 * <p>Rules every policy follows:
 * <ul>
 * <li><b>Priority first.</b> Only sessions of the highest {@link
 * io.berth.spi.scheduler.PendingSession#priority() priority} present in the snapshot are
 * considered (a higher number is more urgent); {@link
 * io.berth.spi.scheduler.SchedulingSnapshot#topPriorityPending()} returns them. The policy only
 * orders sessions within that tier.</li>
 * <li><b>Pure.</b> The answer depends on the snapshot alone: no I/O, no database, no other
 * services, no clock except {@link io.berth.spi.scheduler.SchedulingSnapshot#now()}, no
 * randomness, no state kept between calls. The same snapshot gives the same answer, whatever the
 * order of its collections. Ties are broken by creation time and then by id.</li>
 * <li><b>Cheap and safe.</b> {@code pick} runs on the dispatcher's thread under the group's lock,
 * may be called concurrently for different groups, must be fast and must not throw; a policy
 * that throws leaves the group's sessions pending.</li>
 * </ul>
 *
 * <p>Types here are immutable and thread-safe and use the JDK and {@link io.berth.spi.resource}
 * only.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.berth.spi.scheduler;
