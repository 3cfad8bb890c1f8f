package io.berth.core.internal;

import io.berth.core.repo.KeyPairRepository;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counts signed requests per keypair in memory and writes them (query count, last used) in batches,
 * so that serving a request costs no database write.
 */
final class UsageRecorder {
    private static final class Usage {
        final AtomicLong count = new AtomicLong();
        volatile long lastUsedMillis;
    }

    private final ConcurrentHashMap<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String accessKey, long nowMillis) {
        Usage u = pending.computeIfAbsent(accessKey, k -> new Usage());
        u.count.incrementAndGet();
        u.lastUsedMillis = nowMillis;
    }

    /** Hands every pending count to {@code sink} and forgets it. */
    void drain(BiConsumer<String, long[]> sink) {
        for (Map.Entry<String, Usage> e : pending.entrySet()) {
            Usage u = pending.remove(e.getKey());
            if (u != null) {
                sink.accept(e.getKey(), new long[] {u.count.get(), u.lastUsedMillis});
            }
        }
    }

    void flushTo(KeyPairRepository repo) {
        drain((ak, v) -> repo.recordUsage(ak, v[0], Instant.ofEpochMilli(v[1])));
    }
}
