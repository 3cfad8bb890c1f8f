package io.berth.core.session;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;

/**
 * One container of a session. {@code index} 0 is the main container. {@code agentId} is {@code null}
 * until the session is placed; {@code containerId} until the agent has created the container.
 * {@code slots} is what this container holds on its agent. {@code exitCode} is set once the container
 * has exited; {@code logTail} keeps the end of its output after it is gone.
 */
public record Kernel(String id, String sessionId, int index, String agentId, String containerId,
        SessionStatus status, String statusReason, ResourceSlots slots, Integer exitCode, String logTail,
        Instant createdAt, Instant terminatedAt) {

    public boolean isMain() {
        return index == 0;
    }

    public Kernel placedOn(String agent) {
        return new Kernel(id, sessionId, index, agent, containerId, SessionStatus.SCHEDULED, statusReason, slots,
                exitCode, logTail, createdAt, terminatedAt);
    }

    public Kernel with(SessionStatus s, String reason) {
        return new Kernel(id, sessionId, index, agentId, containerId, s, reason, slots, exitCode, logTail,
                createdAt, terminatedAt);
    }

    public Kernel withContainer(String container) {
        return new Kernel(id, sessionId, index, agentId, container, status, statusReason, slots, exitCode, logTail,
                createdAt, terminatedAt);
    }

    public Kernel ended(SessionStatus s, String reason, Integer exit, String logs, Instant at) {
        return new Kernel(id, sessionId, index, agentId, containerId, s, reason, slots, exit,
                logs != null ? logs : logTail, createdAt, at);
    }
}
