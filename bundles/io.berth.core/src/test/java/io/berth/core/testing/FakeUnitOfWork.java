package io.berth.core.testing;

import io.berth.core.repo.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A unit of work over the fake tables: at the start of the outermost transaction it snapshots every
 * registered table and restores them all when the work throws, so "no partial write" is observable.
 * Nested calls join the outer transaction. Every write is logged with the id of the transaction it
 * ran in (0 = outside any transaction).
 */
public final class FakeUnitOfWork implements UnitOfWork {
    /** One write to a fake table. */
    public record Write(long tx, String table, String op, String key) {
    }

    private final List<FakeTable<?>> tables = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();
    private int depth;
    private long current;
    private long counter;
    private int commits;
    private int rollbacks;

    void register(FakeTable<?> table) {
        tables.add(table);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (depth > 0) {
            depth++;
            try {
                return work.get();
            } finally {
                depth--;
            }
        }
        List<Object> snapshots = new ArrayList<>();
        for (FakeTable<?> t : tables) {
            snapshots.add(t.snapshot());
        }
        depth = 1;
        current = ++counter;
        try {
            T result = work.get();
            commits++;
            return result;
        } catch (RuntimeException | Error e) {
            for (int i = 0; i < tables.size(); i++) {
                tables.get(i).restore(snapshots.get(i));
            }
            rollbacks++;
            throw e;
        } finally {
            depth = 0;
            current = 0;
        }
    }

    /** The id of the running transaction, 0 when none runs. */
    public long currentTransaction() {
        return current;
    }

    void log(String table, String op, String key) {
        writes.add(new Write(current, table, op, key));
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public void clearWrites() {
        writes.clear();
    }

    public int commits() {
        return commits;
    }

    public int rollbacks() {
        return rollbacks;
    }
}
