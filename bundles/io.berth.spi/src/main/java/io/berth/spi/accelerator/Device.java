package io.berth.spi.accelerator;

import io.berth.spi.resource.ResourceSlots;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One accelerator device on this host, as an {@link AcceleratorPlugin} discovered it.
 *
 * @param id          stable identifier of the device on this host, e.g. the NVIDIA UUID
 *                    {@code GPU-5f1c…}; up to 128 letters, digits and {@code . _ : / -}
 *                    (no commas or spaces), starting with a letter or digit
 * @param model       the product name, e.g. {@code NVIDIA H100 80GB HBM3}; may be empty, not
 *                    {@code null}
 * @param capacity    what the device offers in the plugin's slots, e.g. {@code cuda.device=1} or
 *                    {@code cuda.shares=1}; finite, non-negative amounts
 * @param memoryBytes the device's own memory in bytes; 0 when unknown
 * @param attributes  further facts for display and matching, e.g. {@code index=0}; copied,
 *                    sorted by key, no {@code null} keys or values
 */
public record Device(String id, String model, ResourceSlots capacity, long memoryBytes,
        Map<String, String> attributes) {

    /**
     * Validates the components and copies the attributes.
     *
     * @param id          stable identifier of the device on this host
     * @param model       the product name
     * @param capacity    what the device offers in the plugin's slots
     * @param memoryBytes the device's own memory in bytes
     * @param attributes  further facts for display and matching
     * @throws NullPointerException     when a component, an attribute key or value is
     *                                  {@code null}
     * @throws IllegalArgumentException when the id is invalid, a capacity amount is negative or
     *                                  infinite, or {@code memoryBytes} is negative
     */
    public Device {
        DeviceIds.checkId(id);
        Objects.requireNonNull(model, "model");
        DeviceIds.checkAmounts(capacity, "capacity of device " + id);
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memory of device " + id + " must not be negative: "
                    + memoryBytes);
        }
        Objects.requireNonNull(attributes, "attributes");
        TreeMap<String, String> copy = new TreeMap<>();
        attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"),
                Objects.requireNonNull(v, () -> "attribute " + k + " of device " + id)));
        attributes = Collections.unmodifiableMap(copy);
    }
}
