package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code vfolders}; see {@link io.berth.core.storage.VFolder}. The owner kind, usage mode and
 * permission are stored by their constant names. {@link JpaFolderRepository} never keeps one managed.
 */
@Entity
@Table(name = "vfolders")
class VFolderEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "name")
    String name;

    @Column(name = "volume")
    String volume;

    @Column(name = "owner_kind")
    String ownerKind;

    @Column(name = "owner_id")
    String ownerId;

    @Column(name = "domain_name")
    String domainName;

    @Column(name = "creator_id")
    String creatorId;

    @Column(name = "usage_mode")
    String usageMode;

    @Column(name = "permission")
    String permission;

    @Column(name = "cloneable")
    boolean cloneable;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected VFolderEntity() {
    }

    VFolderEntity(String id) {
        this.id = id;
    }
}
