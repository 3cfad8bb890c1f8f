package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SessionLoad;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.spi.resource.ResourceSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session repository: round trips with kernels and history, the compare-and-set update, the list with
 * its filters, paging and sorting, streaming, and the dispatcher's queries.
 */
class SessionRepositoryTest {
    private TestDb db;
    private JpaRepositories r;
    private JpaSessionRepository sessions;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs every failed flush as a warning; here they are expected outcomes
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        sessions = r.sessions();
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ------------------------------------------------------------------ fixtures

    /** A session with every field but the given ones set to plain values; build() makes the record. */
    static final class Spec {
        String id;
        String name = "notebook";
        String accessKey = "AK1";
        String userId = "u1";
        String ownerEmail = "ann@example.org";
        String projectId = "p1";
        String domain = "default";
        String group = "default";
        SessionType type = SessionType.INTERACTIVE;
        SessionStatus status = SessionStatus.PENDING;
        Instant created = T0;
        long version = 1;
        List<Kernel> kernels = List.of();

        Spec(String id) {
            this.id = id;
        }

        Session build() {
            return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, group, type,
                    "cr.example.org/python:3.12", "x86_64", Math.max(1, kernels.size()), ClusterMode.SINGLE_NODE,
                    TestDb.slots("cpu", "2", "mem", "4294967296"), TestDb.slots("cpu", "2", "mem", "4294967296"),
                    Map.of(), List.of(), null, 0, List.of(), null, false, status, null, created, List.of(), 0,
                    created, status.isFinal() ? created.plusSeconds(60) : null, created, version, kernels);
        }
    }

    /** A PENDING session of the access key, with one unplaced kernel, created at {@code at}. */
    static Session session(String id, String accessKey, Instant at) {
        Spec s = new Spec(id);
        s.accessKey = accessKey;
        s.created = at;
        s.kernels = List.of(kernel(id + "-k0", id, 0, null, SessionStatus.PENDING, at));
        return s.build();
    }

    static Kernel kernel(String id, String sessionId, int index, String agent, SessionStatus status, Instant at) {
        return new Kernel(id, sessionId, index, agent, null, status, null, TestDb.slots("cpu", "2"), null, null, at,
                null);
    }

    /** A cluster session with every optional field set and three kernels, stored out of id order. */
    private static Session full(String id) {
        List<Kernel> kernels = List.of(
                new Kernel(id + "/c", id, 0, "i-1", "c0ffee", SessionStatus.RUNNING, "started",
                        TestDb.slots("cpu", "4", "mem", "8589934592", "cuda.shares", "0.5"), null, null, T0, null),
                new Kernel(id + "/a", id, 1, "i-2", "beef", SessionStatus.RUNNING, null,
                        TestDb.slots("cpu", "4", "mem", "8589934592", "cuda.shares", "0.5"), null, "last line\n",
                        T0.plusMillis(1), null),
                new Kernel(id + "/b", id, 2, null, null, SessionStatus.ERROR, "image pull failed",
                        TestDb.slots("cpu", "4", "mem", "8589934592"), 137, "oom\nkilled", T0.plusMillis(2),
                        T0.plusSeconds(9)));
        return new Session(id, "train-resnet", "AKIA0001", "u1", "ann@example.org", "p1", "default", "gpu",
                SessionType.BATCH, "cr.example.org/pytorch:2.3", "aarch64", 3, ClusterMode.MULTI_NODE,
                TestDb.slots("cpu", "4", "mem", "8589934592", "cuda.shares", "0.5"),
                TestDb.slots("cpu", "12", "mem", "25769803776", "cuda.shares", "1.5"),
                Map.of("EPOCHS", "10", "LANG", "C.UTF-8", "EMPTY", ""), List.of("home", "data:/data:ro"),
                "python train.py --epochs $EPOCHS", 42, List.of("s-before-1", "s-before-2"),
                T0.plusSeconds(30), true, SessionStatus.RUNNING, "all kernels running", T0.plusSeconds(20),
                List.of(), 3, T0, null, T0.plusSeconds(25), 4, kernels);
    }

    /** {@code s} moved to {@code next}, one version later, with {@code kernels}. */
    private static Session next(Session s, SessionStatus next, String reason, Instant at, List<Kernel> kernels) {
        return new Session(s.id(), s.name(), s.accessKey(), s.userId(), s.ownerEmail(), s.projectId(), s.domain(),
                s.resourceGroup(), s.type(), s.image(), s.architecture(), s.clusterSize(), s.clusterMode(),
                s.slotsPerContainer(), s.requested(), s.environment(), s.mounts(), s.startupCommand(), s.priority(),
                s.dependencies(), s.startsAt(), s.sudo(), next, reason, at, List.of("no agent has 4 cpu free"),
                s.retries() + 1, s.createdAt(), next.isFinal() ? at : null, at, s.version() + 1, kernels);
    }

    private void insert(Session s) {
        sessions.insert(s, new StatusChange(s.status(), "created", s.createdAt()));
    }

    // ------------------------------------------------------------------ round trip and update

    @Test
    void aSessionWithThreeKernelsAndItsHistoryRoundTrips() {
        Session s = full("s-full");
        sessions.insert(s, new StatusChange(SessionStatus.PENDING, "created", T0));

        Session stored = sessions.find("s-full").orElseThrow();
        assertEquals(s, stored);
        assertEquals(List.of("s-full/c", "s-full/a", "s-full/b"), stored.kernels().stream().map(Kernel::id).toList(),
                "kernels by index");
        assertEquals(Integer.valueOf(137), stored.kernels().get(2).exitCode());
        assertEquals(Optional.of(s), sessions.findByKernel("s-full/b"));
        assertEquals(List.of(new StatusChange(SessionStatus.PENDING, "created", T0)), sessions.history("s-full"));

        assertEquals(Optional.empty(), sessions.find("s-other"));
        assertEquals(Optional.empty(), sessions.find(null));
        assertEquals(Optional.empty(), sessions.findByKernel("k-other"));
        assertEquals(List.of(), sessions.history("s-other"));

        Session bare = new Spec("s-bare").build();
        sessions.insert(bare, null);
        assertEquals(Optional.of(bare), sessions.find("s-bare"), "null fields and no kernels round trip");
        assertEquals(List.of(), sessions.history("s-bare"), "no first history entry given");
    }

    @Test
    void aSecondInsertOfTheSameIdIsAConflictAndTooLongTextIsInvalid() {
        Session s = full("s-1");
        insert(s);
        ConflictException c = assertThrows(ConflictException.class, () -> insert(s));
        assertEquals("id", c.field());

        Spec longName = new Spec("s-2");
        longName.name = "n".repeat(65);
        assertEquals("name", assertThrows(ValidationException.class, () -> insert(longName.build())).field());
        assertEquals("id", assertThrows(ValidationException.class,
                () -> insert(new Spec("x".repeat(37)).build())).field());
        assertEquals(Optional.empty(), sessions.find("s-2"));
    }

    @Test
    void systemTextIsCutToFitInsteadOfFailing() {
        Session s = full("s-long");
        String log = "x".repeat(40_000) + "THE END";
        Kernel k0 = s.kernels().get(0).ended(SessionStatus.ERROR, "r".repeat(3000), 1, log, T0.plusSeconds(5));
        Session n = next(s, SessionStatus.ERROR, "e".repeat(5000), T0.plusSeconds(5), List.of(k0));
        insert(s);
        assertTrue(sessions.update(n, new StatusChange(SessionStatus.ERROR, "e".repeat(5000), T0.plusSeconds(5))));
        Session stored = sessions.find("s-long").orElseThrow();
        assertEquals(2000, stored.statusReason().length());
        Kernel k = stored.kernels().get(0);
        assertEquals(2000, k.statusReason().length());
        assertEquals(Columns.MAX_LIST_CHARS, k.logTail().length());
        assertTrue(k.logTail().endsWith("THE END"), "the end of the log is kept");
        assertEquals(2000, sessions.history("s-long").get(1).reason().length());
    }

    @Test
    void updateWritesSessionKernelsAndHistoryOnTheExpectedVersionOnly() {
        Session s = full("s-1");
        insert(s);
        Instant t1 = T0.plusSeconds(60);
        // k-c changes, k-a is gone, k-new is added
        List<Kernel> kernels = List.of(s.kernels().get(0).with(SessionStatus.TERMINATING, "stopping"),
                s.kernels().get(2), new Kernel("k-new", "s-1", 3, "i-3", null, SessionStatus.SCHEDULED, null,
                        TestDb.slots("cpu", "1"), null, null, t1, null));
        Session n = next(s, SessionStatus.TERMINATING, "user asked", t1, kernels);
        StatusChange change = new StatusChange(SessionStatus.TERMINATING, "user asked", t1);

        assertTrue(sessions.update(n, change));
        assertEquals(Optional.of(n), sessions.find("s-1"));
        assertEquals(5, sessions.find("s-1").orElseThrow().version());
        assertEquals(Optional.empty(), sessions.findByKernel("s-1/a"), "a kernel the session no longer lists is gone");
        assertEquals(List.of(new StatusChange(SessionStatus.RUNNING, "created", T0), change),
                sessions.history("s-1"));

        // the same version again: stale, nothing written
        Session stale = next(s, SessionStatus.ERROR, "agent lost", t1.plusSeconds(1), List.of());
        assertFalse(sessions.update(stale, new StatusChange(SessionStatus.ERROR, "agent lost", t1)));
        assertEquals(Optional.of(n), sessions.find("s-1"));
        assertEquals(2, sessions.history("s-1").size());
        // a version from the future is stale too
        Session ahead = next(next(n, SessionStatus.TERMINATED, "done", t1, List.of()), SessionStatus.TERMINATED,
                "done", t1, List.of());
        assertFalse(sessions.update(ahead, null));
        assertEquals(Optional.of(n), sessions.find("s-1"));
        // an unknown session
        assertFalse(sessions.update(next(full("s-none"), SessionStatus.TERMINATED, "x", t1, List.of()), null));
        assertEquals(Optional.empty(), sessions.find("s-none"));

        // without a history entry, and with no kernels left
        Session done = next(n, SessionStatus.TERMINATED, "done", t1.plusSeconds(2), List.of());
        assertTrue(sessions.update(done, null));
        assertEquals(Optional.of(done), sessions.find("s-1"));
        assertEquals(2, sessions.history("s-1").size());
    }

    @Test
    void aFailedUpdateInTheCallersTransactionRollsBackTheCompareAndSet() {
        Session s = full("s-1");
        insert(s);
        Session other = full("s-2");
        insert(other);
        // a kernel id that belongs to s-2: the insert conflicts after the session row was written
        Kernel stolen = new Kernel("k-x", "s-1", 9, null, null, SessionStatus.PENDING, null, ResourceSlots.EMPTY,
                null, null, T0, null);
        Session otherNext = next(other, SessionStatus.RUNNING, "x", T0, List.of(stolen));
        assertTrue(sessions.update(otherNext, null));
        Session n = next(s, SessionStatus.TERMINATING, "stop", T0.plusSeconds(1), List.of(stolen));
        assertThrows(ConflictException.class, () -> r.unitOfWork().run(() -> sessions.update(n, null)));
        assertEquals(Optional.of(s), sessions.find("s-1"), "nothing of the update stays");
    }

    @Test
    void ofTwoConcurrentUpdatesFromTheSameVersionExactlyOneWins() throws Exception {
        Session s = full("s-1");
        insert(s);
        Session a = next(s, SessionStatus.TERMINATING, "by manager a", T0.plusSeconds(1), s.kernels());
        Session b = next(s, SessionStatus.ERROR, "by manager b", T0.plusSeconds(2), List.of());
        CountDownLatch aUpdated = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> r.unitOfWork().inTransaction(() -> {
                boolean won = sessions.update(a, new StatusChange(SessionStatus.TERMINATING, "by manager a", T0));
                aUpdated.countDown();
                sleep(300); // b's statement waits for this transaction's row lock meanwhile
                return won;
            }));
            Future<Boolean> second = pool.submit(() -> {
                aUpdated.await(10, TimeUnit.SECONDS);
                return r.unitOfWork().inTransaction(
                        () -> sessions.update(b, new StatusChange(SessionStatus.ERROR, "by manager b", T0)));
            });
            assertTrue(first.get(30, TimeUnit.SECONDS));
            assertFalse(second.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.of(a), sessions.find("s-1"));
        assertEquals(2, sessions.history("s-1").size());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ list

    /** Five sessions over two domains, groups, keys and agents, an hour apart. */
    private List<Session> five() {
        List<Session> out = new ArrayList<>();
        Object[][] rows = {
            // id, name, key, email, project, domain, group, type, status, agent
            {"s-01", "train-resnet", "AK1", "ann@example.org", "p1", "d1", "gpu", SessionType.BATCH,
                SessionStatus.RUNNING, "i-1"},
            {"s-02", "notebook", "AK1", "ann@example.org", "p1", "d1", "gpu", SessionType.INTERACTIVE,
                SessionStatus.PENDING, null},
            {"s-03", "Train_big", "AK2", "bob@example.org", "p2", "d1", "cpu", SessionType.BATCH,
                SessionStatus.TERMINATED, "i-2"},
            {"s-04", null, "AK3", "carol@example.org", "p3", "d2", "cpu", SessionType.INFERENCE,
                SessionStatus.ERROR, "i-1"},
            {"s-05", "serve%100", "AK3", "carol@example.org", "p3", "d2", "gpu", SessionType.INFERENCE,
                SessionStatus.SCHEDULED, "i-2"},
        };
        for (int i = 0; i < rows.length; i++) {
            Object[] row = rows[i];
            Spec s = new Spec((String) row[0]);
            s.name = (String) row[1];
            s.accessKey = (String) row[2];
            s.ownerEmail = (String) row[3];
            s.projectId = (String) row[4];
            s.domain = (String) row[5];
            s.group = (String) row[6];
            s.type = (SessionType) row[7];
            s.status = (SessionStatus) row[8];
            s.created = T0.plus(Duration.ofHours(i));
            s.kernels = List.of(kernel(s.id + "-k0", s.id, 0, (String) row[9], s.status, s.created),
                    kernel(s.id + "-k1", s.id, 1, (String) row[9], s.status, s.created));
            Session built = s.build();
            insert(built);
            out.add(built);
        }
        return out;
    }

    private List<String> ids(SessionQuery q) {
        return sessions.list(q, PageRequest.first(100)).items().stream().map(Session::id).toList();
    }

    private static SessionQuery query(Set<SessionStatus> statuses, String accessKey, String email, String project,
            String domain, String group, String agent, SessionType type, String name, Instant from, Instant to) {
        return new SessionQuery(statuses, accessKey, email, project, domain, group, agent, type, name, from, to);
    }

    @Test
    void listFiltersByEveryFieldOfTheQuery() {
        List<Session> all = five();
        assertEquals(List.of("s-05", "s-04", "s-03", "s-02", "s-01"), ids(SessionQuery.ALL), "newest first");
        assertEquals(List.of("s-05", "s-04", "s-03", "s-02", "s-01"), ids(null));
        assertEquals(List.of("s-05", "s-02", "s-01"), ids(SessionQuery.ALL.withStatuses(
                EnumSet.of(SessionStatus.PENDING, SessionStatus.RUNNING, SessionStatus.SCHEDULED))));
        assertEquals(List.of("s-05", "s-04", "s-03", "s-02", "s-01"), ids(SessionQuery.ALL.withStatuses(Set.of())),
                "an empty status set is any status");
        assertEquals(List.of("s-02", "s-01"), ids(SessionQuery.ALL.withAccessKey("AK1")));
        assertEquals(List.of("s-03"), ids(query(null, null, "bob@example.org", null, null, null, null, null, null,
                null, null)));
        assertEquals(List.of("s-05", "s-04"), ids(query(null, null, null, "p3", null, null, null, null, null, null,
                null)));
        assertEquals(List.of("s-03", "s-02", "s-01"), ids(SessionQuery.ALL.withDomain("d1")));
        assertEquals(List.of("s-04", "s-03"), ids(query(null, null, null, null, null, "cpu", null, null, null, null,
                null)));
        assertEquals(List.of("s-04", "s-01"), ids(query(null, null, null, null, null, null, "i-1", null, null, null,
                null)), "sessions with a kernel on the agent, each once");
        assertEquals(List.of("s-03", "s-01"), ids(query(null, null, null, null, null, null, null, SessionType.BATCH,
                null, null, null)));
        assertEquals(List.of("s-03", "s-01"), ids(query(null, null, null, null, null, null, null, null, "TRAIN",
                null, null)), "name substring, any case");
        assertEquals(List.of("s-05"), ids(query(null, null, null, null, null, null, null, null, "%1", null, null)),
                "wildcards are literal");
        assertEquals(List.of("s-04", "s-03"), ids(query(null, null, null, null, null, null, null, null, null,
                T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(4)))), "from inclusive, to exclusive");
        assertEquals(List.of("s-01"), ids(query(Set.of(SessionStatus.RUNNING), "AK1", "ann@example.org", "p1", "d1",
                "gpu", "i-1", SessionType.BATCH, "res", T0, T0.plusSeconds(1))), "all filters at once");
        assertEquals(List.of(), ids(SessionQuery.ALL.withDomain("nowhere")));

        Page<Session> one = sessions.list(SessionQuery.ALL.withAccessKey("AK3"), PageRequest.first(100));
        assertEquals(List.of(all.get(4), all.get(3)), one.items(), "whole sessions with their kernels");
    }

    @Test
    void listPagesAndSorts() {
        five();
        Page<Session> p = sessions.list(SessionQuery.ALL, new PageRequest(1, 2, null, false));
        assertEquals(List.of("s-04", "s-03"), p.items().stream().map(Session::id).toList());
        assertEquals(5, p.total());
        assertEquals(1, p.offset());
        assertEquals(2, p.limit());
        Page<Session> beyond = sessions.list(SessionQuery.ALL, new PageRequest(10, 2, null, false));
        assertEquals(List.of(), beyond.items());
        assertEquals(5, beyond.total());

        assertEquals(List.of("s-01", "s-02", "s-03", "s-04", "s-05"), sorted("created_at", false));
        assertEquals(List.of("s-05", "s-04", "s-03", "s-02", "s-01"), sorted("created_at", true));
        List<String> byName = sorted("name", false);
        assertEquals(List.of("s-03", "s-02", "s-05", "s-01"), byName.stream().filter(id -> !id.equals("s-04"))
                .toList(), "by name (Derby compares code points: upper case first)");
        assertEquals(List.of("s-03", "s-05", "s-01", "s-02", "s-04"), sorted("status", true),
                "TERMINATED, SCHEDULED, RUNNING, PENDING, ERROR: by the stored constant name, descending");
        assertEquals("order_by", assertThrows(ValidationException.class,
                () -> sessions.list(SessionQuery.ALL, new PageRequest(0, 10, "image", false))).field());
    }

    private List<String> sorted(String key, boolean descending) {
        return sessions.list(SessionQuery.ALL, new PageRequest(0, 10, key, descending)).items().stream()
                .map(Session::id).toList();
    }

    @Test
    void listReadsTheKernelsOfAPageWithOneQuery() {
        five();
        StatementLog log = new StatementLog(db.dataSource);
        // a session of its own, as in AgentRepositoryTest
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("berth",
                Map.of("javax.persistence.nonJtaDataSource", log.dataSource(), "eclipselink.logging.level", "SEVERE",
                        "eclipselink.session-name", "berth-statement-log-" + db.databaseName));
        try {
            JpaRepositories counted = JpaRepositories.over(emf);
            counted.sessions().find("s-01"); // EclipseLink prepares its metadata on first use
            log.take();
            assertEquals(5, counted.sessions().list(SessionQuery.ALL, PageRequest.first(100)).items().size());
            List<String> sql = log.take();
            assertEquals(3, sql.size(), sql::toString); // count, sessions, kernels
            assertEquals(1, sql.stream().filter(q -> q.contains("FROM KERNELS")).count(), sql::toString);

            List<Session> seen = new ArrayList<>();
            counted.sessions().forEach(SessionQuery.ALL, seen::add);
            assertEquals(5, seen.size());
            assertEquals(2, log.take().size(), "one chunk: sessions, kernels");
        } finally {
            emf.close();
        }
    }

    // ------------------------------------------------------------------ forEach

    @Test
    void forEachVisitsTwoThousandSessionsOldestFirstInChunks() {
        List<Session> expected = new ArrayList<>();
        r.unitOfWork().run(() -> {
            for (int i = 0; i < 2000; i++) {
                // three sessions share each creation time: the keyset continues by id
                Session s = session(String.format("s-%05d", 2000 - i), i % 10 == 0 ? "AK2" : "AK1",
                        T0.plusSeconds(i / 3));
                sessions.insert(s, null);
                expected.add(s);
            }
        });
        expected.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));

        List<Session> seen = new ArrayList<>();
        sessions.forEach(SessionQuery.ALL, seen::add);
        assertEquals(2000, seen.size());
        assertEquals(expected, seen);

        List<String> ak2 = new ArrayList<>();
        sessions.forEach(SessionQuery.ALL.withAccessKey("AK2"), s -> ak2.add(s.id()));
        assertEquals(expected.stream().filter(s -> s.accessKey().equals("AK2")).map(Session::id).toList(), ak2);

        List<String> inTx = new ArrayList<>();
        r.unitOfWork().run(() -> sessions.forEach(SessionQuery.ALL.withAccessKey("AK2"), s -> inTx.add(s.id())));
        assertEquals(ak2, inTx, "also inside a transaction");

        List<Session> none = new ArrayList<>();
        sessions.forEach(SessionQuery.ALL.withDomain("nowhere"), none::add);
        assertEquals(List.of(), none);
    }

    // ------------------------------------------------------------------ dispatcher queries

    @Test
    void pendingAndGroupsWithPending() {
        for (int i = 0; i < 5; i++) {
            Spec s = new Spec("p-" + i);
            s.group = i % 2 == 0 ? "gpu" : "cpu";
            s.created = T0.minusSeconds(i); // p-4 is the oldest
            insert(s.build());
        }
        Spec running = new Spec("r-1");
        running.group = "big";
        running.status = SessionStatus.RUNNING;
        insert(running.build());

        assertEquals(List.of("p-4", "p-2", "p-0"), sessions.pending("gpu", 10).stream().map(Session::id).toList());
        assertEquals(List.of("p-4", "p-2"), sessions.pending("gpu", 2).stream().map(Session::id).toList());
        assertEquals(List.of("p-3", "p-1"), sessions.pending("cpu", 10).stream().map(Session::id).toList());
        assertEquals(List.of(), sessions.pending("big", 10));
        assertEquals(List.of(), sessions.pending("gpu", 0));
        assertEquals(List.of("cpu", "gpu"), sessions.groupsWithPending());
    }

    @Test
    void liveNotFinalWithKernelsOnStatusesAndCountByAccessKey() {
        List<Session> all = five();
        // s-01 RUNNING on i-1, s-02 PENDING, s-03 TERMINATED on i-2, s-04 ERROR on i-1, s-05 SCHEDULED on i-2
        List<SessionLoad> live = sessions.live();
        assertEquals(List.of("s-01", "s-02", "s-05"), live.stream().map(SessionLoad::id).toList());
        Session s5 = all.get(4);
        assertEquals(new SessionLoad("s-05", "AK3", "u1", "p3", "d2", "gpu", SessionStatus.SCHEDULED, s5.requested(),
                s5.createdAt()), live.get(2));

        assertEquals(List.of(all.get(0), all.get(1), all.get(4)), sessions.notFinal(10));
        assertEquals(List.of(all.get(0)), sessions.notFinal(1));

        assertEquals(List.of(all.get(0)), sessions.withKernelsOn("i-1"), "not the final s-04");
        assertEquals(List.of(all.get(4)), sessions.withKernelsOn("i-2"));
        assertEquals(List.of(), sessions.withKernelsOn("i-9"));
        // a kernel that has ended no longer holds resources on its agent
        Session s1 = all.get(0);
        Session s1Next = next(s1, SessionStatus.RUNNING, "one kernel left", T0, List.of(
                s1.kernels().get(0).placedOn("i-3").with(SessionStatus.RUNNING, null),
                s1.kernels().get(1).ended(SessionStatus.TERMINATED, "exited", 0, null, T0)));
        assertTrue(sessions.update(s1Next, null));
        assertEquals(List.of(), sessions.withKernelsOn("i-1"));
        assertEquals(List.of(s1Next), sessions.withKernelsOn("i-3"));

        Map<String, SessionStatus> expected = new HashMap<>();
        all.forEach(s -> expected.put(s.id(), s.status()));
        List<String> asked = new ArrayList<>(expected.keySet());
        IntStream.range(0, 1200).forEach(i -> asked.add("missing-" + i)); // more than two IN lists
        asked.add("s-01");
        assertEquals(expected, sessions.statuses(asked));
        assertEquals(Map.of(), sessions.statuses(List.of()));

        assertEquals(2, sessions.countByAccessKey("AK1"));
        assertEquals(2, sessions.countByAccessKey("AK3"), "final sessions count too");
        assertEquals(0, sessions.countByAccessKey("AK9"));
    }

    @Test
    void keyPairReferencesCountTheSessionsOfTheKey() {
        five();
        SessionKeyPairReferences refs = r.sessionKeyPairReferences();
        assertEquals(List.of("2 sessions were created with it"), refs.referencesTo("AK1"));
        assertEquals(List.of("1 session was created with it"), refs.referencesTo("AK2"));
        assertEquals(List.of(), refs.referencesTo("AK9"));
    }
}
