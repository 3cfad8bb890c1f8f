package io.berth.core.agent;

import java.util.List;

/**
 * The answer to an agent's poll: everything the manager currently wants of it (level-triggered: the
 * full set, not a delta), the open requests, and the generation to pass to the next poll, which
 * returns as soon as the generation moves on.
 */
public record AgentWork(long generation, List<KernelOrder> orders, List<AgentRequest> requests) {
    public AgentWork {
        orders = List.copyOf(orders);
        requests = List.copyOf(requests);
    }
}
