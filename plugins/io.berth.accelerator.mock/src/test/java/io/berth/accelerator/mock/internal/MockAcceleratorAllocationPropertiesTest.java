package io.berth.accelerator.mock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.Allocation;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
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
 * The mock accelerator's allocations, as configured: never over a mock device's capacity,
 * deterministic, multiples of 0.01 shares, distinct whole devices, {@code pack} vs {@code spread},
 * consistent after releases, and its container settings name exactly the allocated devices.
 */
class MockAcceleratorAllocationPropertiesTest {

    static final BigDecimal Q = new BigDecimal("0.01");

    static Map<String, BigDecimal> used(List<Allocation> held, String slot) {
        Map<String, BigDecimal> used = new HashMap<>();
        held.forEach(a -> a.perDevice().forEach((id, s) -> used.merge(id, s.get(slot, Amount.ZERO).value(), BigDecimal::add)));
        return used;
    }

    static ResourceSlots shares(BigDecimal v) {
        return ResourceSlots.EMPTY.with("cuda.shares", Amount.of(v));
    }

    @Provide
    Arbitrary<List<BigDecimal>> requests() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 300).map(i -> BigDecimal.valueOf(i, 2)),
                Arbitraries.integers().between(1, 3000).map(i -> BigDecimal.valueOf(i, 3))).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> strategies() {
        return Arbitraries.of("pack", "spread");
    }

    @Provide
    Arbitrary<String> sharesPerDevice() {
        return Arbitraries.of("1", "2", "0.5", "1.25");
    }

    @Property
    void noMockDeviceOverCapacity(@ForAll("requests") List<BigDecimal> requests, @ForAll("strategies") String strategy,
            @ForAll("sharesPerDevice") String perDevice, @ForAll @IntRange(min = 0, max = 4) int n, @ForAll long seed) {
        MockAccelerator mock = new MockAccelerator(MockSettings.of(Integer.toString(n), "fractional", strategy, perDevice));
        BigDecimal capacity = new BigDecimal(perDevice);
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (BigDecimal r : requests) {
            if (!held.isEmpty() && random.nextInt(4) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            mock.allocate(shares(r), held).ifPresent(a -> {
                assertEquals(0, a.total().get("cuda.shares").value()
                        .compareTo(r.divide(Q, 0, RoundingMode.CEILING).multiply(Q)));
                a.perDevice().values().forEach(s -> assertEquals(0, s.get("cuda.shares").value().remainder(Q).signum()));
                held.add(a);
            });
            used(held, "cuda.shares").forEach((id, u) ->
                    assertTrue(u.compareTo(capacity) <= 0, () -> id + " holds " + u + " of " + capacity));
        }
    }

    @Property(tries = 300)
    void sameConfigurationSameAllocations(@ForAll("requests") List<BigDecimal> requests,
            @ForAll("strategies") String strategy, @ForAll @IntRange(min = 1, max = 4) int n) {
        MockAccelerator a = new MockAccelerator(MockSettings.of(Integer.toString(n), "fractional", strategy, "1"));
        MockAccelerator b = new MockAccelerator(MockSettings.of(Integer.toString(n), "fractional", strategy, "1"));
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            Optional<Allocation> x = a.allocate(shares(r), held);
            assertEquals(x, b.allocate(shares(r), List.copyOf(held)));
            x.ifPresent(held::add);
        }
    }

    @Property
    void wholeMockDevicesAreDistinctAndNamedInTheEnvironment(@ForAll @IntRange(min = 0, max = 5) int n,
            @ForAll("wholeRequests") List<Integer> requests, @ForAll long seed) {
        MockAccelerator mock = new MockAccelerator(MockSettings.of(Integer.toString(n), "whole", "pack", "1"));
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (int r : requests) {
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            Map<String, BigDecimal> before = used(held, "cuda.device");
            Optional<Allocation> result = mock.allocate(ResourceSlots.EMPTY.with("cuda.device", Amount.of(r)), held);
            assertEquals(n - before.size() >= r, result.isPresent());
            result.ifPresent(a -> {
                assertEquals(r, a.perDevice().size());
                a.perDevice().keySet().forEach(id -> assertTrue(!before.containsKey(id), id));
                Map<String, String> env = mock.containerSettings(a).environment();
                assertEquals(String.join(",", a.perDevice().keySet()), env.get("BERTH_MOCK_DEVICES"));
                assertEquals(String.join(",", a.perDevice().keySet().stream().map(id -> id.substring("mock-gpu-".length())).toList()),
                        env.get("CUDA_VISIBLE_DEVICES"));
                held.add(a);
            });
        }
    }

    @Provide
    Arbitrary<List<Integer>> wholeRequests() {
        return Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(15);
    }

    @Property
    void packFillsAndSpreadSpreads(@ForAll("requests") List<BigDecimal> requests, @ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 1, max = 4) int n) {
        MockAccelerator mock = new MockAccelerator(MockSettings.of(Integer.toString(n), "fractional", strategy, "1"));
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            BigDecimal want = r.divide(Q, 0, RoundingMode.CEILING).multiply(Q);
            Map<String, BigDecimal> used = used(held, "cuda.shares");
            Optional<Allocation> result = mock.allocate(shares(r), held);
            if (want.compareTo(BigDecimal.ONE) <= 0 && result.isPresent()) {
                String chosen = result.get().perDevice().keySet().iterator().next();
                BigDecimal chosenLeft = BigDecimal.ONE.subtract(used.getOrDefault(chosen, BigDecimal.ZERO));
                mock.devices().forEach(d -> {
                    BigDecimal left = BigDecimal.ONE.subtract(used.getOrDefault(d.id(), BigDecimal.ZERO));
                    if (left.compareTo(want) >= 0) {
                        int c = left.compareTo(chosenLeft);
                        assertTrue(strategy.equals("pack") ? c >= 0 : c <= 0, () -> strategy + " chose " + chosen);
                    }
                });
            }
            result.ifPresent(held::add);
        }
    }

    @Property
    void aReleasedRequestFitsAgain(@ForAll("requests") List<BigDecimal> requests, @ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        MockAccelerator mock = new MockAccelerator(MockSettings.of(Integer.toString(n), "fractional", strategy, "1"));
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            mock.allocate(shares(r), held).ifPresent(held::add);
        }
        if (held.isEmpty()) {
            return;
        }
        Allocation released = held.remove(new Random(seed).nextInt(held.size()));
        Optional<Allocation> again = mock.allocate(released.total(), held);
        assertTrue(again.isPresent(), () -> "released " + released + " but it does not fit again");
        assertEquals(released.total(), again.get().total());
    }
}
