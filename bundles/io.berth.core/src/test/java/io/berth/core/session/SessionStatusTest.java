package io.berth.core.session;

import static io.berth.core.session.SessionStatus.CANCELLED;
import static io.berth.core.session.SessionStatus.ERROR;
import static io.berth.core.session.SessionStatus.PENDING;
import static io.berth.core.session.SessionStatus.PREPARING;
import static io.berth.core.session.SessionStatus.RUNNING;
import static io.berth.core.session.SessionStatus.SCHEDULED;
import static io.berth.core.session.SessionStatus.TERMINATED;
import static io.berth.core.session.SessionStatus.TERMINATING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC C1: the session lifecycle, every pair of statuses. */
class SessionStatusTest {
    /** The lifecycle as SPEC C1 draws it: what each status may move to. */
    private static final Map<SessionStatus, Set<SessionStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(SCHEDULED, CANCELLED, ERROR),
            SCHEDULED, EnumSet.of(PREPARING, RUNNING, TERMINATING, TERMINATED, ERROR),
            PREPARING, EnumSet.of(RUNNING, TERMINATING, TERMINATED, ERROR),
            RUNNING, EnumSet.of(TERMINATING, TERMINATED, ERROR),
            TERMINATING, EnumSet.of(TERMINATED, ERROR),
            TERMINATED, EnumSet.noneOf(SessionStatus.class),
            CANCELLED, EnumSet.noneOf(SessionStatus.class),
            ERROR, EnumSet.noneOf(SessionStatus.class));

    @Test
    void everyPairIsAllowedExactlyWhenTheLifecycleSaysSo() {
        List<String> wrong = new ArrayList<>();
        int pairs = 0;
        for (SessionStatus from : SessionStatus.values()) {
            for (SessionStatus to : SessionStatus.values()) {
                pairs++;
                boolean expected = ALLOWED.get(from).contains(to);
                if (from.canMoveTo(to) != expected) {
                    wrong.add(from + " -> " + to + " should be " + (expected ? "allowed" : "refused"));
                }
            }
        }
        assertEquals(64, pairs);
        assertEquals(List.of(), wrong);
    }

    @Test
    void stayingIsNoMoveAndFinalStatusesAreLeftNever() {
        for (SessionStatus s : SessionStatus.values()) {
            assertEquals(false, s.canMoveTo(s), s + " -> itself");
            if (s.isFinal()) {
                for (SessionStatus t : SessionStatus.values()) {
                    assertEquals(false, s.canMoveTo(t), s + " is final");
                }
            }
        }
    }

    @Test
    void nothingMovesBackToPending() {
        for (SessionStatus s : SessionStatus.values()) {
            assertEquals(false, s.canMoveTo(PENDING), s + " -> PENDING");
        }
    }

    @Test
    void groupsOfStatuses() {
        assertEquals(EnumSet.of(TERMINATED, CANCELLED, ERROR), SessionStatus.FINAL);
        assertEquals(EnumSet.of(SCHEDULED, PREPARING, RUNNING, TERMINATING), SessionStatus.ACTIVE);
        assertEquals(EnumSet.complementOf(EnumSet.copyOf(SessionStatus.FINAL)), SessionStatus.NOT_FINAL);
        for (SessionStatus s : SessionStatus.values()) {
            assertEquals(SessionStatus.ACTIVE.contains(s), s.holdsResources(), s.name());
            assertEquals(s, SessionStatus.fromWire(" " + s.wire().toUpperCase() + " "));
        }
        assertNull(SessionStatus.fromWire("sleeping"));
        assertNull(SessionStatus.fromWire(null));
    }
}
