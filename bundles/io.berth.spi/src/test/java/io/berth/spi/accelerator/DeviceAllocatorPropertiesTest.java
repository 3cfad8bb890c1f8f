package io.berth.spi.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link DeviceAllocator}: capacity is never exceeded, results are deterministic,
 * amounts are multiples of the quantum, whole devices are distinct, {@code pack} and
 * {@code spread} choose as documented, and a released allocation's request fits again.
 */
class DeviceAllocatorPropertiesTest {

    static final String SHARES = "cuda.shares";
    static final String DEVICE = "cuda.device";
    static final BigDecimal Q = new BigDecimal("0.01");

    /** Requests in hundredths of shares, with some off-quantum ones (thousandths). */
    @Provide
    Arbitrary<List<BigDecimal>> shareRequests() {
        Arbitrary<BigDecimal> onQuantum = Arbitraries.integers().between(1, 350).map(i -> BigDecimal.valueOf(i, 2));
        Arbitrary<BigDecimal> offQuantum = Arbitraries.integers().between(1, 3500).map(i -> BigDecimal.valueOf(i, 3));
        return Arbitraries.oneOf(onQuantum, offQuantum).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Strategy> strategies() {
        return Arbitraries.of(Strategy.values());
    }

    @Provide
    Arbitrary<BigDecimal> sharesPerDevice() {
        return Arbitraries.of(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"), new BigDecimal("1.5"));
    }

    static List<Device> devices(String slot, BigDecimal capacity, int n) {
        List<Device> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Device("gpu-" + i, "Test GPU", ResourceSlots.EMPTY.with(slot, Amount.of(capacity)), 0, Map.of()));
        }
        return out;
    }

    static ResourceSlots shares(BigDecimal amount) {
        return ResourceSlots.EMPTY.with(SHARES, Amount.of(amount));
    }

    /** What the allocations hold per device, computed independently of the allocator. */
    static Map<String, BigDecimal> usedPerDevice(List<Allocation> allocations, String slot) {
        Map<String, BigDecimal> used = new HashMap<>();
        for (Allocation a : allocations) {
            a.perDevice().forEach((id, s) -> used.merge(id, s.get(slot, Amount.ZERO).value(), BigDecimal::add));
        }
        return used;
    }

    static BigDecimal roundUp(BigDecimal v) {
        return v.divide(Q, 0, RoundingMode.CEILING).multiply(Q);
    }

    /**
     * Runs a random sequence of allocations and releases (seeded, so reproducible) and checks after
     * every step that no device holds more than its capacity.
     */
    @Property
    void noDeviceIsEverOverCapacity(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll("sharesPerDevice") BigDecimal capacity,
            @ForAll @IntRange(min = 0, max = 6) int n, @ForAll long seed) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, capacity, n);
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (BigDecimal r : requests) {
            if (!held.isEmpty() && random.nextInt(4) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            allocator.allocate(gpus, shares(r), held).ifPresent(a -> {
                assertEquals(shares(roundUp(r)), a.total(), () -> "the request rounded up is assigned in full");
                held.add(a);
            });
            usedPerDevice(held, SHARES).forEach((id, used) ->
                    assertTrue(used.compareTo(capacity) <= 0, () -> id + " holds " + used + " > " + capacity));
        }
    }

    @Property
    void sameInputSameOutputWhateverTheListOrder(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, BigDecimal.ONE, n);
        List<Allocation> held = new ArrayList<>();
        BigDecimal last = requests.remove(requests.size() - 1);
        for (BigDecimal r : requests) {
            allocator.allocate(gpus, shares(r), held).ifPresent(held::add);
        }
        Optional<Allocation> first = allocator.allocate(gpus, shares(last), held);
        assertEquals(first, allocator.allocate(gpus, shares(last), held));
        List<Device> shuffledDevices = new ArrayList<>(gpus);
        List<Allocation> shuffledHeld = new ArrayList<>(held);
        Random random = new Random(seed);
        Collections.shuffle(shuffledDevices, random);
        Collections.shuffle(shuffledHeld, random);
        assertEquals(first, DeviceAllocator.fractional("cuda", SHARES, Q, strategy)
                .allocate(shuffledDevices, shares(last), shuffledHeld));
    }

    /**
     * Every assigned amount is a multiple of 0.01; a request that one device could hold goes to one
     * device; a larger one is whole devices plus at most one partial device.
     */
    @Property
    void fractionsAreMultiplesOfTheQuantumAndSplitOnlyWhenLarger(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll("sharesPerDevice") BigDecimal capacity,
            @ForAll @IntRange(min = 1, max = 6) int n) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, capacity, n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            Optional<Allocation> result = allocator.allocate(gpus, shares(r), held);
            if (result.isEmpty()) {
                continue;
            }
            Allocation a = result.get();
            held.add(a);
            long partial = 0;
            for (ResourceSlots s : a.perDevice().values()) {
                BigDecimal v = s.get(SHARES).value();
                assertTrue(v.signum() > 0);
                assertEquals(0, v.remainder(Q).signum(), () -> v + " is not a multiple of 0.01");
                if (v.compareTo(capacity) < 0) {
                    partial++;
                }
            }
            long shared = partial;
            assertTrue(shared <= 1, () -> "at most one device is shared: " + a);
            if (roundUp(r).compareTo(capacity) <= 0) {
                assertEquals(1, a.perDevice().size(), () -> "a request one device can hold is not split: " + a);
            } else {
                int wholeDevices = roundUp(r).divide(capacity, 0, RoundingMode.FLOOR).intValue();
                assertTrue(a.perDevice().size() == wholeDevices || a.perDevice().size() == wholeDevices + 1, a::toString);
            }
        }
    }

    /**
     * With devices of equal capacity the allocator finds a placement exactly when one of the
     * documented shape exists (checked against an independent count of remaining capacities).
     */
    @Property
    void fractionalFitsExactlyWhenAPlacementExists(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll("sharesPerDevice") BigDecimal capacity,
            @ForAll @IntRange(min = 0, max = 5) int n) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, capacity, n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            Map<String, BigDecimal> used = usedPerDevice(held, SHARES);
            List<BigDecimal> remaining = new ArrayList<>();
            int free = 0;
            for (Device d : gpus) {
                BigDecimal u = used.getOrDefault(d.id(), BigDecimal.ZERO);
                remaining.add(capacity.subtract(u));
                if (u.signum() == 0) {
                    free++;
                }
            }
            BigDecimal want = roundUp(r);
            boolean expected;
            if (remaining.stream().anyMatch(x -> x.compareTo(want) >= 0)) {
                expected = true;
            } else if (want.compareTo(capacity) <= 0) {
                expected = false;
            } else {
                BigDecimal[] qr = want.divideAndRemainder(capacity);
                int k = qr[0].intValue();
                BigDecimal rem = qr[1];
                long partialFits = remaining.stream()
                        .filter(x -> x.compareTo(capacity) < 0 && x.compareTo(rem) >= 0).count();
                // k whole free devices, and the remainder on one more free or partly used device
                expected = rem.signum() == 0 ? free >= k : free >= k + 1 || (free >= k && partialFits > 0);
            }
            Optional<Allocation> result = allocator.allocate(gpus, shares(r), held);
            boolean fits = expected;
            assertEquals(fits, result.isPresent(), () -> "request " + want + " with remaining " + remaining);
            result.ifPresent(held::add);
        }
    }

    @Property
    void packChoosesLeastAndSpreadMostRemaining(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll @IntRange(min = 1, max = 6) int n) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, BigDecimal.ONE, n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            BigDecimal want = roundUp(r);
            Map<String, BigDecimal> used = usedPerDevice(held, SHARES);
            // the expected device among those that hold the request: least (pack) / most (spread)
            // remaining, the lowest id among equals (ids gpu-0..gpu-5 sort like their numbers)
            String expected = null;
            BigDecimal expectedRemaining = null;
            for (Device d : gpus) {
                BigDecimal rem = BigDecimal.ONE.subtract(used.getOrDefault(d.id(), BigDecimal.ZERO));
                if (rem.compareTo(want) < 0) {
                    continue;
                }
                if (expected == null || (strategy == Strategy.PACK ? rem.compareTo(expectedRemaining) < 0
                        : rem.compareTo(expectedRemaining) > 0)) {
                    expected = d.id();
                    expectedRemaining = rem;
                }
            }
            Optional<Allocation> result = allocator.allocate(gpus, shares(r), held);
            if (want.compareTo(BigDecimal.ONE) <= 0) {
                assertEquals(Optional.ofNullable(expected), result.map(a -> a.perDevice().keySet().iterator().next()));
            }
            result.ifPresent(held::add);
        }
    }

    @Property
    void wholeDevicesAreDistinctFreeDevices(@ForAll @IntRange(min = 0, max = 8) int n,
            @ForAll("wholeRequests") List<Integer> requests, @ForAll long seed) {
        DeviceAllocator allocator = DeviceAllocator.wholeDevices("cuda", DEVICE);
        List<Device> gpus = devices(DEVICE, BigDecimal.ONE, n);
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (int r : requests) {
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            Map<String, BigDecimal> used = usedPerDevice(held, DEVICE);
            long free = n - used.size();
            Optional<Allocation> result = allocator.allocate(gpus, ResourceSlots.EMPTY.with(DEVICE, Amount.of(r)), held);
            assertEquals(free >= r, result.isPresent(), () -> r + " of " + free + " free");
            result.ifPresent(a -> {
                assertEquals(r, a.perDevice().size());
                a.perDevice().forEach((id, s) -> {
                    assertEquals(Amount.of(1), s.get(DEVICE));
                    assertTrue(!used.containsKey(id), () -> id + " was taken already");
                });
                held.add(a);
            });
            usedPerDevice(held, DEVICE).values().forEach(u -> assertEquals(0, u.compareTo(BigDecimal.ONE)));
        }
    }

    @Provide
    Arbitrary<List<Integer>> wholeRequests() {
        return Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(20);
    }

    /**
     * Releasing an allocation and asking again for its total always fits (devices of equal
     * capacity), and with nothing else changed gives the same allocation back.
     */
    @Property
    void releaseThenAllocateIsConsistent(@ForAll("shareRequests") List<BigDecimal> requests,
            @ForAll("strategies") Strategy strategy, @ForAll("sharesPerDevice") BigDecimal capacity,
            @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
        DeviceAllocator allocator = DeviceAllocator.fractional("cuda", SHARES, Q, strategy);
        List<Device> gpus = devices(SHARES, capacity, n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            allocator.allocate(gpus, shares(r), held).ifPresent(held::add);
        }
        if (held.isEmpty()) {
            return;
        }
        Allocation last = held.remove(held.size() - 1);
        assertEquals(Optional.of(last), allocator.allocate(gpus, last.total(), held), "the last one comes back unchanged");
        held.add(last);
        Allocation any = held.remove(new Random(seed).nextInt(held.size()));
        Optional<Allocation> again = allocator.allocate(gpus, any.total(), held);
        assertTrue(again.isPresent(), "released " + any + " but it no longer fits");
        assertEquals(any.total(), again.get().total());
    }
}
