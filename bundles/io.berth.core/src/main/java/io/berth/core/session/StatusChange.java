package io.berth.core.session;

import java.time.Instant;

/** One entry of a session's status history: the status it entered, why, and when. */
public record StatusChange(SessionStatus status, String reason, Instant at) {
}
