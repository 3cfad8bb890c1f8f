package io.berth.auth.totp.internal;

import io.berth.spi.data.PluginStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PluginStore} in memory with the contract's compare-and-set: versions start at 1 and grow with
 * every write; {@code replace} writes only when the current version (0 = absent) is the expected one.
 * Optionally, the first {@code n} reads wait for each other, so that n concurrent callers all read the
 * same version before any of them writes.
 */
final class InMemoryPluginStore implements PluginStore {
    private final Map<String, Entry> entries = new HashMap<>();
    private volatile CyclicBarrier readBarrier;
    private final AtomicInteger barrierReads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    /** Makes the next {@code parties} reads wait until all of them have read. */
    void holdReadsTogether(int parties) {
        barrierReads.set(parties);
        readBarrier = new CyclicBarrier(parties);
    }

    private static String id(String namespace, String key) {
        return namespace + '\u0000' + key;
    }

    @Override
    public Optional<Entry> get(String namespace, String key) {
        Optional<Entry> result;
        synchronized (this) {
            result = Optional.ofNullable(entries.get(id(namespace, key)));
        }
        CyclicBarrier barrier = readBarrier;
        if (barrier != null && barrierReads.getAndDecrement() > 0) {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("readers did not meet", e);
            }
        }
        return result;
    }

    @Override
    public synchronized long put(String namespace, String key, String value) {
        check(key, value);
        Entry before = entries.get(id(namespace, key));
        long version = before == null ? 1 : before.version() + 1;
        entries.put(id(namespace, key), new Entry(value, version));
        writes.incrementAndGet();
        return version;
    }

    @Override
    public synchronized boolean replace(String namespace, String key, String value, long expectedVersion) {
        check(key, value);
        Entry before = entries.get(id(namespace, key));
        long current = before == null ? 0 : before.version();
        if (current != expectedVersion) {
            return false;
        }
        entries.put(id(namespace, key), new Entry(value, current + 1));
        writes.incrementAndGet();
        return true;
    }

    @Override
    public synchronized void delete(String namespace, String key) {
        entries.remove(id(namespace, key));
    }

    private static void check(String key, String value) {
        if (key.length() > MAX_KEY || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("too long");
        }
    }
}
