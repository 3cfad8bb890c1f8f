package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes;
import io.berth.spi.data.PluginStore;
import io.berth.spi.data.PluginStore.Entry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plugin key-value store: every call runs in a transaction, versions grow, replace is compare-and-set. */
class PluginStoreImplTest {
    private final Fakes f = new Fakes();
    private final PluginStore store = new PluginStoreImpl(f.tx, f.pluginData);

    @Test
    void theFakeRefusesChangesOutsideATransaction() {
        // so that the tests below show the store opening one
        assertThrows(IllegalStateException.class, () -> f.pluginData.put("ns", "k", "v"));
        assertThrows(IllegalStateException.class, () -> f.pluginData.replace("ns", "k", "v", 0));
        assertThrows(IllegalStateException.class, () -> f.pluginData.replace("ns", "k", "v", 7));
        assertThrows(IllegalStateException.class, () -> f.pluginData.delete("ns", "absent"));
        assertEquals(List.of(), f.tx.writes());
    }

    @Test
    void putInsertsThenOverwritesWithGrowingVersions() {
        assertEquals(Optional.empty(), store.get("auth.totp", "u1"));
        assertEquals(1, store.put("auth.totp", "u1", "a"));
        assertEquals(2, store.put("auth.totp", "u1", "b"));
        assertEquals(Optional.of(new Entry("b", 2)), store.get("auth.totp", "u1"));
        assertEquals(4, f.tx.commits(), "each call is its own transaction, the gets included");
        for (Write wr : f.tx.writes()) {
            assertTrue(wr.tx() > 0, wr.toString());
        }
        assertTrue(f.pluginData.readTransactions().stream().allMatch(t -> t > 0), "reads run in a transaction");
    }

    @Test
    void namespacesAndKeysAreSeparate() {
        store.put("a", "k", "1");
        store.put("b", "k", "2");
        store.put("a", "k2", "3");
        assertEquals("1", store.get("a", "k").orElseThrow().value());
        assertEquals("2", store.get("b", "k").orElseThrow().value());
        assertEquals("3", store.get("a", "k2").orElseThrow().value());
        // no confusion between ("a", "bc") and ("ab", "c")
        store.put("ab", "c", "4");
        assertEquals(Optional.empty(), store.get("a", "bc"));
        assertEquals(1, store.get("ab", "c").orElseThrow().version());
    }

    @Test
    void replaceIsCompareAndSet() {
        assertFalse(store.replace("ns", "k", "x", 1), "absent: only version 0 matches");
        assertEquals(Optional.empty(), store.get("ns", "k"));
        assertTrue(store.replace("ns", "k", "x", 0));
        assertEquals(Optional.of(new Entry("x", 1)), store.get("ns", "k"));
        assertFalse(store.replace("ns", "k", "y", 0), "present: 0 no longer matches");
        assertFalse(store.replace("ns", "k", "y", 2));
        assertEquals(Optional.of(new Entry("x", 1)), store.get("ns", "k"));
        assertTrue(store.replace("ns", "k", "y", 1));
        assertEquals(Optional.of(new Entry("y", 2)), store.get("ns", "k"));
        assertEquals(3, store.put("ns", "k", "z"));
        assertFalse(store.replace("ns", "k", "w", 2), "a put in between makes the old version stale");
    }

    @Test
    void twoWritersFromTheSameVersionOnlyOneWins() {
        store.put("ns", "counter", "0");
        long seen = store.get("ns", "counter").orElseThrow().version();
        assertTrue(store.replace("ns", "counter", "1", seen));
        assertFalse(store.replace("ns", "counter", "1", seen));
        assertEquals(Optional.of(new Entry("1", 2)), store.get("ns", "counter"));
    }

    @Test
    void deleteRemovesAndIsHarmlessWhenAbsent() {
        store.put("ns", "k", "v");
        store.delete("ns", "k");
        assertEquals(Optional.empty(), store.get("ns", "k"));
        store.delete("ns", "k");
        store.delete("other", "never");
        // written again after a delete, the entry starts over at version 1
        assertEquals(1, store.put("ns", "k", "v2"));
        assertTrue(store.replace("ns", "gone", "v", 0));
    }

    @Test
    void callsJoinTheCallersTransaction() {
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> f.tx.run(() -> {
            long outer = f.tx.currentTransaction();
            store.put("ns", "k", "v");
            assertTrue(store.replace("ns", "k", "w", 1));
            assertEquals(Optional.of(new Entry("w", 2)), store.get("ns", "k"));
            assertTrue(f.tx.writes().stream().allMatch(w -> w.tx() == outer));
            throw boom;
        })));
        assertEquals(Optional.empty(), store.get("ns", "k"), "rolled back with the caller's work");
    }

    @Test
    void aFailingWriteLeavesTheStoreAsItWas() {
        store.put("ns", "k", "v");
        f.pluginData.failWrite(1, new IllegalStateException("disk full"));
        assertThrows(IllegalStateException.class, () -> store.put("ns", "k", "w"));
        assertEquals(Optional.of(new Entry("v", 1)), store.get("ns", "k"));
        assertEquals(1, f.tx.rollbacks());
    }
}
