package io.berth.persistence.jpa.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.repo.VolumeRepository;
import io.berth.core.storage.StorageVolume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link VolumeRepository} over the {@code storage_volumes} table, keyed by name. Deleting a volume deletes
 * its quota limits through the foreign key of {@code quota_limits} ({@code ON DELETE CASCADE});
 * {@link JpaQuotaRepository} keeps no limit entity managed, so none is left stale by that. Deleting a volume
 * that folders still refer to is a {@link io.berth.core.error.ConflictException} on {@code volume}. The
 * options are stored as a JSON object with sorted keys, the secret option names as a sorted JSON array. Text
 * columns are checked against their lengths ({@link ValidationException} naming the column); an option
 * without a value is a {@link ValidationException} on {@code options}; a duplicate name is a
 * {@link io.berth.core.error.ConflictException} on {@code name}.
 */
final class JpaVolumeRepository extends NamedRows<StorageVolume, StorageVolumeEntity> implements VolumeRepository {
    static final int MAX_NAME = 64;
    static final int MAX_BACKEND = 64;
    static final int MAX_MOUNT_PATH = 4096;

    JpaVolumeRepository(JpaUnitOfWork tx) {
        super(tx, StorageVolumeEntity.class, "storage volume", StorageVolume::name,
                n -> new StorageVolumeEntity(Columns.checkLength(n, MAX_NAME, "name")), JpaVolumeRepository::copy,
                JpaVolumeRepository::record);
    }

    private static void copy(StorageVolume v, StorageVolumeEntity e) {
        e.backend = Columns.checkLength(v.backend(), MAX_BACKEND, "backend");
        e.mountPath = Columns.checkLength(v.mountPath(), MAX_MOUNT_PATH, "mount_path");
        e.options = Columns.stringMapText(checkValues(v.options()), Columns.MAX_LIST_CHARS, "options");
        e.secretOptions = Columns.stringListText(List.copyOf(new TreeSet<>(v.secretOptions())),
                Columns.MAX_LIST_CHARS, "secret_options");
        e.createdAt = Columns.timestamp(v.createdAt());
        e.modifiedAt = Columns.timestamp(v.modifiedAt());
    }

    private static Map<String, String> checkValues(Map<String, String> options) {
        if (options.containsValue(null)) {
            throw new ValidationException("options must all have a value", "options");
        }
        return options;
    }

    static StorageVolume record(StorageVolumeEntity e) {
        return new StorageVolume(e.name, e.backend, e.mountPath, Columns.stringMap(e.options),
                Set.copyOf(Columns.stringList(e.secretOptions)), Columns.instant(e.createdAt),
                Columns.instant(e.modifiedAt));
    }
}
