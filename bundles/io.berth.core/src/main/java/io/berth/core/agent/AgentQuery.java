package io.berth.core.agent;

import java.util.Set;

/** Filters of the agent list: statuses (null = all) and resource group (null = any). */
public record AgentQuery(Set<AgentStatus> statuses, String resourceGroup) {
    public static final AgentQuery ALL = new AgentQuery(null, null);
}
