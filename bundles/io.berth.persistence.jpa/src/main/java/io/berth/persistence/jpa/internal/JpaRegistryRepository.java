package io.berth.persistence.jpa.internal;

import io.berth.core.image.ContainerRegistry;
import io.berth.core.repo.RegistryRepository;

/**
 * {@link RegistryRepository} over the {@code container_registries} table, keyed by hostname. Deleting a
 * registry deletes its images through the foreign key of {@code images} ({@code ON DELETE CASCADE});
 * {@link JpaImageRepository} keeps no image entity managed, so none is left stale by that. Text columns are
 * checked against their lengths ({@link io.berth.core.error.ValidationException} naming the column); a
 * duplicate hostname is a {@link io.berth.core.error.ConflictException} on {@code hostname}.
 */
final class JpaRegistryRepository extends NamedRows<ContainerRegistry, ContainerRegistryEntity>
        implements RegistryRepository {
    static final int MAX_HOSTNAME = 255;
    static final int MAX_URL = 2048;
    static final int MAX_TYPE = 32;
    static final int MAX_TEXT = 255;
    static final int MAX_PASSWORD = 4096;

    JpaRegistryRepository(JpaUnitOfWork tx) {
        super(tx, ContainerRegistryEntity.class, "container registry", "hostname", ContainerRegistry::hostname,
                h -> new ContainerRegistryEntity(Columns.checkLength(h, MAX_HOSTNAME, "hostname")),
                JpaRegistryRepository::copy, JpaRegistryRepository::record);
    }

    private static void copy(ContainerRegistry r, ContainerRegistryEntity e) {
        e.url = Columns.checkLength(r.url(), MAX_URL, "url");
        e.type = Columns.checkLength(r.type(), MAX_TYPE, "type");
        e.project = Columns.checkLength(r.project(), MAX_TEXT, "project");
        e.username = Columns.checkLength(r.username(), MAX_TEXT, "username");
        e.encryptedPassword = Columns.checkLength(r.encryptedPassword(), MAX_PASSWORD, "password");
        e.sslVerify = r.sslVerify();
        e.createdAt = Columns.timestamp(r.createdAt());
        e.modifiedAt = Columns.timestamp(r.modifiedAt());
    }

    static ContainerRegistry record(ContainerRegistryEntity e) {
        return new ContainerRegistry(e.name, e.url, e.type, e.project, e.username, e.encryptedPassword, e.sslVerify,
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
