package io.berth.accelerator.mock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotKind;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mock accelerator: devices from configuration, the CUDA slots, environment-only settings. */
class MockAcceleratorTest {

    static final long GIB = 1L << 30;

    static MockAccelerator mock(String devices, String mode, String strategy, String shares) {
        return new MockAccelerator(MockSettings.of(devices, mode, strategy, shares));
    }

    static ResourceSlots req(String slot, String amount) {
        return ResourceSlots.EMPTY.with(slot, Amount.of(new BigDecimal(amount)));
    }

    static MockAccelerator.Config config(String devices, String mode, String strategy, String shares) {
        return new MockAccelerator.Config() {
            @Override
            public String devices() {
                return devices;
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public String strategy() {
                return strategy;
            }

            @Override
            public String shares__per__device() {
                return shares;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MockAccelerator.Config.class;
            }
        };
    }

    @Test
    void aCountMakesNumberedMockDevices() {
        MockAccelerator m = mock("3", "whole", "pack", "1");
        assertEquals(List.of("mock-gpu-0", "mock-gpu-1", "mock-gpu-2"), m.devices().stream().map(Device::id).toList());
        Device d = m.devices().get(2);
        assertEquals("Berth mock GPU", d.model());
        assertEquals(16 * GIB, d.memoryBytes());
        assertEquals(Map.of("index", "2"), d.attributes());
        assertEquals(req("cuda.device", "1"), d.capacity());
    }

    @Test
    void aListNamesTheMockDevicesAndTheirMemory() {
        MockAccelerator m = mock(" mock-a:80g , mock-b, mock-c:512MiB ", "fractional", "pack", "2");
        assertEquals(List.of("mock-a", "mock-b", "mock-c"), m.devices().stream().map(Device::id).toList());
        assertEquals(List.of(80 * GIB, 16 * GIB, 512L << 20), m.devices().stream().map(Device::memoryBytes).toList());
        assertEquals(req("cuda.shares", "2"), m.devices().get(0).capacity());
        assertEquals(List.of("0", "1", "2"), m.devices().stream().map(d -> d.attributes().get("index")).toList());
    }

    @Test
    void emptyMeansNoDevices() {
        assertEquals(List.of(), mock("", "whole", "pack", "1").devices());
        assertEquals(List.of(), mock(null, "whole", "pack", "1").devices());
        assertEquals(List.of(), mock("0", "whole", "pack", "1").devices());
        assertTrue(mock("0", "whole", "pack", "1").allocate(req("cuda.device", "1"), List.of()).isEmpty());
    }

    @Test
    void badConfigurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> mock("65", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("99999999999", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("a,a", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("a,,b", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("a:lots", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("a:inf", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("a b", "whole", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "halves", "pack", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "whole", "fill", "1"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "whole", "pack", "0.001"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "whole", "pack", "1.005"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "whole", "pack", "256.01"));
        assertThrows(IllegalArgumentException.class, () -> mock("2", "whole", "pack", "x"));
        assertEquals(64, mock("64", "whole", "pack", "1").devices().size());
    }

    @Test
    void defaultsAreTwoWholeDevicesPacked() {
        MockSettings s = MockSettings.of("2", null, " ", null);
        assertEquals(false, s.fractional());
        assertEquals(Strategy.PACK, s.strategy());
        assertEquals(BigDecimal.ONE, s.sharesPerDevice());
        MockAccelerator m = new MockAccelerator(config("2", "whole", "pack", "1"));
        assertEquals(2, m.devices().size());
    }

    @Test
    void offersTheSameSlotsAsTheCudaPlugin() {
        assertEquals("cuda.device", mock("1", "whole", "pack", "1").slotDefinitions().get(0).name());
        assertEquals(SlotKind.UNIQUE, mock("1", "whole", "pack", "1").slotDefinitions().get(0).kind());
        assertEquals(BigDecimal.valueOf(64), mock("1", "whole", "pack", "1").slotDefinitions().get(0).policyMaximum());
        assertEquals("cuda.shares", mock("1", "fractional", "pack", "1").slotDefinitions().get(0).name());
        assertEquals(SlotKind.COUNT, mock("1", "fractional", "pack", "1").slotDefinitions().get(0).kind());
        assertEquals(BigDecimal.valueOf(256), mock("1", "fractional", "pack", "1").slotDefinitions().get(0).policyMaximum());
        assertEquals(1, mock("1", "fractional", "pack", "1").slotDefinitions().size());
    }

    @Test
    void usageIsFixedFakeFigures() {
        MockAccelerator m = mock("a:8g,b:8g,c:8g", "whole", "pack", "1");
        Map<String, DeviceUsage> u = m.usage();
        assertEquals(Map.of("a", new DeviceUsage(0, 0, 8 * GIB), "b", new DeviceUsage(10, GIB, 8 * GIB),
                "c", new DeviceUsage(20, 2 * GIB, 8 * GIB)), u);
        assertEquals(u, m.usage());
        Map<String, DeviceUsage> eleven = mock("11", "whole", "pack", "1").usage();
        assertEquals(new DeviceUsage(30, 6 * GIB, 16 * GIB), eleven.get("mock-gpu-3"));
        assertEquals(new DeviceUsage(90, 2 * GIB, 16 * GIB), eleven.get("mock-gpu-9"));
        assertEquals(new DeviceUsage(0, 4 * GIB, 16 * GIB), eleven.get("mock-gpu-10"));
    }

    @Test
    void allocationsAreTheMocksOwn() {
        MockAccelerator m = mock("3", "whole", "pack", "1");
        Allocation a = m.allocate(req("cuda.device", "2"), List.of()).orElseThrow();
        assertEquals("cuda-mock", a.plugin());
        assertEquals(List.of("mock-gpu-0", "mock-gpu-1"), List.copyOf(a.perDevice().keySet()));
        assertTrue(m.allocate(req("cuda.device", "2"), List.of(a)).isEmpty());
        assertTrue(m.allocate(req("cuda.shares", "0.5"), List.of()).isEmpty(), "the other mode's slot does not fit");
    }

    @Test
    void containerSettingsAreEnvironmentOnly() {
        MockAccelerator m = mock("3", "whole", "pack", "1");
        Allocation a = m.allocate(req("cuda.device", "2"), List.of(
                new Allocation("cuda-mock", Map.of("mock-gpu-0", req("cuda.device", "1"))))).orElseThrow();
        ContainerSettings s = m.containerSettings(a);
        assertEquals(List.of(), s.deviceRequests());
        assertEquals(List.of(), s.devicePaths());
        assertEquals(List.of(), s.mounts());
        assertEquals(Map.of("BERTH_MOCK_DEVICES", "mock-gpu-1,mock-gpu-2", "CUDA_VISIBLE_DEVICES", "1,2"), s.environment());
    }

    @Test
    void sharesAreInTheEnvironmentToo() {
        MockAccelerator m = mock("2", "fractional", "spread", "1");
        Allocation a = m.allocate(req("cuda.shares", "1.5"), List.of()).orElseThrow();
        assertEquals(Map.of("BERTH_MOCK_DEVICES", "mock-gpu-0,mock-gpu-1", "CUDA_VISIBLE_DEVICES", "0,1",
                "BERTH_CUDA_SHARES", "mock-gpu-0=1,mock-gpu-1=0.5"), m.containerSettings(a).environment());
    }

    @Test
    void noDevicesNoSettings() {
        MockAccelerator m = mock("2", "whole", "pack", "1");
        assertEquals(ContainerSettings.EMPTY, m.containerSettings(m.allocate(ResourceSlots.EMPTY, List.of()).orElseThrow()));
    }

    @Test
    void foreignOrStaleAllocationsAreRejected() {
        MockAccelerator m = mock("2", "whole", "pack", "1");
        assertThrows(IllegalArgumentException.class,
                () -> m.containerSettings(new Allocation("cuda", Map.of("mock-gpu-0", req("cuda.device", "1")))));
        assertThrows(IllegalArgumentException.class,
                () -> m.containerSettings(new Allocation("cuda-mock", Map.of("mock-gpu-7", req("cuda.device", "1")))));
    }
}
