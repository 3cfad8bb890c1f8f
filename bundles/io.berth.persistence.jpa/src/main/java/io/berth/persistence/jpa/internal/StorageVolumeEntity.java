package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code storage_volumes}; see {@link io.berth.core.storage.StorageVolume}. The options are a JSON
 * object of strings and the names of the secret options a JSON array ({@link Columns}). Deleting a volume
 * deletes its quota limits ({@code ON DELETE CASCADE}) and is refused while folders refer to it.
 */
@Entity
@Table(name = "storage_volumes")
class StorageVolumeEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "backend")
    String backend;

    @Column(name = "mount_path")
    String mountPath;

    @Column(name = "options")
    String options;

    @Column(name = "secret_options")
    String secretOptions;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected StorageVolumeEntity() {
    }

    StorageVolumeEntity(String name) {
        this.name = name;
    }
}
