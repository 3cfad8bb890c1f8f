package io.berth.spi.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.spi.accelerator.ContainerSettings.DeviceRequest;
import io.berth.spi.accelerator.ContainerSettings.Mount;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation and immutable copies of the accelerator records. */
class AcceleratorRecordsTest {

    static final ResourceSlots ONE = ResourceSlots.EMPTY.with("cuda.device", Amount.of(1));

    @Test
    void deviceCopiesAndSortsItsAttributes() {
        Map<String, String> attrs = new HashMap<>(Map.of("z", "1", "index", "0"));
        Device d = new Device("GPU-5f1c9e2a-0000-1111-2222-333344445555", "NVIDIA H100", ONE, 80L << 30, attrs);
        attrs.put("late", "x");
        assertEquals(List.of("index", "z"), new ArrayList<>(d.attributes().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> d.attributes().put("a", "b"));
    }

    @Test
    void deviceRejectsBadComponents() {
        assertThrows(IllegalArgumentException.class, () -> new Device("", "m", ONE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("a,b", "m", ONE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("a b", "m", ONE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("-a", "m", ONE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("a".repeat(129), "m", ONE, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("g0", "m", ONE, -1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("g0", "m",
                ResourceSlots.EMPTY.with("cuda.shares", Amount.INFINITE), 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Device("g0", "m",
                ResourceSlots.EMPTY.with("cuda.shares", Amount.of(-1)), 0, Map.of()));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("index", null);
        assertThrows(NullPointerException.class, () -> new Device("g0", "m", ONE, 0, nullValue));
        assertThrows(NullPointerException.class, () -> new Device("g0", null, ONE, 0, Map.of()));
        assertEquals("MIG-GPU-5f1c/1/0", new Device("MIG-GPU-5f1c/1/0", "", ONE, 0, Map.of()).id());
        assertEquals("a".repeat(128), new Device("a".repeat(128), "", ONE, 0, Map.of()).id());
    }

    @Test
    void usageIsChecked() {
        assertEquals(42.5, new DeviceUsage(42.5, 1, 2).utilisationPercent());
        new DeviceUsage(0, 0, 0);
        new DeviceUsage(100, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> new DeviceUsage(100.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceUsage(-0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceUsage(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceUsage(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceUsage(1, 0, -1));
    }

    @Test
    void allocationTotalsItsDevicesAndIsSortedAndImmutable() {
        Map<String, ResourceSlots> m = new LinkedHashMap<>();
        m.put("g1", ResourceSlots.EMPTY.with("cuda.shares", Amount.of(new BigDecimal("0.25"))));
        m.put("g0", ResourceSlots.EMPTY.with("cuda.shares", Amount.of(1)));
        Allocation a = new Allocation("cuda", m);
        m.clear();
        assertEquals(List.of("g0", "g1"), new ArrayList<>(a.perDevice().keySet()));
        assertEquals(ResourceSlots.EMPTY.with("cuda.shares", Amount.of(new BigDecimal("1.25"))), a.total());
        assertEquals(ResourceSlots.EMPTY, new Allocation("cuda-mock", Map.of()).total());
        assertThrows(UnsupportedOperationException.class, () -> a.perDevice().clear());
    }

    @Test
    void allocationRejectsBadComponents() {
        assertThrows(IllegalArgumentException.class, () -> new Allocation("Cuda", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Allocation("", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Allocation("cuda", Map.of("g 0", ONE)));
        assertThrows(IllegalArgumentException.class, () -> new Allocation("cuda",
                Map.of("g0", ResourceSlots.EMPTY.with("cuda.shares", Amount.of(-1)))));
        assertThrows(IllegalArgumentException.class, () -> new Allocation("cuda",
                Map.of("g0", ResourceSlots.EMPTY.with("cuda.shares", Amount.INFINITE))));
        assertThrows(NullPointerException.class, () -> new Allocation(null, Map.of()));
        assertThrows(NullPointerException.class, () -> new Allocation("cuda", null));
    }

    @Test
    void containerSettingsCopiesAndChecks() {
        Map<String, String> env = new HashMap<>(Map.of("NVIDIA_VISIBLE_DEVICES", "GPU-a", "A_1", ""));
        List<String> ids = new ArrayList<>(List.of("GPU-a"));
        ContainerSettings s = new ContainerSettings(List.of(new DeviceRequest("nvidia", ids, List.of("gpu"))), env,
                List.of("/dev/nvidia0"), List.of(new Mount("/usr/lib/x", "/opt/x", true)));
        env.put("LATE", "x");
        ids.add("GPU-b");
        assertEquals(List.of("A_1", "NVIDIA_VISIBLE_DEVICES"), new ArrayList<>(s.environment().keySet()));
        assertEquals(List.of("GPU-a"), s.deviceRequests().get(0).deviceIds());
        assertThrows(UnsupportedOperationException.class, () -> s.environment().put("B", "c"));
        assertEquals(new ContainerSettings(List.of(), Map.of(), List.of(), List.of()), ContainerSettings.EMPTY);

        assertThrows(IllegalArgumentException.class, () -> new ContainerSettings(List.of(), Map.of("1A", "x"), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ContainerSettings(List.of(), Map.of("A=B", "x"), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ContainerSettings(List.of(), Map.of(), List.of("dev/nvidia0"), List.of()));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        assertThrows(NullPointerException.class, () -> new ContainerSettings(List.of(), nullValue, List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new ContainerSettings(null, Map.of(), List.of(), List.of()));
    }

    @Test
    void deviceRequestAndMountAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest(" ", List.of("0"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest("nvidia", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest("nvidia", List.of(" "), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceRequest("nvidia", List.of("0"), List.of("")));
        assertEquals(List.of(), new DeviceRequest("nvidia", List.of("0"), List.of()).capabilities());
        assertThrows(IllegalArgumentException.class, () -> new Mount("relative", "/x", false));
        assertThrows(IllegalArgumentException.class, () -> new Mount("/x", "x", false));
        assertThrows(NullPointerException.class, () -> new Mount(null, "/x", false));
    }
}
