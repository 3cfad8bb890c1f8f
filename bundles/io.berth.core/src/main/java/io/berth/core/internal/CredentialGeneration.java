package io.berth.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that every committed identity change in this manager moves forward. Cached credentials
 * remember the value they were loaded under and are discarded once it moved, so deactivations and new
 * limits apply to the very next request.
 */
final class CredentialGeneration {
    private static final AtomicLong GENERATION = new AtomicLong();

    private CredentialGeneration() {
    }

    static long current() {
        return GENERATION.get();
    }

    static void advance() {
        GENERATION.incrementAndGet();
    }
}
