package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.KeyPairRepository;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.persistence.EntityManager;

/** {@link KeyPairRepository} over the {@code keypairs} table. */
final class JpaKeyPairRepository implements KeyPairRepository {
    private static final Lists.Sorting SORTING = new Lists.Sorting(Map.of("access_key", "accessKey", "created_at",
            "createdAt", "last_used", "lastUsed", "num_queries", "numQueries", "rate_limit", "rateLimit", "user_id",
            "userId"), "createdAt", "accessKey");

    private final JpaUnitOfWork tx;

    JpaKeyPairRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<KeyPair> find(String accessKey) {
        if (accessKey == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(KeyPairEntity.class, accessKey))
                .map(JpaKeyPairRepository::record));
    }

    /** The user's keypairs, oldest first (then by access key). */
    @Override
    public List<KeyPair> findByUser(String userId) {
        return tx.read(em -> em.createQuery("SELECT k FROM KeyPairEntity k WHERE k.userId = :user"
                + " ORDER BY k.createdAt, k.accessKey", KeyPairEntity.class).setParameter("user", userId)
                .getResultList().stream().map(JpaKeyPairRepository::record).toList());
    }

    @Override
    public void insert(KeyPair keyPair) {
        tx.write("access_key", em -> {
            KeyPairEntity e = new KeyPairEntity();
            e.accessKey = keyPair.accessKey();
            copySettings(keyPair, e);
            e.lastUsed = Columns.timestamp(keyPair.lastUsed());
            e.numQueries = keyPair.numQueries();
            em.persist(e);
            return null;
        });
    }

    /**
     * Stores the record's settings. The usage counters (query count, last used) are left as stored:
     * only {@link #recordUsage} moves them, so an update made from a record read earlier cannot undo a
     * usage flush that happened in between.
     *
     * @throws NotFoundException when no keypair has the record's access key
     */
    @Override
    public void update(KeyPair keyPair) {
        tx.write("access_key", em -> {
            copySettings(keyPair, existing(em, keyPair.accessKey()));
            return null;
        });
    }

    /** Deletes the keypair; does nothing when there is none with this access key. */
    @Override
    public void delete(String accessKey) {
        if (accessKey == null) {
            return;
        }
        tx.write("access_key", em -> {
            KeyPairEntity e = em.find(KeyPairEntity.class, accessKey);
            if (e != null) {
                em.remove(e);
            }
            return null;
        });
    }

    @Override
    public Page<KeyPair> list(KeyPairQuery query, PageRequest page) {
        KeyPairQuery q = query == null ? new KeyPairQuery(null, null, null, null, null) : query;
        return tx.read(em -> Lists.page(em, KeyPairEntity.class, where -> {
            if (q.active() != null) {
                where.equal("active", q.active());
            }
            if (q.userId() != null) {
                where.equal("userId", q.userId());
            }
            if (Columns.given(q.accessKey())) {
                where.contains("accessKey", q.accessKey());
            }
            if (Columns.given(q.email()) || q.domain() != null) {
                List<String> owner = new ArrayList<>();
                if (Columns.given(q.email())) {
                    owner.add(where.like("u.email", q.email()));
                }
                if (q.domain() != null) {
                    owner.add("u.domainName = " + where.param(q.domain()));
                }
                where.add("e.userId IN (SELECT u.id FROM UserEntity u WHERE " + String.join(" AND ", owner) + ")");
            }
        }, SORTING, page, rows -> rows.stream().map(JpaKeyPairRepository::record).toList()));
    }

    /**
     * Adds {@code queries} to the query count and sets last-used to the later of the stored and the given
     * instant, in one UPDATE statement so that concurrent flushes add up without a locking read. Does
     * nothing for an unknown key (it may have been deleted since the usage was counted).
     */
    @Override
    public void recordUsage(String accessKey, long queries, Instant lastUsed) {
        if (accessKey == null) {
            return;
        }
        Timestamp given = Columns.timestamp(lastUsed);
        tx.write("access_key", em -> {
            em.createQuery("UPDATE KeyPairEntity k SET k.numQueries = k.numQueries + :n WHERE k.accessKey = :ak")
                    .setParameter("n", queries).setParameter("ak", accessKey).executeUpdate();
            if (given != null) {
                em.createQuery("UPDATE KeyPairEntity k SET k.lastUsed = :t WHERE k.accessKey = :ak"
                        + " AND (k.lastUsed IS NULL OR k.lastUsed < :t)")
                        .setParameter("t", given).setParameter("ak", accessKey).executeUpdate();
            }
            // bulk updates bypass the persistence context: refresh a copy this transaction already holds
            KeyPairEntity held = em.find(KeyPairEntity.class, accessKey);
            if (held != null) {
                em.refresh(held);
            }
            return null;
        });
    }

    private static KeyPairEntity existing(EntityManager em, String accessKey) {
        KeyPairEntity e = accessKey == null ? null : em.find(KeyPairEntity.class, accessKey);
        if (e == null) {
            throw new NotFoundException("no keypair '" + accessKey + "'");
        }
        return e;
    }

    private static void copySettings(KeyPair k, KeyPairEntity e) {
        e.secretKey = k.secretKey();
        e.userId = k.userId();
        e.active = k.active();
        e.admin = k.admin();
        e.resourcePolicy = k.resourcePolicy();
        e.rateLimit = k.rateLimit();
        e.createdAt = Columns.timestamp(k.createdAt());
    }

    static KeyPair record(KeyPairEntity e) {
        return new KeyPair(e.accessKey, e.secretKey, e.userId, e.active, e.admin, e.resourcePolicy, e.rateLimit,
                Columns.instant(e.createdAt), Columns.instant(e.lastUsed), e.numQueries);
    }
}
