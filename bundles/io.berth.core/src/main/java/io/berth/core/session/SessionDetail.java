package io.berth.core.session;

import java.util.List;

/** A session with its whole status history, oldest first. */
public record SessionDetail(Session session, List<StatusChange> history) {
    public SessionDetail {
        history = List.copyOf(history);
    }
}
