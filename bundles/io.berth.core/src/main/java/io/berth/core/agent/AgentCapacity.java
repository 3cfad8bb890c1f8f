package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;

/**
 * What the dispatcher knows of an agent: what it offers ({@code available}), what the manager has
 * placed on it ({@code allocated}, the sum of its live kernels' slots, owned by the manager, never
 * by heartbeats) and the allocation {@code version}, which grows with every change of
 * {@code allocated} so that a placement can commit only on the state it was computed from.
 */
public record AgentCapacity(String id, String resourceGroup, String architecture, AgentStatus status,
        boolean schedulable, ResourceSlots available, ResourceSlots allocated, long version) {

    /** {@code available − allocated}, never below zero per slot. */
    public ResourceSlots free() {
        return available.minus(allocated).max(ResourceSlots.EMPTY);
    }
}
