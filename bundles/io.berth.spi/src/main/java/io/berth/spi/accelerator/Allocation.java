package io.berth.spi.accelerator;

import io.berth.spi.resource.ResourceSlots;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which devices serve one session, and how much of each: the result of
 * {@link AcceleratorPlugin#allocate}. For example {@code cuda} in fractional mode may give
 * {@code GPU-a → cuda.shares=1, GPU-b → cuda.shares=0.5} to a request of 1.5 shares.
 *
 * <p>The caller keeps allocations for as long as the session holds its devices and hands them back
 * to {@code allocate} as {@code existing}; an allocation left out of that list is released.
 *
 * @param plugin    the key of the plugin that made it (its {@value AcceleratorPlugin#PROPERTY}
 *                  service property), a lower-case slug such as {@code cuda}
 * @param perDevice device id to the amounts assigned on that device (finite, non-negative);
 *                  copied, sorted by device id; empty when the session got no device
 */
public record Allocation(String plugin, Map<String, ResourceSlots> perDevice) {

    /**
     * Validates the components and copies the map.
     *
     * @param plugin    the key of the plugin that made it
     * @param perDevice device id to the amounts assigned on that device
     * @throws NullPointerException     when a component, a key or a value is {@code null}
     * @throws IllegalArgumentException when the plugin key or a device id is invalid, or an amount
     *                                  is negative or infinite
     */
    public Allocation {
        DeviceIds.checkKey(plugin);
        Objects.requireNonNull(perDevice, "perDevice");
        TreeMap<String, ResourceSlots> copy = new TreeMap<>();
        perDevice.forEach((id, slots) -> copy.put(DeviceIds.checkId(id),
                DeviceIds.checkAmounts(slots, "allocation on device " + id)));
        perDevice = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The sum over all devices, e.g. {@code cuda.shares=1.5}.
     *
     * @return the total amounts; {@link ResourceSlots#EMPTY} when there are no devices
     */
    public ResourceSlots total() {
        ResourceSlots sum = ResourceSlots.EMPTY;
        for (ResourceSlots slots : perDevice.values()) {
            sum = sum.plus(slots);
        }
        return sum;
    }
}
