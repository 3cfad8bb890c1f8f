package io.berth.agent.internal;

import org.slf4j.Logger;

/**
 * Logs each kind of problem of a loop once until it clears, so that an agent cut off from its manager
 * does not fill the log: a missing token at INFO (it is expected at first start), anything else at
 * WARN.
 */
final class ProblemLog {
    private final Logger log;
    private String current;

    ProblemLog(Logger log) {
        this.log = log;
    }

    /** Logs the problem unless the last one logged was of the same kind. */
    synchronized void report(String kind, String message, Throwable t) {
        if (kind.equals(current)) {
            return;
        }
        current = kind;
        if (kind.equals("token")) {
            log.info(message);
        } else if (t != null) {
            log.warn(message, t);
        } else {
            log.warn(message);
        }
    }

    /** The problem is over; returns whether there was one (so the caller can say it is fixed). */
    synchronized boolean clear() {
        boolean had = current != null;
        current = null;
        return had;
    }
}
