package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The register/heartbeat body against a snapshot of the documented contract. */
class AgentStateJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AgentState sample() {
        ResourceSlots gpu = ResourceSlots.fromWire(Map.of("cuda.device", "1"));
        return new AgentState("i-node1", "local", "x86_64", "0.1.0.SNAPSHOT", "10.0.0.5", "default",
                ResourceSlots.fromWire(Map.of("cpu", "7.5", "mem", "16106127360", "cuda.device", "2")),
                ResourceSlots.fromWire(Map.of("cpu", "0.5", "mem", "67108864", "cuda.device", "1")), 12.5,
                4L << 30, 1, List.of(
                        new Accelerators.DeviceReport("cuda", "GPU-0", "NVIDIA H200", 150754820096L, gpu, 37.5,
                                1L << 30),
                        new Accelerators.DeviceReport("cuda", "GPU-1", "NVIDIA H200", 150754820096L, gpu, -1, -1)),
                List.of("127.0.0.1:5000/berth/python:3.11", "127.0.0.1:5000/berth/python@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    @Test
    void bodyMatchesTheContractSnapshot() throws Exception {
        JsonNode expected = JSON.readTree(TestFiles.resource("agent-report-contract.json"));
        JsonNode actual = JSON.readTree(sample().toJson());
        assertEquals(expected, actual);
    }

    @Test
    void fieldsAreSnakeCaseInContractOrder() throws Exception {
        JsonNode actual = JSON.readTree(sample().toJson());
        List<String> names = new ArrayList<>();
        actual.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("id", "region", "architecture", "version", "address", "resource_group",
                "available_slots", "occupied_slots", "cpu_percent", "memory_used_bytes", "container_count",
                "devices", "images"), names);
        List<String> device = new ArrayList<>();
        actual.get("devices").get(0).fieldNames().forEachRemaining(device::add);
        assertEquals(List.of("plugin", "id", "model", "memory_bytes", "capacity", "utilisation_percent",
                "memory_used_bytes"), device);
        // slot amounts are strings in wire form, readable back into the same slots
        assertEquals("67108864", actual.get("occupied_slots").get("mem").textValue());
        assertEquals(sample().availableSlots(), ResourceSlots.fromWire(JSON.convertValue(
                actual.get("available_slots"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {
                })));
    }

    @Test
    void emptyDevicesAreAnEmptyList() throws Exception {
        AgentState s = new AgentState("a", "r", "x86_64", "1", "h", "g", ResourceSlots.EMPTY, ResourceSlots.EMPTY,
                0.04, 0, 0, List.of());
        JsonNode n = JSON.readTree(s.toJson());
        assertEquals(0, n.get("devices").size());
        assertEquals(0, n.get("images").size(), "no local images: an empty list");
        assertEquals(0, n.get("occupied_slots").size());
        assertEquals(0.0, n.get("cpu_percent").doubleValue());
    }
}
