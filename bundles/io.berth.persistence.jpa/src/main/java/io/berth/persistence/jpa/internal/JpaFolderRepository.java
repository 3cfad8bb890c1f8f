package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.repo.FolderRepository;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.UsageMode;
import io.berth.core.storage.VFolder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.persistence.EntityManager;

/**
 * {@link FolderRepository} over the {@code vfolders} table.
 *
 * <p>Every {@link VFolderEntity} this repository loads or persists is detached as soon as it has become a
 * record, so no folder entity stays managed in a persistence context and every read sees the database.
 *
 * <p>Lists are sorted by name, then id, in the database. {@link #byOwners} asks for at most {@value #CHUNK}
 * owners per query; with more owners the chunks are merged and sorted by name, then id, as Java compares
 * strings.
 *
 * <p>A folder name the owner (kind and id) has already is a {@link io.berth.core.error.ConflictException} on
 * {@code name} (unique key {@code uq_vfolders_owner_name}, also when two transactions race), an id that exists
 * one on {@code id}. A folder whose volume does not exist is a {@link io.berth.core.error.ValidationException}
 * on {@code volume}, and text columns are checked against their lengths (naming the column). The owner kind,
 * usage mode and permission are stored by their constant names and must not be null.
 */
final class JpaFolderRepository implements FolderRepository {
    static final int MAX_ID = 64;
    static final int MAX_NAME = 64;
    static final int MAX_VOLUME = 64;
    static final int MAX_OWNER_ID = 64;
    static final int MAX_DOMAIN = 64;
    static final int MAX_CREATOR = 64;

    /** Most owner ids bound in one {@link #byOwners} query. */
    static final int CHUNK = 500;

    private static final String ORDER = " ORDER BY e.name, e.id";
    private static final String BY_NAME = "SELECT e FROM VFolderEntity e WHERE e.ownerKind = :kind"
            + " AND e.ownerId = :ownerId AND e.name = :name";
    private static final String BY_OWNER = "SELECT e FROM VFolderEntity e WHERE e.ownerKind = :kind"
            + " AND e.ownerId = :ownerId" + ORDER;
    private static final String BY_OWNERS = "SELECT e FROM VFolderEntity e WHERE e.ownerKind = :kind"
            + " AND e.ownerId IN :ownerIds" + ORDER;
    private static final String COUNT_BY_OWNER = "SELECT COUNT(e) FROM VFolderEntity e WHERE e.ownerKind = :kind"
            + " AND e.ownerId = :ownerId";
    private static final String BY_VOLUME = "SELECT e FROM VFolderEntity e WHERE e.volume = :volume" + ORDER;
    private static final String COUNT_BY_VOLUME = "SELECT COUNT(e) FROM VFolderEntity e WHERE e.volume = :volume";
    private static final String BY_DOMAIN = "SELECT e FROM VFolderEntity e WHERE e.domainName = :domain" + ORDER;
    private static final String ALL = "SELECT e FROM VFolderEntity e" + ORDER;
    private static final String DELETE = "DELETE FROM VFolderEntity e WHERE e.id = :id";

    private static final Comparator<VFolder> NAME_THEN_ID = Comparator.comparing(VFolder::name)
            .thenComparing(VFolder::id);

    private final JpaUnitOfWork tx;

    JpaFolderRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<VFolder> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(VFolderEntity.class, id)).map(e -> detached(em, e)));
    }

    @Override
    public Optional<VFolder> findByName(FolderOwner kind, String ownerId, String name) {
        if (kind == null || ownerId == null || name == null) {
            return Optional.empty();
        }
        return tx.read(em -> em.createQuery(BY_NAME, VFolderEntity.class).setParameter("kind", kind.name())
                .setParameter("ownerId", ownerId).setParameter("name", name).getResultList().stream()
                .map(e -> detached(em, e)).findFirst());
    }

    @Override
    public void insert(VFolder folder) {
        VFolderEntity values = new VFolderEntity(Columns.checkLength(folder.id(), MAX_ID, "id"));
        copy(folder, values);
        tx.write("id", em -> {
            em.persist(values);
            em.flush();
            em.detach(values);
            return null;
        });
    }

    /**
     * Replaces every column but the id.
     *
     * @throws NotFoundException when no folder has the id
     */
    @Override
    public void update(VFolder folder) {
        copy(folder, new VFolderEntity(folder.id())); // checks the values before the database is touched
        tx.write("id", em -> {
            VFolderEntity e = folder.id() == null ? null : em.find(VFolderEntity.class, folder.id());
            if (e == null) {
                throw new NotFoundException("no folder with id '" + folder.id() + "'", "id");
            }
            copy(folder, e);
            em.flush();
            em.detach(e);
            return null;
        });
    }

    @Override
    public void delete(String id) {
        if (id == null) {
            return;
        }
        tx.write("id", em -> em.createQuery(DELETE).setParameter("id", id).executeUpdate());
    }

    @Override
    public List<VFolder> byOwner(FolderOwner kind, String ownerId) {
        if (kind == null || ownerId == null) {
            return List.of();
        }
        return tx.read(em -> records(em, em.createQuery(BY_OWNER, VFolderEntity.class)
                .setParameter("kind", kind.name()).setParameter("ownerId", ownerId).getResultList()));
    }

    @Override
    public List<VFolder> byOwners(FolderOwner kind, Collection<String> ownerIds) {
        if (kind == null || ownerIds == null) {
            return List.of();
        }
        List<String> ids = ownerIds.stream().filter(Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return tx.read(em -> {
            List<VFolder> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += CHUNK) {
                out.addAll(records(em, em.createQuery(BY_OWNERS, VFolderEntity.class)
                        .setParameter("kind", kind.name())
                        .setParameter("ownerIds", ids.subList(i, Math.min(ids.size(), i + CHUNK))).getResultList()));
            }
            if (ids.size() > CHUNK) {
                out.sort(NAME_THEN_ID);
            }
            return List.copyOf(out);
        });
    }

    @Override
    public long countByOwner(FolderOwner kind, String ownerId) {
        if (kind == null || ownerId == null) {
            return 0;
        }
        return tx.read(em -> em.createQuery(COUNT_BY_OWNER, Long.class).setParameter("kind", kind.name())
                .setParameter("ownerId", ownerId).getSingleResult());
    }

    @Override
    public List<VFolder> byVolume(String volume) {
        if (volume == null) {
            return List.of();
        }
        return tx.read(em -> records(em, em.createQuery(BY_VOLUME, VFolderEntity.class)
                .setParameter("volume", volume).getResultList()));
    }

    @Override
    public long countByVolume(String volume) {
        if (volume == null) {
            return 0;
        }
        return tx.read(em -> em.createQuery(COUNT_BY_VOLUME, Long.class).setParameter("volume", volume)
                .getSingleResult());
    }

    @Override
    public List<VFolder> byDomain(String domainName) {
        if (domainName == null) {
            return List.of();
        }
        return tx.read(em -> records(em, em.createQuery(BY_DOMAIN, VFolderEntity.class)
                .setParameter("domain", domainName).getResultList()));
    }

    @Override
    public List<VFolder> all() {
        return tx.read(em -> records(em, em.createQuery(ALL, VFolderEntity.class).getResultList()));
    }

    private static List<VFolder> records(EntityManager em, List<VFolderEntity> rows) {
        return rows.stream().map(e -> detached(em, e)).toList();
    }

    private static VFolder detached(EntityManager em, VFolderEntity e) {
        em.detach(e);
        return record(e);
    }

    private static void copy(VFolder f, VFolderEntity e) {
        e.name = Columns.checkLength(f.name(), MAX_NAME, "name");
        e.volume = Columns.checkLength(f.volume(), MAX_VOLUME, "volume");
        e.ownerKind = Objects.requireNonNull(f.ownerKind(), "owner_kind").name();
        e.ownerId = Columns.checkLength(f.ownerId(), MAX_OWNER_ID, "owner_id");
        e.domainName = Columns.checkLength(f.domainName(), MAX_DOMAIN, "domain_name");
        e.creatorId = Columns.checkLength(f.creatorId(), MAX_CREATOR, "creator_id");
        e.usageMode = Objects.requireNonNull(f.usageMode(), "usage_mode").name();
        e.permission = Objects.requireNonNull(f.permission(), "permission").name();
        e.cloneable = f.cloneable();
        e.createdAt = Columns.timestamp(f.createdAt());
        e.modifiedAt = Columns.timestamp(f.modifiedAt());
    }

    static VFolder record(VFolderEntity e) {
        return new VFolder(e.id, e.name, e.volume, FolderOwner.valueOf(e.ownerKind), e.ownerId, e.domainName,
                e.creatorId, UsageMode.valueOf(e.usageMode), FolderPermission.valueOf(e.permission), e.cloneable,
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
