package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rows of one record type by primary key. Writes outside a transaction are refused (every service
 * change must run in one), and a write can be made to fail on purpose to test rollback.
 */
public abstract class FakeTable<V> {
    private final String name;
    protected final FakeUnitOfWork tx;
    private LinkedHashMap<String, V> rows = new LinkedHashMap<>();
    private int failCountdown;
    private RuntimeException failure;

    protected FakeTable(String name, FakeUnitOfWork tx) {
        this.name = name;
        this.tx = tx;
        tx.register(this);
    }

    Object snapshot() {
        return new LinkedHashMap<>(rows);
    }

    @SuppressWarnings("unchecked")
    void restore(Object snapshot) {
        rows = new LinkedHashMap<>((Map<String, V>) snapshot);
    }

    /** The rows as they are now (an immutable copy, comparable with equals). */
    public Map<String, V> rows() {
        return Map.copyOf(rows);
    }

    /** Makes the {@code n}-th write from now on (1 = the next one) throw {@code e}. */
    public void failWrite(int n, RuntimeException e) {
        failCountdown = n;
        failure = e;
    }

    protected V get(String key) {
        return rows.get(key);
    }

    protected Stream<V> all() {
        return List.copyOf(rows.values()).stream();
    }

    protected void write(String op, String key, V value) {
        if (tx.currentTransaction() == 0) {
            throw new IllegalStateException(name + "." + op + "(" + key + ") outside a transaction");
        }
        if (failure != null && --failCountdown == 0) {
            RuntimeException e = failure;
            failure = null;
            throw e;
        }
        switch (op) {
            case "insert" -> {
                if (rows.containsKey(key)) {
                    throw new IllegalStateException("duplicate key " + key + " in " + name);
                }
                rows.put(key, value);
            }
            case "update" -> {
                if (!rows.containsKey(key)) {
                    throw new IllegalStateException("no row " + key + " in " + name);
                }
                rows.put(key, value);
            }
            case "delete" -> {
                if (rows.remove(key) == null) {
                    throw new IllegalStateException("no row " + key + " in " + name);
                }
            }
            default -> throw new IllegalArgumentException(op);
        }
        tx.log(name, op, key);
    }

    /** Writes that need no transaction (batched usage counters). */
    protected void writeUntracked(String key, V value) {
        rows.put(key, value);
        tx.log(name, "usage", key);
    }

    protected static <T> Page<T> page(Stream<T> rows, Comparator<T> order, PageRequest p) {
        List<T> all = rows.sorted(p.descending() ? order.reversed() : order).toList();
        int from = Math.min(p.offset(), all.size());
        int to = Math.min(p.offset() + p.limit(), all.size());
        return new Page<>(all.subList(from, to), all.size(), p.offset(), p.limit());
    }

    protected static boolean contains(String value, String part) {
        return part == null || (value != null && value.toLowerCase().contains(part.toLowerCase()));
    }
}
