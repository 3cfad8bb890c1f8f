package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ConflictException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Constraint violations surface as {@link ConflictException}s naming the field, never as raw JPA errors. */
class ConflictTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs every failed flush as a warning; here they are the expected outcome
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        r.domains().insert(TestDb.domain("d1", true, T0));
        r.projects().insert(TestDb.project("p1", "d1", "one", true, T0));
        r.users().insert(user("u1", "ann@example.org", "ann"));
        r.keyPairs().insert(TestDb.keyPair("AK1", "u1", true, T0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static User user(String id, String email, String username) {
        return TestDb.user(id, email, username, "d1", UserStatus.ACTIVE, null, Set.of("p1"), T0);
    }

    private static String field(Runnable r) {
        ConflictException e = assertThrows(ConflictException.class, r::run);
        assertNotNull(e.getCause(), "the database error is kept as the cause");
        return e.field();
    }

    @Test
    void duplicateKeysAndUniqueColumnsNameTheirField() {
        assertEquals("email", field(() -> r.users().insert(user("u2", "ann@example.org", "other"))));
        assertEquals("username", field(() -> r.users().insert(user("u2", "bob@example.org", "ann"))));
        assertEquals("id", field(() -> r.users().insert(user("u1", "bob@example.org", "bob"))));
        assertEquals("name", field(() -> r.domains().insert(TestDb.domain("d1", true, T0))));
        assertEquals("name", field(() -> r.projects().insert(TestDb.project("p2", "d1", "one", true, T0))));
        assertEquals("id", field(() -> r.projects().insert(TestDb.project("p1", "d1", "two", true, T0))));
        assertEquals("access_key", field(() -> r.keyPairs().insert(TestDb.keyPair("AK1", "u1", true, T0))));
        assertEquals(1, r.users().count());
    }

    @Test
    void anUpdateIntoATakenValueConflicts() {
        r.users().insert(user("u2", "bob@example.org", "bob"));
        User renamed = new User("u2", "bob@example.org", "ann", null, null, "h", "d1", user("u2", "", "").role(),
                UserStatus.ACTIVE, false, false, null, "default", Set.of(), T0, T0);
        assertEquals("username", field(() -> r.users().update(renamed)));
        assertEquals("bob", r.users().findById("u2").orElseThrow().username());
    }

    @Test
    void missingReferencesConflictToo() {
        assertEquals("domain_name", field(() -> r.projects().insert(TestDb.project("p9", "nowhere", "x", true, T0))));
        assertEquals("user_id", field(() -> r.keyPairs().insert(TestDb.keyPair("AK9", "nobody", true, T0))));
        assertEquals("projects", field(() -> r.users().insert(
                TestDb.user("u9", "z@example.org", "z", "d1", UserStatus.ACTIVE, null, Set.of("p-missing"), T0))));
        assertEquals("domain_name", field(() -> r.users().insert(
                TestDb.user("u9", "z@example.org", "z", "d-missing", UserStatus.ACTIVE, null, Set.of(), T0))));
    }

    @Test
    void aConflictInsideATransactionLeavesTheUnitOfWorkUnchangedAndRollsBack() {
        ConflictException e = assertThrows(ConflictException.class, () -> r.unitOfWork().run(() -> {
            r.domains().insert(TestDb.domain("d2", true, T0));
            r.users().insert(user("u2", "bob@example.org", "bob"));
            r.keyPairs().insert(TestDb.keyPair("AK1", "u2", true, T0));
        }));
        assertEquals("access_key", e.field());
        assertEquals(List.of(), r.domains().list(null, "d2", io.berth.core.identity.PageRequest.first(5)).items());
        assertEquals(1, r.users().count());
    }

    @Test
    void concurrentInsertsOfTheSameEmailLeaveOneWinnerAndOneConflict() throws Exception {
        CyclicBarrier bothChecked = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (String id : List.of("x1", "x2")) {
                outcomes.add(pool.submit(() -> {
                    try {
                        r.unitOfWork().run(() -> {
                            if (r.users().findByEmail("race@example.org").isEmpty()) {
                                await(bothChecked);
                                r.users().insert(user(id, "race@example.org", id));
                            }
                        });
                        return "inserted";
                    } catch (ConflictException c) {
                        return "conflict:" + c.field();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            results.sort(null);
            assertEquals(List.of("conflict:email", "inserted"), results);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, r.users().count());
    }

    @Test
    void recordsThatReferToEachOtherCanBeInsertedInCoreOrder() {
        Domain d = TestDb.domain("d2", true, T0);
        Project p = TestDb.project("p2", "d2", "model-store", true, T0);
        User u = TestDb.user("u2", "new@example.org", "new", "d2", UserStatus.ACTIVE, "AK2", Set.of("p2"), T0);
        KeyPair k = TestDb.keyPair("AK2", "u2", true, T0);
        r.unitOfWork().run(() -> {
            r.domains().insert(d);
            r.projects().insert(p);
            r.users().insert(u);
            r.keyPairs().insert(k);
        });
        assertEquals("AK2", r.users().findById("u2").orElseThrow().mainAccessKey());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
