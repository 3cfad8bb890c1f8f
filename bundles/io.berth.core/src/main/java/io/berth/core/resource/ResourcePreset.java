package io.berth.core.resource;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;

/**
 * SPEC A5. The name is the key. {@code sharedMemory} is bytes or null (the image's default);
 * {@code resourceGroup} names a resource group or is null for every group.
 */
public record ResourcePreset(String name, ResourceSlots resourceSlots, Long sharedMemory, String resourceGroup,
        Instant createdAt, Instant modifiedAt) {
}
