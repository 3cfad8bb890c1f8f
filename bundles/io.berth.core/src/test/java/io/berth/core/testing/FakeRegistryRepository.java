package io.berth.core.testing;

import io.berth.core.image.ContainerRegistry;
import io.berth.core.repo.RegistryRepository;

/** Container registries by hostname; like the real one, deleting a registry deletes its images. */
public final class FakeRegistryRepository extends FakeNamedTable<ContainerRegistry> implements RegistryRepository {
    private final FakeImageRepository images;

    public FakeRegistryRepository(FakeUnitOfWork tx, FakeImageRepository images) {
        super("container_registries", tx, ContainerRegistry::hostname);
        this.images = images;
    }

    @Override
    public void update(ContainerRegistry row) {
        if (get(row.hostname()) == null) {
            throw new io.berth.core.error.NotFoundException("no registry " + row.hostname());
        }
        super.update(row);
    }

    @Override
    public void delete(String name) {
        if (get(name) != null) {
            images.byRegistry(name).forEach(i -> images.delete(i.reference()));
            super.delete(name);
        }
    }
}
