package io.berth.core.identity;

import java.time.Instant;
import java.util.List;

/** SPEC R2. A project belongs to one domain; its name is unique within that domain. */
public record Project(String id, String domainName, String name, String description, boolean active,
        ProjectType type, List<String> allowedVfolderHosts, List<String> allowedDockerRegistries,
        String resourcePolicy, Instant createdAt, Instant modifiedAt) {

    public Project {
        allowedVfolderHosts = List.copyOf(allowedVfolderHosts);
        allowedDockerRegistries = List.copyOf(allowedDockerRegistries);
    }
}
