package io.berth.persistence.jpa.internal;

import io.berth.core.repo.QuotaRepository;
import io.berth.core.storage.FolderOwner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link QuotaRepository} over the {@code quota_limits} table.
 *
 * <p>Reads are scalar queries and deletes bulk statements; {@link #put} reads the row by key and then updates
 * it or inserts it, and detaches it at once. So no {@link QuotaLimitEntity} stays managed in a persistence
 * context: deleting a volume deletes its limits in the database ({@code ON DELETE CASCADE}) and a later read in
 * the same unit of work finds them gone. When a concurrent transaction inserts the same limit between the read
 * and the insert, the insert is a {@link io.berth.core.error.ConflictException} on {@code scope_id}.
 *
 * <p>A limit on a volume that does not exist is a {@link io.berth.core.error.NotFoundException} on
 * {@code volume}; the volume and scope id are checked against their lengths
 * ({@link io.berth.core.error.ValidationException} naming the column). The kind is stored by its constant name.
 */
final class JpaQuotaRepository implements QuotaRepository {
    static final int MAX_VOLUME = 64;
    static final int MAX_SCOPE_ID = 128;

    private static final String WHERE_KEY = " WHERE e.volume = :volume AND e.ownerKind = :kind"
            + " AND e.scopeId = :scopeId";
    private static final String FIND = "SELECT e.hardLimitBytes FROM QuotaLimitEntity e" + WHERE_KEY;
    private static final String DELETE = "DELETE FROM QuotaLimitEntity e" + WHERE_KEY;
    private static final String LIST = "SELECT e.scopeId, e.hardLimitBytes FROM QuotaLimitEntity e"
            + " WHERE e.volume = :volume AND e.ownerKind = :kind ORDER BY e.scopeId";
    private static final String DELETE_VOLUME = "DELETE FROM QuotaLimitEntity e WHERE e.volume = :volume";

    private final JpaUnitOfWork tx;

    JpaQuotaRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Long> find(String volume, FolderOwner kind, String scopeId) {
        if (volume == null || kind == null || scopeId == null) {
            return Optional.empty();
        }
        return tx.read(em -> em.createQuery(FIND, Long.class).setParameter("volume", volume)
                .setParameter("kind", kind.name()).setParameter("scopeId", scopeId).getResultList().stream()
                .findFirst());
    }

    @Override
    public void put(String volume, FolderOwner kind, String scopeId, long hardLimitBytes) {
        QuotaLimitEntity.Key key = new QuotaLimitEntity.Key(Columns.checkLength(Objects.requireNonNull(volume,
                "volume"), MAX_VOLUME, "volume"), Objects.requireNonNull(kind, "owner_kind").name(),
                Columns.checkLength(Objects.requireNonNull(scopeId, "scope_id"), MAX_SCOPE_ID, "scope_id"));
        tx.write("scope_id", em -> {
            QuotaLimitEntity e = em.find(QuotaLimitEntity.class, key);
            if (e == null) {
                e = new QuotaLimitEntity(key.volume, key.ownerKind, key.scopeId);
                e.hardLimitBytes = hardLimitBytes;
                em.persist(e);
            } else {
                e.hardLimitBytes = hardLimitBytes;
            }
            em.flush();
            em.detach(e);
            return null;
        });
    }

    @Override
    public void delete(String volume, FolderOwner kind, String scopeId) {
        if (volume == null || kind == null || scopeId == null) {
            return;
        }
        tx.write("scope_id", em -> em.createQuery(DELETE).setParameter("volume", volume)
                .setParameter("kind", kind.name()).setParameter("scopeId", scopeId).executeUpdate());
    }

    /** Scope id to limit, in scope id order. */
    @Override
    public Map<String, Long> list(String volume, FolderOwner kind) {
        if (volume == null || kind == null) {
            return Map.of();
        }
        return tx.read(em -> {
            List<Object[]> rows = em.createQuery(LIST, Object[].class).setParameter("volume", volume)
                    .setParameter("kind", kind.name()).getResultList();
            Map<String, Long> out = new LinkedHashMap<>();
            for (Object[] row : rows) {
                out.put((String) row[0], ((Number) row[1]).longValue());
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public void deleteVolume(String volume) {
        if (volume == null) {
            return;
        }
        tx.write("volume", em -> em.createQuery(DELETE_VOLUME).setParameter("volume", volume).executeUpdate());
    }
}
