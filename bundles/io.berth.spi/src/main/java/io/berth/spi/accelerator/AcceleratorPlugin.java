package io.berth.spi.accelerator;

import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The accelerator devices of one kind on this host (for example the NVIDIA GPUs) and how sessions
 * get them.
 *
 * <p>Register an implementation as an OSGi service under both {@code AcceleratorPlugin} and
 * {@link SlotProvider}, with the service property {@value #PROPERTY}{@code =<key>} (a lower-case
 * slug such as {@code cuda}). The slots of {@link #slotDefinitions()} are the ones this plugin
 * offers and allocates; by convention they start with the plugin's family, e.g.
 * {@code cuda.device}. Consumers read {@link #slotDefinitions()} when they bind the service, so a
 * plugin whose offered slots change (a configuration switching modes) should re-register its
 * service rather than change them in place.
 *
 * <p>The life of a device assignment:
 * <ol>
 * <li>the agent reports {@link #devices()} (their capacities add up to the host's capacity for
 * this plugin's slots) and, with its heartbeats, {@link #usage()};</li>
 * <li>when a session is placed on the host, {@link #allocate} decides which devices serve its
 * request, given the allocations that hold devices now; the caller keeps the
 * {@link Allocation}, and releasing it is simply leaving it out of later {@code existing}
 * lists;</li>
 * <li>{@link #containerSettings} turns the allocation into what the container is created
 * with.</li>
 * </ol>
 *
 * <p>Implementations must be thread-safe. Only {@link #devices()} and {@link #usage()} may take
 * time (they may ask a driver); {@link #allocate} and {@link #containerSettings} must be quick.
 */
@ConsumerType
public interface AcceleratorPlugin extends SlotProvider {

    /** The service property naming the plugin; its value is the key, e.g. {@code cuda}. */
    String PROPERTY = "berth.accelerator";

    /**
     * The devices on this host now, in a stable order (for example by driver index). A plugin may
     * cache discovery; a host without devices, or whose driver does not answer, has none.
     *
     * @return the devices, never {@code null}, unmodifiable; device ids are unique
     */
    List<Device> devices();

    /**
     * The live use of the devices, for monitoring.
     *
     * @return device id to its usage; devices whose figures are unknown are absent, and the map is
     *         empty when nothing is known; never {@code null}, unmodifiable
     */
    Map<String, DeviceUsage> usage();

    /**
     * Decides which devices serve {@code request}, without changing anything.
     *
     * <p>The result is a pure, deterministic function of {@link #devices()}, the plugin's
     * configuration and the arguments: the same input always gives the same allocation, and no
     * device is ever given more than its capacity in total over {@code existing} and the result.
     * Only the amounts of this plugin's slots are assigned; other slots of the request (such as
     * {@code cpu}) are ignored, and a request for none of this plugin's slots gets an allocation
     * without devices. Amounts may be rounded up to what the plugin can hand out (for example to
     * multiples of 0.01 shares), so read the allocation's {@link Allocation#total()} for what was
     * actually assigned.
     *
     * @param request  what the session asks for; not {@code null}
     * @param existing the allocations of this plugin that hold devices on this host now (entries
     *                 of other plugins are ignored); not {@code null}
     * @return the allocation, whose {@link Allocation#plugin()} is this plugin's key; empty when the
     *         request does not fit now
     */
    Optional<Allocation> allocate(ResourceSlots request, List<Allocation> existing);

    /**
     * What a container needs to use the devices of {@code allocation}.
     *
     * @param allocation an allocation made by this plugin; not {@code null}
     * @return the settings, never {@code null}; {@link ContainerSettings#EMPTY} when nothing is
     *         needed
     * @throws IllegalArgumentException when the allocation was not made by this plugin
     */
    ContainerSettings containerSettings(Allocation allocation);
}
