package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;

/**
 * SPEC A1–A3: an agent node as last reported, with its status, when it was first seen, its last
 * heartbeat and why its status last changed. A terminated agent stays listed.
 */
public record Agent(String id, AgentStatus status, String statusReason, String region, String architecture,
        String version, String address, String resourceGroup, boolean schedulable, ResourceSlots availableSlots,
        ResourceSlots occupiedSlots, double cpuPercent, long memoryUsedBytes, int containerCount,
        List<DeviceInfo> devices, Instant firstContact, Instant lastHeartbeat, Instant statusChangedAt) {

    public Agent {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }
}
