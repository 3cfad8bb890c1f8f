package io.berth.core.repo;

import io.berth.core.resource.ResourcePreset;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ResourcePresetRepository {
    Optional<ResourcePreset> find(String name);

    /** All presets sorted by name. */
    List<ResourcePreset> list();

    void insert(ResourcePreset preset);

    void update(ResourcePreset preset);

    void delete(String name);
}
