package io.berth.core.identity;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;

/**
 * SPEC R2. The name is the key (a slug of at most 64 characters). {@code totalResourceSlots} caps what the
 * domain's sessions may hold together; a slot it does not name is unlimited.
 */
public record Domain(String name, String description, boolean active, ResourceSlots totalResourceSlots,
        List<String> allowedVfolderHosts,
        List<String> allowedDockerRegistries, Instant createdAt, Instant modifiedAt) {

    public static final String DEFAULT = "default";

    public Domain {
        totalResourceSlots = totalResourceSlots == null ? ResourceSlots.EMPTY : totalResourceSlots;
        allowedVfolderHosts = List.copyOf(allowedVfolderHosts);
        allowedDockerRegistries = List.copyOf(allowedDockerRegistries);
    }
}
