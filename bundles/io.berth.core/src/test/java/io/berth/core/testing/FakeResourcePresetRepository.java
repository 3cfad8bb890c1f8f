package io.berth.core.testing;

import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.resource.ResourcePreset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class FakeResourcePresetRepository extends FakeTable<ResourcePreset> implements ResourcePresetRepository {
    public FakeResourcePresetRepository(FakeUnitOfWork tx) {
        super("presets", tx);
    }

    @Override
    public Optional<ResourcePreset> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public List<ResourcePreset> list() {
        return all().sorted(Comparator.comparing(ResourcePreset::name)).toList();
    }

    @Override
    public void insert(ResourcePreset p) {
        write("insert", p.name(), p);
    }

    @Override
    public void update(ResourcePreset p) {
        write("update", p.name(), p);
    }

    @Override
    public void delete(String name) {
        write("delete", name, null);
    }
}
