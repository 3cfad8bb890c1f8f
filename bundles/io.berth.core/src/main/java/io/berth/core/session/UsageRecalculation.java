package io.berth.core.session;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;

/**
 * SPEC Y2: what "recalculate usage" found and changed. {@code changes} lists every agent whose
 * occupied slots were rebuilt from its live sessions' containers (before and after);
 * {@code agentsChecked} and {@code sessionsCounted} say how much was looked at.
 */
public record UsageRecalculation(int agentsChecked, int sessionsCounted, List<AgentChange> changes) {

    public UsageRecalculation {
        changes = List.copyOf(changes);
    }

    public record AgentChange(String agentId, ResourceSlots before, ResourceSlots after) {
    }
}
