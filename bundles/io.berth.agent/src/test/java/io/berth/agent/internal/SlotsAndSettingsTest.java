package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotsAndSettingsTest {

    private static ResourceSlots wire(Map<String, String> m) {
        return ResourceSlots.fromWire(m);
    }

    @Test
    void availableIsHostMinusReserves() {
        ResourceSlots a = HostResources.available(8, 16L << 30, new BigDecimal("0.5"), 512L << 20,
                ResourceSlots.EMPTY);
        assertEquals(wire(Map.of("cpu", "7.5", "mem", String.valueOf((16L << 30) - (512L << 20)))), a);
    }

    @Test
    void reservesLargerThanTheHostGiveZeroNotNegative() {
        ResourceSlots a = HostResources.available(2, 1L << 30, new BigDecimal("4"), 2L << 30, ResourceSlots.EMPTY);
        assertEquals(wire(Map.of("cpu", "0", "mem", "0")), a);
    }

    @Test
    void acceleratorCapacitiesAreSummedPerSlot() {
        Accelerators acc = new Accelerators();
        acc.add("fake", new FakeAccelerator("fake", 3, Map.of()));
        acc.add("other", new FakeAccelerator("other", 2, Map.of()));
        assertEquals(wire(Map.of("fake.device", "5")), acc.capacity());
        ResourceSlots a = HostResources.available(4, 8L << 30, BigDecimal.ZERO, 0, acc.capacity());
        assertEquals(wire(Map.of("cpu", "4", "mem", String.valueOf(8L << 30), "fake.device", "5")), a);
    }

    @Test
    void devicesCarryUsageOrMinusOne() {
        Accelerators acc = new Accelerators();
        acc.add("fake", new FakeAccelerator("fake", 2, Map.of("fake1", new DeviceUsage(42.5, 1024, 1L << 30))));
        List<Accelerators.DeviceReport> d = acc.devices();
        assertEquals(2, d.size());
        assertEquals("fake0", d.get(0).id());
        assertEquals(-1, d.get(0).utilisationPercent());
        assertEquals(-1, d.get(0).memoryUsedBytes());
        assertEquals(42.5, d.get(1).utilisationPercent());
        assertEquals(1024, d.get(1).memoryUsedBytes());
        assertEquals("fake", d.get(1).plugin());
    }

    @Test
    void aFailingPluginIsLeftOutAndAnUnboundOneDisappears() {
        Accelerators acc = new Accelerators();
        FakeAccelerator good = new FakeAccelerator("fake", 1, Map.of());
        acc.add("fake", good);
        acc.add("broken", new FakeAccelerator("broken", 1, Map.of()) {
            @Override
            public List<io.berth.spi.accelerator.Device> devices() {
                throw new IllegalStateException("driver gone");
            }
        });
        assertEquals(wire(Map.of("fake.device", "1")), acc.capacity());
        acc.remove("fake", new FakeAccelerator("fake", 1, Map.of())); // another instance: no effect
        assertEquals(1, acc.devices().size());
        acc.remove("fake", good);
        assertTrue(acc.devices().isEmpty());
        assertTrue(acc.snapshot().containsKey("broken"));
        assertEquals(AcceleratorPlugin.PROPERTY, "berth.accelerator");
    }

    @Test
    void settingsDefaults(@TempDir Path data) {
        AgentSettings s = AgentSettings.from(TestFiles.config(Map.of()), Map.of(), data);
        assertEquals("http://127.0.0.1:8181", s.managerUrl().toString());
        assertEquals("i-" + AgentSettings.hostname(), s.id());
        assertEquals("local", s.region());
        assertEquals("default", s.resourceGroup());
        assertEquals(0, s.reservedCpu().signum());
        assertEquals(512L << 20, s.reservedMemory());
        assertEquals(Duration.ofSeconds(5), s.heartbeatInterval());
        assertEquals("unix:///var/run/docker.sock", s.dockerHost());
        assertTrue(s.enabled());
        assertTrue(!s.address().isBlank());
        assertEquals(data.resolve("agent-token"), s.tokenFile());
    }

    @Test
    void settingsFollowTheEnvironmentAndOverrides(@TempDir Path data) {
        AgentSettings s = AgentSettings.from(TestFiles.config(Map.of("reserved_cpu", "1.5",
                "reserved_memory", "2g", "id", "node-7", "address", "10.1.2.3")), Map.of("BERTH_HTTP_PORT", "18281"),
                data);
        assertEquals("http://127.0.0.1:18281", s.managerUrl().toString());
        assertEquals(new BigDecimal("1.5"), s.reservedCpu());
        assertEquals(2L << 30, s.reservedMemory());
        assertEquals("node-7", s.id());
        assertEquals("10.1.2.3", s.address());
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
                TestFiles.config(Map.of("reserved_cpu", "-1")), Map.of(), data));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
                TestFiles.config(Map.of("reserved_memory", "lots")), Map.of(), data));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
                TestFiles.config(Map.of("manager_url", "ftp://x")), Map.of(), data));
    }

    @Test
    void tokenComesFromConfigOrTheFile(@TempDir Path data) throws IOException {
        AgentSettings fromFile = AgentSettings.from(TestFiles.config(Map.of()), Map.of(), data);
        assertTrue(fromFile.currentToken().isEmpty());
        Files.writeString(data.resolve("agent-token"), "  secret-1\n");
        assertEquals("secret-1", fromFile.currentToken().orElseThrow());
        AgentSettings configured = AgentSettings.from(TestFiles.config(Map.of("token", "t0")), Map.of(), data);
        assertEquals("t0", configured.currentToken().orElseThrow());
        assertTrue(!configured.tokenSource().contains("t0"), "the token is never part of a message");
    }

    @Test
    void architectureNames() {
        String arch = AgentSettings.architecture();
        assertTrue(List.of("x86_64", "aarch64").contains(arch) || !arch.isBlank());
    }
}
