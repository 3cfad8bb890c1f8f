package io.berth.core.testing;

import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.resource.ResourcePreset;

public final class FakeResourcePresetRepository extends FakeNamedTable<ResourcePreset> implements ResourcePresetRepository {
    public FakeResourcePresetRepository(FakeUnitOfWork tx) {
        super("presets", tx, ResourcePreset::name);
    }
}
