package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ValidationException;
import io.berth.core.repo.PluginDataRepository;
import io.berth.spi.data.PluginStore;
import io.berth.spi.data.PluginStore.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.persistence.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PluginDataRepositoryTest {
    private static final String NS = "auth.totp";

    private TestDb db;
    private JpaRepositories r;
    private PluginDataRepository data;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs failed statements as warnings; some tests provoke them on purpose
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        data = r.pluginData();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void putInsertsWithVersionOneAndEveryWriteIncrementsTheVersion() {
        assertEquals(Optional.empty(), data.get(NS, "u1"));
        assertEquals(1, data.put(NS, "u1", "secret-a"));
        assertEquals(Optional.of(new Entry("secret-a", 1)), data.get(NS, "u1"));
        assertEquals(2, data.put(NS, "u1", "secret-b"));
        assertEquals(3, data.put(NS, "u1", "secret-b"), "writing the same value is a write too");
        assertEquals(Optional.of(new Entry("secret-b", 3)), data.get(NS, "u1"));
        assertEquals(1, data.put(NS, "u2", ""), "an empty value is a value");
        assertEquals(Optional.of(new Entry("", 1)), data.get(NS, "u2"));
        assertEquals(Optional.of(new Entry("secret-b", 3)), data.get(NS, "u1"));
    }

    @Test
    void replaceWithVersionZeroInsertsOnlyWhenAbsent() {
        assertTrue(data.replace(NS, "k", "first", 0));
        assertEquals(Optional.of(new Entry("first", 1)), data.get(NS, "k"));
        assertFalse(data.replace(NS, "k", "second", 0));
        assertEquals(Optional.of(new Entry("first", 1)), data.get(NS, "k"));
    }

    @Test
    void replaceWritesOnlyAtTheExpectedVersion() {
        data.put(NS, "k", "v1");
        assertFalse(data.replace(NS, "k", "too-new", 2));
        assertFalse(data.replace(NS, "k", "negative", -1));
        assertEquals(Optional.of(new Entry("v1", 1)), data.get(NS, "k"));

        assertTrue(data.replace(NS, "k", "v2", 1));
        assertEquals(Optional.of(new Entry("v2", 2)), data.get(NS, "k"));
        assertFalse(data.replace(NS, "k", "stale", 1), "version 1 is gone");
        assertTrue(data.replace(NS, "k", "v3", 2));
        assertEquals(Optional.of(new Entry("v3", 3)), data.get(NS, "k"));

        assertFalse(data.replace(NS, "absent", "x", 1));
        assertEquals(Optional.empty(), data.get(NS, "absent"), "a replace at a version never inserts");
    }

    @Test
    void afterADeleteOnlyVersionZeroReplacesAndTheVersionStartsAgain() {
        data.put(NS, "k", "v1");
        data.put(NS, "k", "v2");
        data.delete(NS, "k");
        assertEquals(Optional.empty(), data.get(NS, "k"));
        assertFalse(data.replace(NS, "k", "old", 2));
        assertFalse(data.replace(NS, "k", "old", 1));
        assertEquals(Optional.empty(), data.get(NS, "k"));
        assertTrue(data.replace(NS, "k", "again", 0));
        assertEquals(Optional.of(new Entry("again", 1)), data.get(NS, "k"));
    }

    @Test
    void deletingAnAbsentEntryDoesNothing() {
        data.put(NS, "keep", "v");
        data.delete(NS, "absent");
        data.delete("other.plugin", "keep");
        r.unitOfWork().run(() -> data.delete(NS, "absent"));
        assertEquals(Optional.of(new Entry("v", 1)), data.get(NS, "keep"));
        data.delete(NS, "keep");
        data.delete(NS, "keep");
        assertEquals(Optional.empty(), data.get(NS, "keep"));
    }

    @Test
    void namespacesAreIsolated() {
        data.put("plugin.a", "k", "a1");
        data.put("plugin.a", "k", "a2");
        data.put("plugin.b", "k", "b1");
        assertEquals(Optional.of(new Entry("a2", 2)), data.get("plugin.a", "k"));
        assertEquals(Optional.of(new Entry("b1", 1)), data.get("plugin.b", "k"));
        assertEquals(Optional.empty(), data.get("plugin.c", "k"));

        assertFalse(data.replace("plugin.b", "k", "b-from-a", 2), "plugin.b is at version 1");
        assertFalse(data.replace("plugin.b", "k", "b-new", 0));
        assertTrue(data.replace("plugin.b", "k", "b2", 1));
        assertEquals(Optional.of(new Entry("a2", 2)), data.get("plugin.a", "k"));

        data.delete("plugin.a", "k");
        assertEquals(Optional.empty(), data.get("plugin.a", "k"));
        assertEquals(Optional.of(new Entry("b2", 2)), data.get("plugin.b", "k"));
        assertEquals(Optional.empty(), data.get("plugin", "a.k"), "no concatenation of namespace and key");
    }

    @Test
    void limitsAreCheckedAndNameTheField() {
        String ns = "n".repeat(JpaPluginDataRepository.MAX_NAMESPACE);
        String key = "k".repeat(PluginStore.MAX_KEY);
        String value = "\u00e9".repeat(PluginStore.MAX_VALUE);
        assertEquals(1, data.put(ns, key, value));
        assertEquals(Optional.of(new Entry(value, 1)), data.get(ns, key), "the largest entry fits and reads back");
        assertTrue(data.replace(ns, key, "x", 1));

        String longNs = ns + "n";
        String longKey = key + "k";
        String longValue = value + "x";
        assertField("namespace", () -> data.put(longNs, "k", "v"));
        assertField("namespace", () -> data.put("", "k", "v"));
        assertField("namespace", () -> data.put(null, "k", "v"));
        assertField("namespace", () -> data.get(longNs, "k"));
        assertField("namespace", () -> data.replace(longNs, "k", "v", 0));
        assertField("namespace", () -> data.delete("", "k"));
        assertField("key", () -> data.put(NS, longKey, "v"));
        assertField("key", () -> data.put(NS, "", "v"));
        assertField("key", () -> data.put(NS, null, "v"));
        assertField("key", () -> data.get(NS, longKey));
        assertField("key", () -> data.replace(NS, longKey, "v", 0));
        assertField("key", () -> data.delete(NS, null));
        assertField("value", () -> data.put(NS, "k", longValue));
        assertField("value", () -> data.put(NS, "k", null));
        assertField("value", () -> data.replace(NS, "k", longValue, 0));
        assertField("value", () -> data.replace(ns, key, longValue, 2));
        assertField("value", () -> data.replace(ns, key, null, 2));

        assertEquals(Optional.empty(), data.get(NS, "k"), "nothing was written");
        assertEquals(Optional.of(new Entry("x", 2)), data.get(ns, key));
    }

    private static void assertField(String field, Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void modifiedAtIsTheTimeOfTheLastWrite() throws SQLException {
        Instant t1 = Instant.parse("2024-06-01T08:00:00Z");
        PluginDataRepository at1 = new JpaPluginDataRepository(r.unitOfWork(), Clock.fixed(t1, ZoneOffset.UTC),
                () -> {
                });
        at1.put(NS, "k", "v");
        assertEquals(t1, modifiedAt(NS, "k"));
        Instant t2 = t1.plusSeconds(90);
        PluginDataRepository at2 = new JpaPluginDataRepository(r.unitOfWork(), Clock.fixed(t2, ZoneOffset.UTC),
                () -> {
                });
        assertTrue(at2.replace(NS, "k", "w", 1));
        assertEquals(t2, modifiedAt(NS, "k"));
        at1.put(NS, "k", "x");
        assertEquals(t1, modifiedAt(NS, "k"));
    }

    private Instant modifiedAt(String namespace, String key) throws SQLException {
        try (Connection c = db.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT modified_at FROM plugin_data WHERE namespace = ? AND data_key = ?")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    @Test
    void insideOneTransactionEveryReadSeesTheLatestWrite() {
        data.put(NS, "k", "before");
        r.unitOfWork().run(() -> {
            assertEquals(Optional.of(new Entry("before", 1)), data.get(NS, "k"));
            assertTrue(data.replace(NS, "k", "v2", 1));
            assertEquals(Optional.of(new Entry("v2", 2)), data.get(NS, "k"), "not the entry read before");
            assertEquals(3, data.put(NS, "k", "v3"));
            assertEquals(Optional.of(new Entry("v3", 3)), data.get(NS, "k"));
            assertFalse(data.replace(NS, "k", "stale", 2));
            data.delete(NS, "k");
            assertEquals(Optional.empty(), data.get(NS, "k"));
            assertTrue(data.replace(NS, "k", "new", 0));
            assertEquals(Optional.of(new Entry("new", 1)), data.get(NS, "k"));
            assertTrue(data.replace(NS, "k", "newer", 1));
            assertEquals(Optional.of(new Entry("newer", 2)), data.get(NS, "k"));
        });
        assertEquals(Optional.of(new Entry("newer", 2)), data.get(NS, "k"));
    }

    @Test
    void aFailingUnitOfWorkRollsBackInsertsUpdatesAndDeletes() {
        data.put(NS, "updated", "v1");
        data.put(NS, "deleted", "v1");
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> r.unitOfWork().run(() -> {
            assertTrue(data.replace(NS, "inserted", "x", 0));
            assertEquals(1, data.put(NS, "put", "x"));
            assertTrue(data.replace(NS, "updated", "v2", 1));
            data.delete(NS, "deleted");
            throw boom;
        })));
        assertEquals(Optional.empty(), data.get(NS, "inserted"));
        assertEquals(Optional.empty(), data.get(NS, "put"));
        assertEquals(Optional.of(new Entry("v1", 1)), data.get(NS, "updated"));
        assertEquals(Optional.of(new Entry("v1", 1)), data.get(NS, "deleted"));
    }

    /**
     * A repository whose first insert is preceded by a committed insert of the same key from another
     * thread: the check found the key absent, then a concurrent transaction won the race.
     */
    private PluginDataRepository losingTheFirstInsertRaceTo(String winnerValue, String key) {
        AtomicBoolean raced = new AtomicBoolean();
        return new JpaPluginDataRepository(r.unitOfWork(), Clock.systemUTC(), () -> {
            if (raced.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> assertTrue(data.replace(NS, key, winnerValue, 0)))
                        .orTimeout(30, TimeUnit.SECONDS).join();
            }
        });
    }

    @Test
    void losingTheInsertRaceIsFalseAndTheTransactionCarriesOn() {
        PluginDataRepository loser = losingTheFirstInsertRaceTo("winner", "k");
        boolean replaced = r.unitOfWork().inTransaction(() -> {
            data.put(NS, "before", "b");
            boolean result = loser.replace(NS, "k", "loser", 0);
            data.put(NS, "after", "a");
            r.settings().put("some.setting", "s");
            return result;
        });
        assertFalse(replaced);
        assertEquals(Optional.of(new Entry("winner", 1)), data.get(NS, "k"));
        assertEquals(Optional.of(new Entry("b", 1)), data.get(NS, "before"), "the transaction committed");
        assertEquals(Optional.of(new Entry("a", 1)), data.get(NS, "after"));
        assertEquals("s", r.settings().all().get("some.setting"));
    }

    @Test
    void losingTheInsertRaceOutsideATransactionIsFalseToo() {
        assertFalse(losingTheFirstInsertRaceTo("winner", "k").replace(NS, "k", "loser", 0));
        assertEquals(Optional.of(new Entry("winner", 1)), data.get(NS, "k"));
    }

    @Test
    void aPutThatLosesTheInsertRaceOverwritesTheWinner() {
        PluginDataRepository loser = losingTheFirstInsertRaceTo("winner", "k");
        long version = r.unitOfWork().inTransaction(() -> {
            long v = loser.put(NS, "k", "later");
            data.put(NS, "after", "a");
            return v;
        });
        assertEquals(2, version);
        assertEquals(Optional.of(new Entry("later", 2)), data.get(NS, "k"));
        assertEquals(Optional.of(new Entry("a", 1)), data.get(NS, "after"));
    }

    @Test
    void theKeyConstraintIsAConflictOnTheKey() throws SQLException {
        data.put(NS, "k", "v");
        SQLException duplicate;
        try (Connection c = db.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO plugin_data (namespace, data_key, data_value,"
                        + " version, modified_at) VALUES (?, ?, 'x', 1, ?)")) {
            ps.setString(1, NS);
            ps.setString(2, "k");
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            duplicate = assertThrows(SQLException.class, ps::executeUpdate);
        }
        RuntimeException e = PersistenceErrors.translate(new PersistenceException(duplicate), "id");
        ConflictException c = assertThrows(ConflictException.class, () -> {
            throw e;
        });
        assertEquals("key", c.field());
        assertTrue(c.getMessage().contains("already has an entry with this key"), c.getMessage());
        assertNotNull(c.getCause());
    }

    @Test
    void ofConcurrentReplacesAtTheSameVersionExactlyOneWins() {
        data.put(NS, "counter", "0");
        List<String> winners = race(8, i -> data.replace(NS, "counter", "thread-" + i, 1));
        assertEquals(1, winners.size(), winners.toString());
        assertEquals(Optional.of(new Entry(winners.get(0), 2)), data.get(NS, "counter"));
    }

    @Test
    void ofConcurrentInsertsOfAnAbsentKeyExactlyOneWins() {
        List<String> winners = race(8, i -> data.replace(NS, "fresh", "thread-" + i, 0));
        assertEquals(1, winners.size(), winners.toString());
        assertEquals(Optional.of(new Entry(winners.get(0), 1)), data.get(NS, "fresh"));
    }

    @Test
    void concurrentPutsLoseNoVersion() {
        int rounds = 10;
        List<String> all = onThreads(8, i -> {
            for (int round = 0; round < rounds; round++) {
                r.unitOfWork().run(() -> data.put(NS, "shared", "thread-" + i));
            }
            return true;
        });
        assertEquals(8, all.size());
        assertEquals(8 * rounds, data.get(NS, "shared").orElseThrow().version(), "every put counted once");
    }

    private interface Attempt {
        boolean run(int thread);
    }

    /**
     * Runs {@code attempt} on {@code n} threads at once, each in a transaction of its own through the unit
     * of work; returns the values {@code "thread-<i>"} of the threads whose attempt returned true. Any
     * exception fails the test.
     */
    private List<String> race(int n, Attempt attempt) {
        return onThreads(n, thread -> r.unitOfWork().inTransaction(() -> {
            assertTrue(r.unitOfWork().active());
            return attempt.run(thread);
        }));
    }

    /** Runs {@code attempt} on {@code n} threads at once; as {@link #race}, but outside any transaction. */
    private static List<String> onThreads(int n, Attempt attempt) {
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int thread = i;
                outcomes.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return attempt.run(thread);
                }));
            }
            List<String> won = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (outcomes.get(i).get(90, TimeUnit.SECONDS)) {
                    won.add("thread-" + i);
                }
            }
            return won;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("a thread failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
