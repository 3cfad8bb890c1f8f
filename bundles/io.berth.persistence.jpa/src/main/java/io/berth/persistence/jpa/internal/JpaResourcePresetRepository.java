package io.berth.persistence.jpa.internal;

import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.resource.ResourcePreset;

/** {@link ResourcePresetRepository} over the {@code resource_presets} table. */
final class JpaResourcePresetRepository extends NamedRows<ResourcePreset, ResourcePresetEntity>
        implements ResourcePresetRepository {
    JpaResourcePresetRepository(JpaUnitOfWork tx) {
        super(tx, ResourcePresetEntity.class, "resource preset", ResourcePreset::name,
                ResourcePresetEntity::new, JpaResourcePresetRepository::copy, JpaResourcePresetRepository::record);
    }

    private static void copy(ResourcePreset p, ResourcePresetEntity e) {
        e.resourceSlots = Columns.slotsText(p.resourceSlots(), "resource_slots");
        e.sharedMemory = p.sharedMemory();
        e.resourceGroup = p.resourceGroup();
        e.createdAt = Columns.timestamp(p.createdAt());
        e.modifiedAt = Columns.timestamp(p.modifiedAt());
    }

    static ResourcePreset record(ResourcePresetEntity e) {
        return new ResourcePreset(e.name, Columns.slots(e.resourceSlots), e.sharedMemory, e.resourceGroup,
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
