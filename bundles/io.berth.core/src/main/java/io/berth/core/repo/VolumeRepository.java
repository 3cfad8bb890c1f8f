package io.berth.core.repo;

import io.berth.core.storage.StorageVolume;
import org.osgi.annotation.versioning.ConsumerType;

/** Storage volumes by name (SPEC S1). */
@ConsumerType
public interface VolumeRepository extends NamedRepository<StorageVolume> {
}
