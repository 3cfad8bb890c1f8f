package io.berth.core.testing;

import io.berth.core.repo.VolumeRepository;
import io.berth.core.storage.StorageVolume;

/** Storage volumes by name; like the real one, updating a missing volume is a not-found error. */
public final class FakeVolumeRepository extends FakeNamedTable<StorageVolume> implements VolumeRepository {
    public FakeVolumeRepository(FakeUnitOfWork tx) {
        super("storage_volumes", tx, StorageVolume::name);
    }

    @Override
    public void insert(StorageVolume row) {
        if (get(row.name()) != null) {
            throw new io.berth.core.error.ConflictException("storage volume " + row.name() + " exists", "name");
        }
        super.insert(row);
    }

    @Override
    public void update(StorageVolume row) {
        if (get(row.name()) == null) {
            throw new io.berth.core.error.NotFoundException("no storage volume " + row.name());
        }
        super.update(row);
    }

    @Override
    public void delete(String name) {
        if (get(name) != null) {
            super.delete(name);
        }
    }
}
