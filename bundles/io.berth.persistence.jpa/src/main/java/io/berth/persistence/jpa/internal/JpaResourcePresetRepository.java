package io.berth.persistence.jpa.internal;

import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.resource.ResourcePreset;
import java.util.List;
import java.util.Optional;

/** {@link ResourcePresetRepository} over the {@code resource_presets} table. */
final class JpaResourcePresetRepository implements ResourcePresetRepository {
    private final NamedRows<ResourcePreset, ResourcePresetEntity> rows;

    JpaResourcePresetRepository(JpaUnitOfWork tx) {
        this.rows = new NamedRows<>(tx, ResourcePresetEntity.class, "resource preset", ResourcePreset::name,
                ResourcePresetEntity::new, JpaResourcePresetRepository::copy, JpaResourcePresetRepository::record);
    }

    @Override
    public Optional<ResourcePreset> find(String name) {
        return rows.find(name);
    }

    @Override
    public List<ResourcePreset> list() {
        return rows.list();
    }

    @Override
    public void insert(ResourcePreset preset) {
        rows.insert(preset);
    }

    /** @throws io.berth.core.error.NotFoundException when no preset has the record's name */
    @Override
    public void update(ResourcePreset preset) {
        rows.update(preset);
    }

    /** Does nothing for an unknown name. */
    @Override
    public void delete(String name) {
        rows.delete(name);
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
