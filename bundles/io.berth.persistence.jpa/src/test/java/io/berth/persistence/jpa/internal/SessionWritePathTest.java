package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's write and read path of the session repository: what a placement sends to the database,
 * the history sequence kept on the session row, the kernel count behind the update without a delete, and
 * the pending read with its kernels in two queries.
 */
class SessionWritePathTest {
    private TestDb db;
    private JpaRepositories r;
    private JpaSessionRepository sessions;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        sessions = r.sessions();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A PENDING session of {@code kernels} unplaced kernels, created at {@code at}. */
    private static Session pending(String id, int kernels, Instant at) {
        SessionRepositoryTest.Spec s = new SessionRepositoryTest.Spec(id);
        s.created = at;
        List<Kernel> ks = new ArrayList<>();
        for (int i = 0; i < kernels; i++) {
            // ids out of index order, so that the order of a read is the index order and not the id order
            ks.add(SessionRepositoryTest.kernel(id + "-k" + (kernels - i), id, i, null, SessionStatus.PENDING, at));
        }
        s.kernels = ks;
        return s.build();
    }

    /** {@code s}, one version later, in {@code status} with {@code kernels}. */
    private static Session next(Session s, SessionStatus status, List<Kernel> kernels) {
        return new Session(s.id(), s.name(), s.accessKey(), s.userId(), s.ownerEmail(), s.projectId(), s.domain(),
                s.resourceGroup(), s.type(), s.image(), s.architecture(), s.clusterSize(), s.clusterMode(),
                s.slotsPerContainer(), s.requested(), s.environment(), s.mounts(), s.startupCommand(), s.priority(),
                s.dependencies(), s.startsAt(), s.sudo(), status, "now " + status, s.statusChangedAt().plusSeconds(1),
                s.pendingReasons(), s.retries(), s.createdAt(), s.terminatedAt(), s.lastActivity(), s.version() + 1,
                kernels);
    }

    /** {@code s} placed: SCHEDULED, every kernel on agent {@code agent}. */
    private static Session placed(Session s, String agent) {
        return next(s, SessionStatus.SCHEDULED, s.kernels().stream().map(k -> k.placedOn(agent)).toList());
    }

    private static StatusChange change(Session s) {
        return new StatusChange(s.status(), s.statusReason(), s.statusChangedAt());
    }

    // ------------------------------------------------------------------ statements

    @Test
    void aPlacementIsOneStatementForTheSessionOnePerKernelAndOneForTheHistory() {
        Session s = pending("s-1", 2, T0);
        Session gone = pending("s-2", 1, T0);
        sessions.insert(s, new StatusChange(SessionStatus.PENDING, "created", T0));
        sessions.insert(gone, null);
        counted(counted -> {
            Session p = placed(s, "i-1");
            List<String> sql = statements(() -> assertTrue(counted.update(p, change(p))));
            assertEquals(4, sql.size(), sql::toString);
            assertTrue(sql.get(0).startsWith("UPDATE SESSIONS"), sql::toString);
            assertTrue(sql.get(1).startsWith("UPDATE KERNELS") && sql.get(2).startsWith("UPDATE KERNELS"),
                    sql::toString);
            assertTrue(sql.get(3).startsWith("INSERT INTO SESSION_HISTORY"), sql::toString);
            assertEquals(Optional.of(p), counted.find("s-1"));

            // without a history entry: the session and its kernel only
            Session q = next(p, SessionStatus.PREPARING, p.kernels());
            assertEquals(3, statements(() -> assertTrue(counted.update(q, null))).size());

            // stale: the statement with the count, then the one without, and nothing else
            List<String> stale = statements(() -> assertFalse(counted.update(placed(s, "i-9"), change(p))));
            assertEquals(2, stale.size(), stale::toString);
            assertTrue(stale.stream().allMatch(x -> x.startsWith("UPDATE SESSIONS")), stale::toString);
            assertEquals(Optional.of(q), counted.find("s-1"));
        });
        assertEquals(List.of(new StatusChange(SessionStatus.PENDING, "created", T0), change(placed(s, "i-1"))),
                sessions.history("s-1"));
        assertEquals(Optional.of(gone), sessions.find("s-2"), "the other session is untouched");
    }

    @Test
    void theKernelsOfTheGroupsPendingSessionsAreReadWithOneQuery() {
        for (int i = 0; i < 6; i++) {
            sessions.insert(pending("p-" + i, 1 + i % 3, T0.plusSeconds(i)), null);
        }
        counted(counted -> {
            List<Session> all = new ArrayList<>();
            List<String> sql = statements(() -> all.addAll(counted.pending("default", 100)));
            assertEquals(2, sql.size(), sql::toString);
            assertEquals(List.of("p-0", "p-1", "p-2", "p-3", "p-4", "p-5"), all.stream().map(Session::id).toList());
            for (Session s : all) {
                assertEquals(Optional.of(s), sessions.find(s.id()));
                assertEquals(List.of(0, 1, 2).subList(0, s.kernels().size()),
                        s.kernels().stream().map(Kernel::index).toList(), "by index");
            }
            List<Session> first = new ArrayList<>();
            assertEquals(2, statements(() -> first.addAll(counted.pending("default", 4))).size());
            assertEquals(all.subList(0, 4), first, "the kernels of the later ones are not mixed in");
        });
    }

    @Test
    void aPendingSessionWithoutKernelsOrThatLeftTheQueueIsReadWithItsKernels() {
        sessions.insert(pending("p-0", 0, T0), null);
        sessions.insert(pending("p-1", 2, T0.plusSeconds(1)), null);
        assertEquals(List.of(sessions.find("p-0").orElseThrow(), sessions.find("p-1").orElseThrow()),
                sessions.pending("default", 10));
        assertEquals(List.of(), sessions.find("p-0").orElseThrow().kernels());
    }

    // ------------------------------------------------------------------ history sequence

    @Test
    void theHistoryKeepsItsOrderAndItsSequenceOverManyUpdatesAndStaleOnes() throws SQLException {
        Session s = pending("s-1", 1, T0);
        sessions.insert(s, new StatusChange(SessionStatus.PENDING, "created", T0));
        List<StatusChange> expected = new ArrayList<>(List.of(new StatusChange(SessionStatus.PENDING, "created", T0)));
        Session current = s;
        for (int i = 0; i < 120; i++) {
            SessionStatus status = SessionStatus.values()[i % SessionStatus.values().length];
            Session n = next(current, status, current.kernels());
            // every third without a history entry, every fifth also tried from a stale version
            StatusChange c = i % 3 == 0 ? null : new StatusChange(status, i % 7 == 0 ? null : "change " + i,
                    T0.plusSeconds(i));
            assertTrue(sessions.update(n, c));
            if (c != null) {
                expected.add(c);
            }
            if (i % 5 == 0) {
                assertFalse(sessions.update(n, new StatusChange(SessionStatus.ERROR, "stale", T0)));
            }
            current = n;
        }
        assertEquals(expected, sessions.history("s-1"));
        assertEquals(Optional.of(current), sessions.find("s-1"));
        List<String> seqs = db.query("SELECT seq FROM session_history WHERE session_id = 's-1' ORDER BY seq");
        assertEquals(expected.size(), seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(String.valueOf(i), seqs.get(i), "seq counts from 0 without gaps");
        }
        assertEquals(List.of(expected.size() + "|1"),
                db.query("SELECT history_seq, kernel_count FROM sessions WHERE id = 's-1'"));

        Session without = pending("s-2", 0, T0);
        sessions.insert(without, null);
        Session n = next(without, SessionStatus.CANCELLED, List.of());
        assertTrue(sessions.update(n, change(n)));
        assertEquals(List.of(change(n)), sessions.history("s-2"), "a session inserted without history starts at 0");
        assertEquals(List.of("0"), db.query("SELECT seq FROM session_history WHERE session_id = 's-2'"));
    }

    // ------------------------------------------------------------------ kernel count

    @Test
    void kernelsReplacedAddedAndRemovedKeepTheCountAndAStaleUpdateTouchesNoKernel() throws SQLException {
        Session s = pending("s-1", 2, T0);
        sessions.insert(s, null);
        Kernel k0 = s.kernels().get(0);
        Kernel k1 = s.kernels().get(1);
        Kernel fresh = SessionRepositoryTest.kernel("s-1-new", "s-1", 1, "i-1", SessionStatus.SCHEDULED, T0);

        // as many kernels, one of them another: the new one is inserted and the one not listed deleted
        Session replaced = next(s, SessionStatus.SCHEDULED, List.of(k0.placedOn("i-1"), fresh));
        assertTrue(sessions.update(replaced, change(replaced)));
        assertEquals(Optional.of(replaced), sessions.find("s-1"));
        assertEquals(Optional.empty(), sessions.findByKernel(k1.id()));
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM kernels WHERE session_id = 's-1'"));

        // one more, then one less, then none
        Kernel third = SessionRepositoryTest.kernel("s-1-third", "s-1", 2, "i-2", SessionStatus.SCHEDULED, T0);
        Session more = next(replaced, SessionStatus.SCHEDULED, List.of(k0.placedOn("i-1"), fresh, third));
        assertTrue(sessions.update(more, null));
        assertEquals(Optional.of(more), sessions.find("s-1"));
        assertEquals(List.of("3"), db.query("SELECT kernel_count FROM sessions WHERE id = 's-1'"));
        Session less = next(more, SessionStatus.RUNNING, List.of(fresh, third));
        assertTrue(sessions.update(less, null));
        assertEquals(Optional.of(less), sessions.find("s-1"));
        assertEquals(List.of("2"), db.query("SELECT kernel_count FROM sessions WHERE id = 's-1'"));

        // stale, with as many kernels and with other ones: no kernel, history row or counter changes
        List<String> before = db.query("SELECT id, agent_id, status FROM kernels ORDER BY id");
        assertFalse(sessions.update(next(more, SessionStatus.ERROR, List.of(fresh.placedOn("i-7"),
                third.placedOn("i-7"))), change(less)));
        assertFalse(sessions.update(next(more, SessionStatus.ERROR, List.of(k1)), change(less)));
        assertEquals(before, db.query("SELECT id, agent_id, status FROM kernels ORDER BY id"));
        assertEquals(List.of("1|2"), db.query("SELECT history_seq, kernel_count FROM sessions WHERE id = 's-1'"));
        assertEquals(Optional.of(less), sessions.find("s-1"));

        Session none = next(less, SessionStatus.TERMINATED, List.of());
        assertTrue(sessions.update(none, change(none)));
        assertEquals(Optional.of(none), sessions.find("s-1"));
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM kernels WHERE session_id = 's-1'"));
        assertEquals(List.of("2|0"), db.query("SELECT history_seq, kernel_count FROM sessions WHERE id = 's-1'"));
    }

    // ------------------------------------------------------------------ helpers

    private StatementLog log;

    /** Runs {@code test} with a session repository of its own whose statements {@link #statements} counts. */
    private void counted(Consumer<JpaSessionRepository> test) {
        log = new StatementLog(db.dataSource);
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("berth",
                Map.of("javax.persistence.nonJtaDataSource", log.dataSource(), "eclipselink.logging.level", "SEVERE",
                        "eclipselink.session-name", "berth-statement-log-" + db.databaseName));
        try {
            JpaSessionRepository counted = JpaRepositories.over(emf).sessions();
            counted.find("none"); // EclipseLink prepares its metadata on first use
            test.accept(counted);
        } finally {
            emf.close();
        }
    }

    /** The statements that {@code work} sends, apart from the transaction's own. */
    private List<String> statements(Runnable work) {
        log.take();
        work.run();
        return log.take();
    }
}
