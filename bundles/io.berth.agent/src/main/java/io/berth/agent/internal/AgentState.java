package io.berth.agent.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;

/**
 * What the agent sends at registration and with every heartbeat: its full current state (the
 * manager's {@code AgentReport}), so that a lost or repeated message does no harm. {@code images} are
 * the references ({@code repo:tag}, {@code repo@sha256:…}) of the images the host has locally.
 */
record AgentState(String id, String region, String architecture, String version, String address,
        String resourceGroup, ResourceSlots availableSlots, ResourceSlots occupiedSlots, double cpuPercent,
        long memoryUsedBytes, int containerCount, List<Accelerators.DeviceReport> devices, List<String> images) {

    static final ObjectMapper JSON = new ObjectMapper();

    AgentState {
        devices = List.copyOf(devices);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A state without local images. */
    AgentState(String id, String region, String architecture, String version, String address,
            String resourceGroup, ResourceSlots availableSlots, ResourceSlots occupiedSlots, double cpuPercent,
            long memoryUsedBytes, int containerCount, List<Accelerators.DeviceReport> devices) {
        this(id, region, architecture, version, address, resourceGroup, availableSlots, occupiedSlots, cpuPercent,
                memoryUsedBytes, containerCount, devices, List.of());
    }

    /** @return the snake_case JSON body of {@code POST /agent-api/register} and {@code /heartbeat} */
    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("region", region);
        o.put("architecture", architecture);
        o.put("version", version);
        o.put("address", address);
        o.put("resource_group", resourceGroup);
        o.set("available_slots", slots(availableSlots));
        o.set("occupied_slots", slots(occupiedSlots));
        o.put("cpu_percent", round(cpuPercent));
        o.put("memory_used_bytes", memoryUsedBytes);
        o.put("container_count", containerCount);
        ArrayNode list = o.putArray("devices");
        for (Accelerators.DeviceReport d : devices) {
            ObjectNode n = list.addObject();
            n.put("plugin", d.plugin());
            n.put("id", d.id());
            n.put("model", d.model());
            n.put("memory_bytes", d.memoryBytes());
            n.set("capacity", slots(d.capacity()));
            if (d.utilisationPercent() < 0) {
                n.put("utilisation_percent", -1); // unknown
            } else {
                n.put("utilisation_percent", round(d.utilisationPercent()));
            }
            n.put("memory_used_bytes", d.memoryUsedBytes());
        }
        ArrayNode refs = o.putArray("images");
        images.forEach(refs::add);
        return o.toString();
    }

    private static ObjectNode slots(ResourceSlots slots) {
        ObjectNode n = JSON.createObjectNode();
        for (Map.Entry<String, String> e : slots.toWire().entrySet()) {
            n.put(e.getKey(), e.getValue());
        }
        return n;
    }

    private static double round(double percent) {
        return Math.round(percent * 10) / 10.0;
    }
}
