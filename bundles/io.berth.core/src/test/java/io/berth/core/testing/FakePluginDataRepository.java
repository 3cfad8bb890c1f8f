package io.berth.core.testing;

import io.berth.core.repo.PluginDataRepository;
import io.berth.spi.data.PluginStore.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plugin data as one fake table keyed by namespace and key, with the version semantics of the real
 * table: 1 after the first write, one more with every write; {@link #replace} is compare-and-set.
 * Like every fake table it refuses writes outside a transaction; it also logs the transaction each read
 * ran in ({@link #readTransactions()}, 0 = none).
 */
public final class FakePluginDataRepository extends FakeTable<Entry> implements PluginDataRepository {
    private final List<Long> reads = new ArrayList<>();

    public FakePluginDataRepository(FakeUnitOfWork tx) {
        super("plugin_data", tx);
    }

    /** Every change is refused outside a transaction, also one that would write nothing. */
    private String changing(String op, String namespace, String key) {
        if (tx.currentTransaction() == 0) {
            throw new IllegalStateException("plugin_data." + op + "(" + namespace + "/" + key
                    + ") outside a transaction");
        }
        return id(namespace, key);
    }

    private static String id(String namespace, String key) {
        if (namespace == null || key == null) {
            throw new NullPointerException("namespace and key are required");
        }
        return namespace + "\u0000" + key;
    }

    public List<Long> readTransactions() {
        return List.copyOf(reads);
    }

    @Override
    public Optional<Entry> get(String namespace, String key) {
        reads.add(tx.currentTransaction());
        return Optional.ofNullable(get(id(namespace, key)));
    }

    @Override
    public long put(String namespace, String key, String value) {
        String id = changing("put", namespace, key);
        Entry now = get(id);
        long version = now == null ? 1 : now.version() + 1;
        write(now == null ? "insert" : "update", id, new Entry(value, version));
        return version;
    }

    @Override
    public boolean replace(String namespace, String key, String value, long expectedVersion) {
        String id = changing("replace", namespace, key);
        Entry now = get(id);
        long current = now == null ? 0 : now.version();
        if (current != expectedVersion) {
            return false;
        }
        write(now == null ? "insert" : "update", id, new Entry(value, current + 1));
        return true;
    }

    @Override
    public void delete(String namespace, String key) {
        String id = changing("delete", namespace, key);
        if (get(id) != null) {
            write("delete", id, null);
        }
    }
}
