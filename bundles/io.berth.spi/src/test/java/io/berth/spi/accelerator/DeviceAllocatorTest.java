package io.berth.spi.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link DeviceAllocator}; the properties are in {@link DeviceAllocatorPropertiesTest}. */
class DeviceAllocatorTest {

    static final String SHARES = "cuda.shares";
    static final String DEVICE = "cuda.device";
    static final BigDecimal Q = new BigDecimal("0.01");

    static ResourceSlots slots(String slot, String amount) {
        return ResourceSlots.EMPTY.with(slot, Amount.of(new BigDecimal(amount)));
    }

    static Device device(String id, String slot, String capacity) {
        return new Device(id, "Test GPU", slots(slot, capacity), 16L << 30, Map.of());
    }

    static List<Device> devices(String slot, String capacity, String... ids) {
        List<Device> out = new ArrayList<>();
        for (String id : ids) {
            out.add(device(id, slot, capacity));
        }
        return out;
    }

    /** An allocation written as "id=amount" pairs. */
    static Allocation alloc(String plugin, String slot, String... pairs) {
        Map<String, ResourceSlots> m = new LinkedHashMap<>();
        for (String p : pairs) {
            String[] kv = p.split("=");
            m.put(kv[0], slots(slot, kv[1]));
        }
        return new Allocation(plugin, m);
    }

    static Map<String, String> wire(Allocation a, String slot) {
        Map<String, String> m = new LinkedHashMap<>();
        a.perDevice().forEach((id, s) -> m.put(id, s.get(slot).toWire()));
        return m;
    }

    private final DeviceAllocator whole = DeviceAllocator.wholeDevices("cuda", DEVICE);
    private final DeviceAllocator pack = DeviceAllocator.fractional("cuda", SHARES, Q, Strategy.PACK);
    private final DeviceAllocator spread = DeviceAllocator.fractional("cuda", SHARES, Q, Strategy.SPREAD);

    @Test
    void wholeDevicesTakesDistinctFreeDevicesInIdOrder() {
        List<Device> gpus = devices(DEVICE, "1", "g3", "g1", "g2", "g0");
        List<Allocation> existing = List.of(alloc("cuda", DEVICE, "g1=1"));
        Allocation a = whole.allocate(gpus, slots(DEVICE, "2"), existing).orElseThrow();
        assertEquals(Map.of("g0", "1", "g2", "1"), wire(a, DEVICE));
        assertEquals("cuda", a.plugin());
        assertEquals(slots(DEVICE, "2"), a.total());
    }

    @Test
    void wholeDevicesDoNotFitWhenTooFewAreFree() {
        List<Device> gpus = devices(DEVICE, "1", "g0", "g1", "g2");
        List<Allocation> existing = List.of(alloc("cuda", DEVICE, "g1=1"));
        assertTrue(whole.allocate(gpus, slots(DEVICE, "3"), existing).isEmpty());
        assertTrue(whole.allocate(gpus, slots(DEVICE, "2"), existing).isPresent());
    }

    @Test
    void wholeDeviceRequestIsRoundedUpToAWholeNumber() {
        List<Device> gpus = devices(DEVICE, "1", "g0", "g1", "g2");
        Allocation a = whole.allocate(gpus, slots(DEVICE, "1.2"), List.of()).orElseThrow();
        assertEquals(Map.of("g0", "1", "g1", "1"), wire(a, DEVICE));
    }

    @Test
    void deviceWithAnyAllocationOfThePluginIsNotFreeForWholeDevices() {
        List<Device> gpus = List.of(device("g0", DEVICE, "1"), device("g1", DEVICE, "1"));
        // g0 holds shares from before a change of mode
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=0.25"));
        Allocation a = whole.allocate(gpus, slots(DEVICE, "1"), existing).orElseThrow();
        assertEquals(Map.of("g1", "1"), wire(a, DEVICE));
        assertTrue(whole.allocate(gpus, slots(DEVICE, "2"), existing).isEmpty());
    }

    @Test
    void fractionalRequestIsRoundedUpToTheQuantum() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        Allocation a = pack.allocate(gpus, slots(SHARES, "0.333"), List.of()).orElseThrow();
        assertEquals(Map.of("g0", "0.34"), wire(a, SHARES));
        Allocation b = pack.allocate(gpus, slots(SHARES, "0.001"), List.of()).orElseThrow();
        assertEquals(Map.of("g0", "0.01"), wire(b, SHARES));
    }

    @Test
    void roundingUpCanMakeARequestNotFit() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=0.67"));
        assertTrue(pack.allocate(gpus, slots(SHARES, "0.33"), existing).isPresent());
        assertTrue(pack.allocate(gpus, slots(SHARES, "0.331"), existing).isEmpty());
    }

    @Test
    void packChoosesTheFullestDeviceThatFits() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1", "g2");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=0.3", "g1=0.6", "g2=0.9"));
        assertEquals(Map.of("g1", "0.4"), wire(pack.allocate(gpus, slots(SHARES, "0.4"), existing).orElseThrow(), SHARES));
        assertEquals(Map.of("g2", "0.1"), wire(pack.allocate(gpus, slots(SHARES, "0.1"), existing).orElseThrow(), SHARES));
    }

    @Test
    void spreadChoosesTheEmptiestDevice() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1", "g2");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=0.3", "g1=0.2", "g2=0.9"));
        assertEquals(Map.of("g1", "0.1"), wire(spread.allocate(gpus, slots(SHARES, "0.1"), existing).orElseThrow(), SHARES));
    }

    @Test
    void tiesGoToTheLowestDeviceId() {
        List<Device> gpus = devices(SHARES, "1", "gb", "ga", "gc");
        assertEquals(Map.of("ga", "0.5"), wire(pack.allocate(gpus, slots(SHARES, "0.5"), List.of()).orElseThrow(), SHARES));
        assertEquals(Map.of("ga", "0.5"), wire(spread.allocate(gpus, slots(SHARES, "0.5"), List.of()).orElseThrow(), SHARES));
    }

    @Test
    void aRequestThatOneDeviceCouldHoldIsNeverSplit() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=0.5", "g1=0.5"));
        // 1.0 remains in total, but on two devices
        assertTrue(pack.allocate(gpus, slots(SHARES, "0.6"), existing).isEmpty());
        assertTrue(spread.allocate(gpus, slots(SHARES, "1"), existing).isEmpty());
    }

    @Test
    void aLargeRequestTakesWholeDevicesPlusARemainder() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1", "g2", "g3");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g1=0.7"));
        Allocation packed = pack.allocate(gpus, slots(SHARES, "2.3"), existing).orElseThrow();
        assertEquals(Map.of("g0", "1", "g2", "1", "g1", "0.3"), wire(packed, SHARES));
        Allocation spreaded = spread.allocate(gpus, slots(SHARES, "2.3"), existing).orElseThrow();
        assertEquals(Map.of("g0", "1", "g2", "1", "g3", "0.3"), wire(spreaded, SHARES));
        assertEquals(slots(SHARES, "2.3"), packed.total());
    }

    @Test
    void aLargeRequestNeedsEnoughFreeDevices() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1", "g2");
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g1=0.1"));
        assertTrue(pack.allocate(gpus, slots(SHARES, "2.9"), existing).isPresent());
        assertTrue(pack.allocate(gpus, slots(SHARES, "2.91"), existing).isEmpty());
        assertTrue(pack.allocate(gpus, slots(SHARES, "3"), existing).isEmpty());
    }

    @Test
    void sharesPerDeviceAboveOne() {
        List<Device> gpus = devices(SHARES, "4", "g0", "g1");
        Allocation a = pack.allocate(gpus, slots(SHARES, "5"), List.of()).orElseThrow();
        assertEquals(Map.of("g0", "4", "g1", "1"), wire(a, SHARES));
        Allocation b = pack.allocate(gpus, slots(SHARES, "3.5"), List.of()).orElseThrow();
        assertEquals(Map.of("g0", "3.5"), wire(b, SHARES));
    }

    @Test
    void capacityIsRoundedDownToTheQuantum() {
        List<Device> gpus = devices(SHARES, "1.005", "g0");
        assertTrue(pack.allocate(gpus, slots(SHARES, "1"), List.of()).isPresent());
        assertTrue(pack.allocate(gpus, slots(SHARES, "1.005"), List.of()).isEmpty());
    }

    @Test
    void deviceHoldingAnotherSlotOfThePluginIsFull() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1");
        List<Allocation> existing = List.of(alloc("cuda", DEVICE, "g0=1"));
        Allocation a = pack.allocate(gpus, slots(SHARES, "0.1"), existing).orElseThrow();
        assertEquals(Map.of("g1", "0.1"), wire(a, SHARES));
        assertTrue(pack.allocate(gpus, slots(SHARES, "1.5"), existing).isEmpty());
    }

    @Test
    void allocationsOfOtherPluginsAndUnknownDevicesAreIgnored() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        List<Allocation> existing = List.of(alloc("rocm", SHARES, "g0=1"), alloc("cuda", SHARES, "gone=1"));
        Allocation a = pack.allocate(gpus, slots(SHARES, "1"), existing).orElseThrow();
        assertEquals(Map.of("g0", "1"), wire(a, SHARES));
    }

    @Test
    void overCommittedDeviceCountsAsFull() {
        List<Device> gpus = devices(SHARES, "1", "g0", "g1");
        // shares_per_device was lowered while sessions held 1.5 on g0
        List<Allocation> existing = List.of(alloc("cuda", SHARES, "g0=1.5"));
        assertEquals(Map.of("g1", "0.5"), wire(pack.allocate(gpus, slots(SHARES, "0.5"), existing).orElseThrow(), SHARES));
        assertTrue(pack.allocate(gpus, slots(SHARES, "1.5"), existing).isEmpty());
    }

    @Test
    void otherSlotsOfTheRequestAreIgnored() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        ResourceSlots request = slots(SHARES, "0.5").with("cpu", Amount.of(4)).with(DEVICE, Amount.of(3));
        assertEquals(Map.of("g0", "0.5"), wire(pack.allocate(gpus, request, List.of()).orElseThrow(), SHARES));
    }

    @Test
    void noAmountOfTheSlotGivesAnAllocationWithoutDevices() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        Optional<Allocation> none = pack.allocate(gpus, ResourceSlots.EMPTY.with("cpu", Amount.of(1)), List.of());
        assertEquals(Optional.of(new Allocation("cuda", Map.of())), none);
        assertEquals(Optional.of(new Allocation("cuda", Map.of())), whole.allocate(List.of(), slots(DEVICE, "0"), List.of()));
    }

    @Test
    void infiniteRequestNeverFits() {
        List<Device> gpus = devices(SHARES, "1", "g0");
        assertTrue(pack.allocate(gpus, ResourceSlots.EMPTY.with(SHARES, Amount.INFINITE), List.of()).isEmpty());
        assertTrue(whole.allocate(devices(DEVICE, "1", "g0"), ResourceSlots.EMPTY.with(DEVICE, Amount.INFINITE), List.of()).isEmpty());
    }

    @Test
    void noDevicesNothingFits() {
        assertTrue(pack.allocate(List.of(), slots(SHARES, "0.01"), List.of()).isEmpty());
        assertTrue(whole.allocate(List.of(), slots(DEVICE, "1"), List.of()).isEmpty());
    }

    @Test
    void rejectsBadInput() {
        List<Device> twice = List.of(device("g0", SHARES, "1"), device("g0", SHARES, "1"));
        assertThrows(IllegalArgumentException.class, () -> pack.allocate(twice, slots(SHARES, "0.1"), List.of()));
        ResourceSlots negative = ResourceSlots.EMPTY.with(SHARES, Amount.of(-1));
        assertThrows(IllegalArgumentException.class, () -> pack.allocate(List.of(), negative, List.of()));
        assertThrows(IllegalArgumentException.class, () -> DeviceAllocator.fractional("cuda", SHARES, BigDecimal.ZERO, Strategy.PACK));
        assertThrows(IllegalArgumentException.class, () -> DeviceAllocator.wholeDevices("CUDA", DEVICE));
        assertThrows(IllegalArgumentException.class, () -> DeviceAllocator.wholeDevices("cuda", "Cuda Device"));
        assertThrows(NullPointerException.class, () -> DeviceAllocator.fractional("cuda", SHARES, Q, null));
    }

    @Test
    void describesItself() {
        assertEquals("DeviceAllocator[cuda, cuda.shares, quantum 0.01, SPREAD]", spread.toString());
        assertEquals("DeviceAllocator[cuda, cuda.device, whole devices]", whole.toString());
    }
}
