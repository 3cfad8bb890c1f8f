package io.berth.core.group;

import java.util.Set;

/**
 * SPEC A4 scheduler options. {@code pendingTimeout} is seconds (0 = none); {@code retriesToSkip} null
 * means the system setting for the group's scheduler (SPEC Y1).
 */
public record SchedulerOptions(Set<SessionType> allowedSessionTypes, long pendingTimeout, Integer retriesToSkip,
        AgentSelection agentSelection) {

    public static final long MAX_PENDING_TIMEOUT = 31_536_000L;
    public static final SchedulerOptions DEFAULTS = new SchedulerOptions(
            Set.of(SessionType.INTERACTIVE, SessionType.BATCH, SessionType.INFERENCE), 0, null,
            AgentSelection.DISPERSED);

    public SchedulerOptions {
        allowedSessionTypes = Set.copyOf(allowedSessionTypes);
    }
}
