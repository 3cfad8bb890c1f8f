package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.DomainRepository;
import java.util.Map;
import java.util.Optional;
import javax.persistence.EntityManager;

/** {@link DomainRepository} over the {@code domains} table. */
final class JpaDomainRepository implements DomainRepository {
    private static final Lists.Sorting SORTING = new Lists.Sorting(
            Map.of("name", "name", "created_at", "createdAt", "modified_at", "modifiedAt"), "createdAt", "name");

    private final JpaUnitOfWork tx;

    JpaDomainRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Domain> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(DomainEntity.class, name)).map(JpaDomainRepository::record));
    }

    @Override
    public void insert(Domain domain) {
        tx.write("name", em -> {
            DomainEntity e = new DomainEntity();
            e.name = domain.name();
            copy(domain, e);
            em.persist(e);
            return null;
        });
    }

    /**
     * Replaces every column but the name.
     *
     * @throws NotFoundException when no domain has the record's name
     */
    @Override
    public void update(Domain domain) {
        tx.write("name", em -> {
            copy(domain, existing(em, domain.name()));
            return null;
        });
    }

    @Override
    public Page<Domain> list(Boolean active, String onlyName, PageRequest page) {
        return tx.read(em -> Lists.page(em, DomainEntity.class, where -> {
            if (active != null) {
                where.equal("active", active);
            }
            if (onlyName != null) {
                where.equal("name", onlyName);
            }
        }, SORTING, page, rows -> rows.stream().map(JpaDomainRepository::record).toList()));
    }

    private static DomainEntity existing(EntityManager em, String name) {
        DomainEntity e = name == null ? null : em.find(DomainEntity.class, name);
        if (e == null) {
            throw new NotFoundException("no domain named '" + name + "'");
        }
        return e;
    }

    private static void copy(Domain d, DomainEntity e) {
        e.description = d.description();
        e.active = d.active();
        e.totalResourceSlots = Columns.slotsText(d.totalResourceSlots(), "total_resource_slots");
        e.allowedVfolderHosts = Columns.joinHosts(d.allowedVfolderHosts(), "allowed_vfolder_hosts");
        e.allowedDockerRegistries = Columns.joinHosts(d.allowedDockerRegistries(), "allowed_docker_registries");
        e.createdAt = Columns.timestamp(d.createdAt());
        e.modifiedAt = Columns.timestamp(d.modifiedAt());
    }

    static Domain record(DomainEntity e) {
        return new Domain(e.name, e.description, e.active, Columns.slots(e.totalResourceSlots),
                Columns.splitHosts(e.allowedVfolderHosts), Columns.splitHosts(e.allowedDockerRegistries),
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
