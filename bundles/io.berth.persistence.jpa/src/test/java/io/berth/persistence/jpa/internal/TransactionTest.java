package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open();
        r.domains().insert(TestDb.domain("d1", true, T0));
        r.projects().insert(TestDb.project("p1", "d1", "one", true, T0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static User user(String id) {
        return TestDb.user(id, id + "@example.org", id, "d1", UserStatus.ACTIVE, "AK-" + id, Set.of("p1"), T0);
    }

    @Test
    void committedWorkIsVisibleAfterwardsAndTheResultIsReturned() {
        String result = r.unitOfWork().inTransaction(() -> {
            r.users().insert(user("u1"));
            r.keyPairs().insert(TestDb.keyPair("AK-u1", "u1", true, T0));
            assertEquals("u1", r.users().findById("u1").orElseThrow().id(), "the transaction sees its own writes");
            return "done";
        });
        assertEquals("done", result);
        assertTrue(r.users().findById("u1").isPresent());
        assertTrue(r.keyPairs().find("AK-u1").isPresent());
        assertFalse(r.unitOfWork().active());
    }

    @Test
    void anExceptionRollsEverythingBackAndIsRethrownUnchanged() {
        ForbiddenException boom = new ForbiddenException("no");
        ForbiddenException thrown = assertThrows(ForbiddenException.class, () -> r.unitOfWork().run(() -> {
            r.users().insert(user("u1"));
            r.keyPairs().insert(TestDb.keyPair("AK-u1", "u1", true, T0));
            r.keyPairs().recordUsage("AK-u1", 3, T0);
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals(Optional.empty(), r.users().findById("u1"));
        assertEquals(Optional.empty(), r.keyPairs().find("AK-u1"));
        assertEquals(0, r.users().count());
        assertFalse(r.unitOfWork().active());
    }

    @Test
    void anErrorRollsBackToo() {
        AssertionError error = new AssertionError("fatal");
        assertSame(error, assertThrows(AssertionError.class, () -> r.unitOfWork().run(() -> {
            r.users().insert(user("u1"));
            throw error;
        })));
        assertEquals(0, r.users().count());
    }

    @Test
    void updatesAreRolledBackAsWellAsInserts() {
        r.users().insert(user("u1"));
        assertThrows(NotFoundException.class, () -> r.unitOfWork().run(() -> {
            r.users().update(user("u1").withStatus(UserStatus.INACTIVE, T0.plusSeconds(9)));
            r.keyPairs().update(TestDb.keyPair("AK-none", "u1", true, T0));
        }));
        assertEquals(UserStatus.ACTIVE, r.users().findById("u1").orElseThrow().status());
    }

    @Test
    void nestedUnitsJoinTheOuterTransaction() {
        r.unitOfWork().run(() -> {
            r.users().insert(user("u1"));
            KeyPair k = r.unitOfWork().inTransaction(() -> {
                assertTrue(r.users().findById("u1").isPresent(), "the nested unit sees the outer's writes");
                KeyPair kp = TestDb.keyPair("AK-u1", "u1", true, T0);
                r.keyPairs().insert(kp);
                return kp;
            });
            assertEquals(Optional.of(k), r.keyPairs().find("AK-u1"));
            r.users().insert(user("u2"));
        });
        assertEquals(2, r.users().count());
        assertTrue(r.keyPairs().find("AK-u1").isPresent());
    }

    @Test
    void aFailingNestedUnitRollsBackTheOuterWorkToo() {
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        assertSame(inner, assertThrows(IllegalArgumentException.class, () -> r.unitOfWork().run(() -> {
            r.users().insert(user("u1"));
            r.unitOfWork().run(() -> {
                r.keyPairs().insert(TestDb.keyPair("AK-u1", "u1", true, T0));
                throw inner;
            });
        })));
        assertEquals(0, r.users().count());
        assertEquals(Optional.empty(), r.keyPairs().find("AK-u1"));
    }

    @Test
    void aSwallowedNestedFailureStillRollsBackAndIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.unitOfWork().run(() -> {
            r.users().insert(user("u1"));
            try {
                r.unitOfWork().run(() -> {
                    r.keyPairs().insert(TestDb.keyPair("AK-u1", "u1", true, T0));
                    throw new NotFoundException("gone");
                });
            } catch (NotFoundException expected) {
                // the caller chooses to carry on; the transaction must still not commit half the work
            }
        }));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
        assertEquals(0, r.users().count());
        assertEquals(Optional.empty(), r.keyPairs().find("AK-u1"));
    }

    @Test
    void writesOutsideATransactionCommitAtOnceAndOtherThreadsDoNotJoin() {
        r.users().insert(user("u1"));
        assertTrue(r.users().findById("u1").isPresent());
        r.unitOfWork().run(() -> {
            assertTrue(r.unitOfWork().active());
            boolean otherThreadJoined = CompletableFuture.supplyAsync(() -> r.unitOfWork().active())
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertFalse(otherThreadJoined);
        });
    }
}
