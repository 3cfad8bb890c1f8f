package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;

/**
 * One accelerator device an agent reports: the plugin key (e.g. {@code cuda}), the device id, model,
 * memory, the slots it offers and its live use ({@code utilisationPercent} −1 and memory used −1 when
 * unknown).
 */
public record DeviceInfo(String plugin, String id, String model, long memoryBytes, ResourceSlots capacity,
        double utilisationPercent, long memoryUsedBytes) {
}
