package io.berth.core.repo;

import io.berth.core.image.ContainerRegistry;
import org.osgi.annotation.versioning.ConsumerType;

/** Container registries by hostname; {@code delete} also deletes the registry's images. */
@ConsumerType
public interface RegistryRepository extends NamedRepository<ContainerRegistry> {
}
