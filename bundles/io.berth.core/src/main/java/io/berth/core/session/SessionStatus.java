package io.berth.core.session;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SPEC C1: the lifecycle of a compute session (and of each of its kernels). Every change of status
 * goes through {@link #canMoveTo(SessionStatus)}, the one place that says which transitions exist:
 *
 * <pre>
 * PENDING ──► SCHEDULED ──► PREPARING ──► RUNNING ──► TERMINATING ──► TERMINATED
 *    │            │  │          │  │         │  │           │
 *    └► CANCELLED │  └──────────┼──┴─────────┼──┴──► ERROR ◄─┘
 *                 └─────────────┴────────────┴──► TERMINATING / TERMINATED
 * </pre>
 *
 * A pending session is cancelled (never ran); a placed one is terminated (through TERMINATING while
 * its containers are destroyed) or ends in ERROR when it could not be started or its agent failed it.
 */
public enum SessionStatus {
    PENDING, SCHEDULED, PREPARING, RUNNING, TERMINATING, TERMINATED, CANCELLED, ERROR;

    private static final Map<SessionStatus, Set<SessionStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(SCHEDULED, CANCELLED, ERROR),
            SCHEDULED, EnumSet.of(PREPARING, RUNNING, TERMINATING, TERMINATED, ERROR),
            PREPARING, EnumSet.of(RUNNING, TERMINATING, TERMINATED, ERROR),
            RUNNING, EnumSet.of(TERMINATING, TERMINATED, ERROR),
            TERMINATING, EnumSet.of(TERMINATED, ERROR),
            TERMINATED, EnumSet.noneOf(SessionStatus.class),
            CANCELLED, EnumSet.noneOf(SessionStatus.class),
            ERROR, EnumSet.noneOf(SessionStatus.class));

    /** Statuses in which a session holds resources on agents. */
    public static final Set<SessionStatus> ACTIVE = EnumSet.of(SCHEDULED, PREPARING, RUNNING, TERMINATING);

    /** Statuses of sessions that are waiting or hold resources. */
    public static final Set<SessionStatus> NOT_FINAL = EnumSet.of(PENDING, SCHEDULED, PREPARING, RUNNING,
            TERMINATING);

    /** Statuses a session never leaves. */
    public static final Set<SessionStatus> FINAL = EnumSet.of(TERMINATED, CANCELLED, ERROR);

    /** Whether a session in this status may move to {@code next}. Staying in the same status is not a move. */
    public boolean canMoveTo(SessionStatus next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether a session in this status holds slots on its agents. */
    public boolean holdsResources() {
        return ACTIVE.contains(this);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form (any case); {@code null} when unknown. */
    public static SessionStatus fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (SessionStatus v : values()) {
            if (v.name().equalsIgnoreCase(s.strip())) {
                return v;
            }
        }
        return null;
    }
}
