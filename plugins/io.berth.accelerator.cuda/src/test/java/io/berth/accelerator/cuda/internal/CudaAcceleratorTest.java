package io.berth.accelerator.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.accelerator.ContainerSettings.DeviceRequest;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotKind;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cuda} plugin with fake GPU sources: slots, discovery, allocation, container settings. */
class CudaAcceleratorTest {

    static final String G0 = "GPU-00000000-0000-0000-0000-000000000000";
    static final String G1 = "GPU-11111111-1111-1111-1111-111111111111";
    static final String G2 = "GPU-22222222-2222-2222-2222-222222222222";
    static final long MIB = 1L << 20;

    static List<Gpu> gpus(int n) {
        List<Gpu> out = new ArrayList<>();
        String[] ids = {G0, G1, G2};
        for (int i = 0; i < n; i++) {
            out.add(new Gpu(i, ids[i], "NVIDIA H100 80GB HBM3", 81559, 100L * i, 10.0 * i));
        }
        return out;
    }

    /** A source answering {@code gpus} and counting its calls. */
    static final class FakeSource implements GpuSource {
        volatile Result next;
        final AtomicInteger calls = new AtomicInteger();

        FakeSource(List<Gpu> gpus) {
            next = Result.ok(gpus);
        }

        @Override
        public Result query() {
            calls.incrementAndGet();
            return next;
        }
    }

    static CudaSettings whole() {
        return CudaSettings.of("whole", "pack", "1", "nvidia-smi");
    }

    static CudaSettings fractional(String strategy, String shares) {
        return CudaSettings.of("fractional", strategy, shares, "nvidia-smi");
    }

    static ResourceSlots req(String slot, String amount) {
        return ResourceSlots.EMPTY.with(slot, Amount.of(new BigDecimal(amount)));
    }

    static CudaAccelerator.Config config(String mode, String strategy, String shares, String smi) {
        return new CudaAccelerator.Config() {
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
            public String nvidia__smi() {
                return smi;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return CudaAccelerator.Config.class;
            }
        };
    }

    @Test
    void wholeModeOffersCudaDevice() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(2)));
        assertEquals(1, cuda.slotDefinitions().size());
        assertEquals("cuda.device", cuda.slotDefinitions().get(0).name());
        assertEquals(SlotKind.UNIQUE, cuda.slotDefinitions().get(0).kind());
        assertEquals("CUDA GPU", cuda.slotDefinitions().get(0).displayName());
        assertEquals(BigDecimal.valueOf(64), cuda.slotDefinitions().get(0).policyMaximum());
        assertEquals(List.of(req("cuda.device", "1"), req("cuda.device", "1")),
                cuda.devices().stream().map(Device::capacity).toList());
    }

    @Test
    void fractionalModeOffersCudaShares() {
        CudaAccelerator cuda = new CudaAccelerator(fractional("pack", "2.5"), new FakeSource(gpus(2)));
        assertEquals("cuda.shares", cuda.slotDefinitions().get(0).name());
        assertEquals(SlotKind.COUNT, cuda.slotDefinitions().get(0).kind());
        assertEquals("CUDA fractional GPU", cuda.slotDefinitions().get(0).displayName());
        assertEquals(BigDecimal.valueOf(256), cuda.slotDefinitions().get(0).policyMaximum());
        assertEquals(req("cuda.shares", "2.5"), cuda.devices().get(0).capacity());
    }

    @Test
    void devicesAreTheDiscoveredGpus() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(2)));
        Device d = cuda.devices().get(1);
        assertEquals(G1, d.id());
        assertEquals("NVIDIA H100 80GB HBM3", d.model());
        assertEquals(81559 * MIB, d.memoryBytes());
        assertEquals(Map.of("index", "1"), d.attributes());
        assertEquals(List.of(G0, G1), cuda.devices().stream().map(Device::id).toList());
    }

    @Test
    void discoveryIsCachedAndRefreshedByUsage() {
        FakeSource source = new FakeSource(gpus(1));
        CudaAccelerator cuda = new CudaAccelerator(whole(), source);
        assertEquals(0, source.calls.get(), "nothing runs at activation");
        cuda.devices();
        cuda.devices();
        cuda.allocate(req("cuda.device", "1"), List.of());
        assertEquals(1, source.calls.get());
        source.next = GpuSource.Result.ok(gpus(3));
        assertEquals(1, cuda.devices().size(), "cached");
        assertEquals(3, cuda.usage().size());
        assertEquals(3, cuda.devices().size(), "usage() refreshed the list");
        assertEquals(2, source.calls.get());
    }

    @Test
    void usageIsInBytesAndLeavesOutUnknownFigures() {
        List<Gpu> list = new ArrayList<>(gpus(2));
        list.add(new Gpu(2, G2, "NVIDIA H100", 81559, -1, -1));
        list.add(new Gpu(3, "GPU-no-utilisation", "NVIDIA H100", 81559, 5, -1));
        list.add(new Gpu(4, "GPU-no-total", "NVIDIA H100", -1, 5, 50));
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(list));
        Map<String, DeviceUsage> usage = cuda.usage();
        assertEquals(Map.of(G0, new DeviceUsage(0, 0, 81559 * MIB), G1, new DeviceUsage(10, 100 * MIB, 81559 * MIB)),
                usage);
        assertEquals(5, cuda.devices().size(), "a GPU without figures is still a device");
        assertEquals(0, cuda.devices().get(4).memoryBytes(), "unknown memory is 0");
    }

    @Test
    void failedDiscoveryMeansNoDevicesAndRecoveryBringsThemBack() {
        FakeSource source = new FakeSource(gpus(2));
        source.next = GpuSource.Result.failed("cannot run nvidia-smi");
        CudaAccelerator cuda = new CudaAccelerator(whole(), source);
        assertEquals(List.of(), cuda.devices());
        assertEquals(Map.of(), cuda.usage());
        assertTrue(cuda.allocate(req("cuda.device", "1"), List.of()).isEmpty());
        source.next = GpuSource.Result.ok(gpus(2));
        assertEquals(2, cuda.usage().size());
        assertEquals(2, cuda.devices().size());
        source.next = GpuSource.Result.failed("exited with code 9");
        cuda.usage();
        assertEquals(List.of(), cuda.devices(), "GPUs that stop answering are gone");
    }

    @Test
    void wholeModeAllocatesDistinctGpus() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(3)));
        Allocation first = cuda.allocate(req("cuda.device", "2"), List.of()).orElseThrow();
        assertEquals("cuda", first.plugin());
        assertEquals(List.of(G0, G1), List.copyOf(first.perDevice().keySet()));
        Allocation second = cuda.allocate(req("cuda.device", "1"), List.of(first)).orElseThrow();
        assertEquals(List.of(G2), List.copyOf(second.perDevice().keySet()));
        assertTrue(cuda.allocate(req("cuda.device", "1"), List.of(first, second)).isEmpty());
    }

    @Test
    void theOtherModesSlotDoesNotFit() {
        CudaAccelerator whole = new CudaAccelerator(whole(), new FakeSource(gpus(3)));
        assertTrue(whole.allocate(req("cuda.shares", "0.5"), List.of()).isEmpty());
        CudaAccelerator shared = new CudaAccelerator(fractional("pack", "1"), new FakeSource(gpus(3)));
        assertTrue(shared.allocate(req("cuda.device", "1"), List.of()).isEmpty());
        assertEquals(0, shared.allocate(req("cuda.device", "0").with("cpu", Amount.of(2)), List.of())
                .orElseThrow().perDevice().size(), "zero of it is no request for it");
    }

    @Test
    void strategyComesFromTheConfiguration() {
        List<Allocation> existing = List.of(new Allocation("cuda", Map.of(G0, req("cuda.shares", "0.5"))));
        CudaAccelerator pack = new CudaAccelerator(fractional("pack", "1"), new FakeSource(gpus(2)));
        CudaAccelerator spread = new CudaAccelerator(fractional("SPREAD", "1"), new FakeSource(gpus(2)));
        assertEquals(List.of(G0), List.copyOf(pack.allocate(req("cuda.shares", "0.25"), existing).orElseThrow()
                .perDevice().keySet()));
        assertEquals(List.of(G1), List.copyOf(spread.allocate(req("cuda.shares", "0.25"), existing).orElseThrow()
                .perDevice().keySet()));
    }

    @Test
    void wholeContainerSettingsAreADeviceRequestAndVisibleDevices() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(3)));
        Allocation a = cuda.allocate(req("cuda.device", "2"), List.of()).orElseThrow();
        ContainerSettings s = cuda.containerSettings(a);
        assertEquals(List.of(new DeviceRequest("nvidia", List.of(G0, G1), List.of("gpu"))), s.deviceRequests());
        assertEquals(Map.of("NVIDIA_VISIBLE_DEVICES", G0 + "," + G1), s.environment());
        assertEquals(List.of(), s.devicePaths());
        assertEquals(List.of(), s.mounts());
    }

    @Test
    void fractionalContainerSettingsCarryTheShares() {
        CudaAccelerator cuda = new CudaAccelerator(fractional("pack", "2"), new FakeSource(gpus(3)));
        Allocation a = cuda.allocate(req("cuda.shares", "2.5"), List.of()).orElseThrow();
        ContainerSettings s = cuda.containerSettings(a);
        assertEquals(List.of(new DeviceRequest("nvidia", List.of(G0, G1), List.of("gpu"))), s.deviceRequests());
        long quarter = 81559 * MIB / 4;
        assertEquals(Map.of("NVIDIA_VISIBLE_DEVICES", G0 + "," + G1,
                "BERTH_CUDA_SHARES", G0 + "=2," + G1 + "=0.5",
                "BERTH_CUDA_MEMORY_LIMITS", G0 + "=" + 81559 * MIB + "," + G1 + "=" + quarter), s.environment());
    }

    @Test
    void sharesOfAnUnknownGpuHaveNoMemoryLimit() {
        CudaAccelerator cuda = new CudaAccelerator(fractional("pack", "1"), new FakeSource(gpus(1)));
        ContainerSettings s = cuda.containerSettings(new Allocation("cuda", Map.of(G2, req("cuda.shares", "0.5"))));
        assertEquals(Map.of("NVIDIA_VISIBLE_DEVICES", G2, "BERTH_CUDA_SHARES", G2 + "=0.5"), s.environment());
    }

    @Test
    void noGpusHidesThemAll() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(1)));
        ContainerSettings s = cuda.containerSettings(cuda.allocate(ResourceSlots.EMPTY, List.of()).orElseThrow());
        assertEquals(List.of(), s.deviceRequests());
        assertEquals(Map.of("NVIDIA_VISIBLE_DEVICES", "void"), s.environment());
    }

    @Test
    void anotherPluginsAllocationIsRejected() {
        CudaAccelerator cuda = new CudaAccelerator(whole(), new FakeSource(gpus(1)));
        assertThrows(IllegalArgumentException.class,
                () -> cuda.containerSettings(new Allocation("cuda-mock", Map.of(G0, req("cuda.device", "1")))));
    }

    @Test
    void settingsAreCheckedAndDefaulted() {
        CudaSettings defaults = CudaSettings.of(null, "", " ", null);
        assertEquals(new CudaSettings(false, Strategy.PACK, BigDecimal.ONE, "nvidia-smi"), defaults);
        assertEquals(new CudaSettings(true, Strategy.SPREAD, new BigDecimal("0.25"), "/usr/bin/nvidia-smi"),
                CudaSettings.of(" Fractional ", "spread", "0.250", " /usr/bin/nvidia-smi "));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("partial", "pack", "1", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "random", "1", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "one", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "0", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "0.005", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "1.005", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "256.01", "x"));
        assertThrows(IllegalArgumentException.class, () -> CudaSettings.of("whole", "pack", "-1", "x"));
        assertEquals(new BigDecimal("256"), CudaSettings.of("whole", "pack", "256", "x").sharesPerDevice());
    }

    @Test
    void theDsConstructorRunsTheConfiguredProgram(@TempDir Path dir) throws IOException {
        Path smi = NvidiaSmiTest.script(dir, "fake-smi", "echo \"0, " + G0 + ", NVIDIA H100, 81559, 0, 0\"");
        CudaAccelerator cuda = new CudaAccelerator(config("fractional", "spread", "4", smi.toString()));
        assertEquals(List.of(G0), cuda.devices().stream().map(Device::id).toList());
        assertEquals(req("cuda.shares", "4"), cuda.devices().get(0).capacity());
        assertEquals("cuda.shares", cuda.slotDefinitions().get(0).name());
        assertThrows(IllegalArgumentException.class, () -> new CudaAccelerator(config("both", "pack", "1", "x")));
    }
}
