package io.berth.core.identity;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;

/**
 * SPEC R2. A project belongs to one domain; its name is unique within that domain. {@code totalResourceSlots}
 * caps what the project's sessions may hold together; a slot it does not name is unlimited.
 */
public record Project(String id, String domainName, String name, String description, boolean active,
        ProjectType type, ResourceSlots totalResourceSlots, List<String> allowedVfolderHosts, List<String> allowedDockerRegistries,
        String resourcePolicy, Instant createdAt, Instant modifiedAt) {

    public Project {
        totalResourceSlots = totalResourceSlots == null ? ResourceSlots.EMPTY : totalResourceSlots;
        allowedVfolderHosts = List.copyOf(allowedVfolderHosts);
        allowedDockerRegistries = List.copyOf(allowedDockerRegistries);
    }
}
