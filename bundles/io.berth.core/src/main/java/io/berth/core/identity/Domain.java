package io.berth.core.identity;

import java.time.Instant;
import java.util.List;

/** SPEC R2. The name is the key (a slug of at most 64 characters). */
public record Domain(String name, String description, boolean active, List<String> allowedVfolderHosts,
        List<String> allowedDockerRegistries, Instant createdAt, Instant modifiedAt) {

    public static final String DEFAULT = "default";

    public Domain {
        allowedVfolderHosts = List.copyOf(allowedVfolderHosts);
        allowedDockerRegistries = List.copyOf(allowedDockerRegistries);
    }
}
