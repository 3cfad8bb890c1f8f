package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;

/**
 * What an agent sends at registration and with every heartbeat: its full current state, so that a
 * lost or repeated message does no harm. {@code availableSlots} is the capacity offered to sessions
 * (host CPU and memory minus the configured reserves, plus every accelerator plugin's slots);
 * {@code occupiedSlots} what its containers hold; {@code cpuPercent} and {@code memoryUsedBytes} the
 * host's live use; {@code images} the images the host has locally, as references with their tags
 * ({@code repo:tag}) and digests ({@code repo@sha256:…}).
 */
public record AgentReport(String id, String region, String architecture, String version, String address,
        String resourceGroup, ResourceSlots availableSlots, ResourceSlots occupiedSlots, double cpuPercent,
        long memoryUsedBytes, int containerCount, List<DeviceInfo> devices, List<String> images) {

    public AgentReport {
        devices = devices == null ? List.of() : List.copyOf(devices);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A report without the list of local images. */
    public AgentReport(String id, String region, String architecture, String version, String address,
            String resourceGroup, ResourceSlots availableSlots, ResourceSlots occupiedSlots, double cpuPercent,
            long memoryUsedBytes, int containerCount, List<DeviceInfo> devices) {
        this(id, region, architecture, version, address, resourceGroup, availableSlots, occupiedSlots, cpuPercent,
                memoryUsedBytes, containerCount, devices, List.of());
    }
}
