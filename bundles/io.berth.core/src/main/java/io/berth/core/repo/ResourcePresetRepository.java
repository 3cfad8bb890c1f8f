package io.berth.core.repo;

import io.berth.core.resource.ResourcePreset;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ResourcePresetRepository extends NamedRepository<ResourcePreset> {
}
