package io.berth.persistence.jpa.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ValidationException;
import io.berth.core.repo.PluginDataRepository;
import io.berth.spi.data.PluginStore;
import io.berth.spi.data.PluginStore.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * {@link PluginDataRepository} over {@code plugin_data}.
 *
 * <p><b>Versions.</b> Every write sets {@code version = version + 1} in the database itself (a bulk
 * JPQL {@code UPDATE}), never a value computed from an earlier read, so two concurrent writers cannot
 * both produce the same version. {@link #replace} with an expected version adds
 * {@code WHERE version = :expected} and reports whether a row was updated: the database's row lock makes
 * exactly one of several concurrent replaces with the same expected version succeed (Derby waits for the
 * lock and then evaluates the condition on the committed row; PostgreSQL re-checks the condition on the
 * updated row version in READ COMMITTED).
 *
 * <p><b>No stale entities.</b> Reads are scalar JPQL queries and changes are bulk statements, so no
 * {@link PluginDataEntity} ever becomes managed: the persistence context of a unit of work cannot serve a
 * copy that a bulk {@code UPDATE} or {@code DELETE} has made stale, and nothing needs clearing or
 * refreshing after one.
 *
 * <p><b>Inserts and the insert race.</b> An insert ({@link #put} of a new key, {@link #replace} with
 * expected version 0) first checks in the transaction whether the key exists. Two transactions can both
 * pass that check; the database then lets one insert win and fails the other on the primary key
 * {@code pk_plugin_data}. Through JPA such a failure cannot be survived: EclipseLink marks the transaction
 * rollback-only, and PostgreSQL aborts the whole transaction on any failed statement. The insert therefore
 * runs as plain JDBC on the transaction's own connection ({@link EntityManager#unwrap} with
 * {@link Connection}, which EclipseLink supports and which begins the database transaction), inside a
 * savepoint: a duplicate key (SQL state 23505) rolls back to the savepoint only, and the surrounding
 * transaction carries on unharmed. The loser's {@link #replace} returns false; the loser's {@link #put}
 * updates the winner's row instead. Any other failure is translated by {@link PersistenceErrors} and
 * fails the unit of work as usual.
 *
 * <p><b>Limits.</b> Namespace 1 to {@value #MAX_NAMESPACE} characters, key 1 to
 * {@value PluginStore#MAX_KEY}, value at most {@value PluginStore#MAX_VALUE} (empty allowed); characters
 * are UTF-16 units ({@link String#length()}), which never undercounts what the columns hold. Every method
 * checks them and throws {@link ValidationException} naming the field ({@code namespace}, {@code key},
 * {@code value}); null counts as empty.
 */
final class JpaPluginDataRepository implements PluginDataRepository {
    /** Longest namespace that fits the column. */
    static final int MAX_NAMESPACE = 64;

    /** How often {@link #put} tries again when the row appears and disappears under it. */
    private static final int PUT_ATTEMPTS = 5;

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String WHERE_KEY = " WHERE e.namespace = :namespace AND e.dataKey = :key";
    private static final String READ = "SELECT e.dataValue, e.version FROM PluginDataEntity e" + WHERE_KEY;
    private static final String READ_VERSION = "SELECT e.version FROM PluginDataEntity e" + WHERE_KEY;
    private static final String UPDATE = "UPDATE PluginDataEntity e SET e.dataValue = :value,"
            + " e.version = e.version + 1, e.modifiedAt = :now" + WHERE_KEY;
    private static final String UPDATE_IF = UPDATE + " AND e.version = :expected";
    private static final String DELETE = "DELETE FROM PluginDataEntity e" + WHERE_KEY;
    private static final String INSERT = "INSERT INTO plugin_data (namespace, data_key, data_value, version,"
            + " modified_at) VALUES (?, ?, ?, 1, ?)";

    private final JpaUnitOfWork tx;
    private final Clock clock;
    private final Runnable beforeInsert;

    JpaPluginDataRepository(JpaUnitOfWork tx) {
        this(tx, Clock.systemUTC(), () -> {
        });
    }

    /**
     * @param clock        the time of {@code modified_at}
     * @param beforeInsert runs after the check that a key is absent and before the insert: lets tests
     *                     make a concurrent transaction win the insert race at exactly that point
     */
    JpaPluginDataRepository(JpaUnitOfWork tx, Clock clock, Runnable beforeInsert) {
        this.tx = tx;
        this.clock = clock;
        this.beforeInsert = beforeInsert;
    }

    @Override
    public Optional<Entry> get(String namespace, String key) {
        checkKey(namespace, key);
        return tx.read(em -> read(em, namespace, key));
    }

    /**
     * @throws ConflictException (field {@code key}) only when the row keeps appearing and disappearing
     *         under concurrent writers {@value #PUT_ATTEMPTS} times in a row
     */
    @Override
    public long put(String namespace, String key, String value) {
        checkKey(namespace, key);
        checkValue(value);
        return tx.write("key", em -> {
            Connection c = connection(em);
            for (int attempt = 0; attempt < PUT_ATTEMPTS; attempt++) {
                if (update(em, namespace, key, value, 0) == 1) {
                    return em.createQuery(READ_VERSION, Long.class).setParameter("namespace", namespace)
                            .setParameter("key", key).getSingleResult();
                }
                if (insert(c, namespace, key, value)) {
                    return 1L;
                }
            }
            throw new ConflictException("the entry was changed concurrently too often, try again", "key");
        });
    }

    /**
     * A negative expected version matches no entry: false, nothing written.
     *
     * @return false also when a concurrent transaction inserted the key first (expected version 0); the
     *         caller's transaction stays usable
     */
    @Override
    public boolean replace(String namespace, String key, String value, long expectedVersion) {
        checkKey(namespace, key);
        checkValue(value);
        if (expectedVersion < 0) {
            return false;
        }
        return tx.write("key", em -> {
            if (expectedVersion > 0) {
                return update(em, namespace, key, value, expectedVersion) == 1;
            }
            Connection c = connection(em);
            return read(em, namespace, key).isEmpty() && insert(c, namespace, key, value);
        });
    }

    /** Does nothing when the entry is absent. */
    @Override
    public void delete(String namespace, String key) {
        checkKey(namespace, key);
        tx.write("key", em -> em.createQuery(DELETE).setParameter("namespace", namespace).setParameter("key", key)
                .executeUpdate());
    }

    private static Optional<Entry> read(EntityManager em, String namespace, String key) {
        List<Object[]> rows = em.createQuery(READ, Object[].class).setParameter("namespace", namespace)
                .setParameter("key", key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new Entry((String) row[0], ((Number) row[1]).longValue()));
    }

    /** Sets the value and increments the version; only at {@code expected} when it is positive. */
    private int update(EntityManager em, String namespace, String key, String value, long expected) {
        var q = em.createQuery(expected > 0 ? UPDATE_IF : UPDATE).setParameter("value", value)
                .setParameter("now", Timestamp.from(clock.instant())).setParameter("namespace", namespace)
                .setParameter("key", key);
        if (expected > 0) {
            q.setParameter("expected", expected);
        }
        return q.executeUpdate();
    }

    /**
     * The JDBC connection of the transaction that {@code em} is in. EclipseLink begins the database
     * transaction for this, so later JPA statements of the unit of work use the same connection.
     */
    private static Connection connection(EntityManager em) {
        Connection c = em.unwrap(Connection.class);
        if (c == null) {
            throw new IllegalStateException("the persistence provider gave no JDBC connection for the transaction");
        }
        return c;
    }

    /**
     * Inserts the entry with version 1 inside a savepoint; false, with the transaction intact, when the
     * key exists already (a concurrent insert won the race on the primary key).
     */
    private boolean insert(Connection c, String namespace, String key, String value) {
        beforeInsert.run();
        try {
            Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                ps.setString(3, value);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            } catch (SQLException e) {
                c.rollback(savepoint);
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            throw PersistenceErrors.translate(new PersistenceException(e.getMessage(), e), "key");
        }
    }

    private static void checkKey(String namespace, String key) {
        check(namespace, MAX_NAMESPACE, "namespace");
        check(key, PluginStore.MAX_KEY, "key");
    }

    private static void checkValue(String value) {
        if (value == null) {
            throw new ValidationException("value is required", "value");
        }
        Columns.checkLength(value, PluginStore.MAX_VALUE, "value");
    }

    private static void check(String text, int max, String field) {
        if (text == null || text.isEmpty()) {
            throw new ValidationException(field + " must not be empty", field);
        }
        if (text.length() > max) {
            throw new ValidationException(field + " is too long: at most " + max + " characters", field);
        }
    }
}
