package io.berth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Domain;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fakes are only worth something if their rollback is real. */
class FakesTest {
    private final Fakes f = new Fakes();

    private static Domain domain(String name) {
        return new Domain(name, null, true, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void committedWorkStays() {
        assertEquals("ok", f.tx.inTransaction(() -> {
            f.domains.insert(domain("a"));
            return "ok";
        }));
        assertTrue(f.domains.find("a").isPresent());
        assertEquals(1, f.tx.commits());
    }

    @Test
    void failingWorkIsUndoneInEveryTable() {
        f.tx.run(() -> f.domains.insert(domain("a")));
        Fakes.State before = f.state();
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> f.tx.run(() -> {
            f.domains.insert(domain("b"));
            f.domains.update(new Domain("a", "changed", false, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH));
            throw boom;
        })));
        assertEquals(before, f.state());
        assertEquals("", before.diff(f.state()));
        assertEquals(1, f.tx.rollbacks());
    }

    @Test
    void nestedCallsJoinTheOuterTransaction() {
        f.tx.run(() -> {
            long outer = f.tx.currentTransaction();
            f.tx.run(() -> assertEquals(outer, f.tx.currentTransaction()));
            f.domains.insert(domain("a"));
        });
        assertEquals(0, f.tx.currentTransaction());
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            f.domains.insert(domain("b"));
            f.tx.run(() -> {
                throw new IllegalStateException("inner");
            });
        }));
        assertTrue(f.domains.find("b").isEmpty(), "the inner failure undoes the outer work");
        assertEquals(1, f.tx.commits());
    }

    @Test
    void writesOutsideATransactionAreRefused() {
        assertThrows(IllegalStateException.class, () -> f.domains.insert(domain("a")));
        assertTrue(f.domains.find("a").isEmpty());
    }

    @Test
    void duplicateKeysAreRefusedLikeADatabaseWould() {
        f.tx.run(() -> f.domains.insert(domain("a")));
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> f.domains.insert(domain("a"))));
    }

    @Test
    void diffNamesTheChangedRows() {
        Fakes.State before = f.state();
        f.tx.run(() -> f.domains.insert(domain("a")));
        assertNotEquals("", before.diff(f.state()));
        assertTrue(before.diff(f.state()).startsWith("domains/a: null -> "));
    }

    @Test
    void jsonReaderReadsTheShapesTheVectorsUse() {
        assertEquals(java.util.Map.of("a", List.of("x\"y", 1.5, true), "b", java.util.Map.of()),
                Json.parse(" {\"a\": [\"x\\\"y\", 1.5, true], \"b\": {}} "));
        assertEquals("é/", Json.parse("\"\\u00e9\\/\""));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    }
}
