package io.berth.core.agent;

import java.util.Locale;

/** ALIVE while heartbeats arrive; LOST after the heartbeat timeout; TERMINATED after a clean goodbye. */
public enum AgentStatus {
    ALIVE, LOST, TERMINATED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
