package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code resource_presets}; see {@link io.berth.core.resource.ResourcePreset}. The slots are JSON
 * text ({@link Columns#slotsText}); shared memory and resource group may be null.
 */
@Entity
@Table(name = "resource_presets")
class ResourcePresetEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "resource_slots")
    String resourceSlots;

    @Column(name = "shared_memory")
    Long sharedMemory;

    @Column(name = "resource_group")
    String resourceGroup;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ResourcePresetEntity() {
    }

    ResourcePresetEntity(String name) {
        this.name = name;
    }
}
