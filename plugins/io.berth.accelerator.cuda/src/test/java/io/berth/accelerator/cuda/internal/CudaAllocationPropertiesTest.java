package io.berth.accelerator.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.Device;
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
 * The {@code cuda} plugin's allocations, as configured: never over a GPU's capacity, deterministic,
 * multiples of 0.01 shares, distinct whole GPUs, {@code pack} vs {@code spread}, and consistent
 * after releases.
 */
class CudaAllocationPropertiesTest {

    static final BigDecimal Q = new BigDecimal("0.01");

    static List<Gpu> gpus(int n) {
        List<Gpu> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Gpu(i, "GPU-%08d-0000-0000-0000-000000000000".formatted(i), "NVIDIA H100", 81559, 0, 0));
        }
        return out;
    }

    static CudaAccelerator plugin(String mode, String strategy, String shares, int n) {
        return new CudaAccelerator(CudaSettings.of(mode, strategy, shares, "nvidia-smi"),
                () -> GpuSource.Result.ok(gpus(n)));
    }

    static Map<String, BigDecimal> used(List<Allocation> held, String slot) {
        Map<String, BigDecimal> used = new HashMap<>();
        held.forEach(a -> a.perDevice().forEach((id, s) -> used.merge(id, s.get(slot, Amount.ZERO).value(), BigDecimal::add)));
        return used;
    }

    static ResourceSlots shares(BigDecimal v) {
        return ResourceSlots.EMPTY.with("cuda.shares", Amount.of(v)).with("cpu", Amount.of(1));
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
    void noGpuOverCapacityAndSharesInHundredths(@ForAll("requests") List<BigDecimal> requests,
            @ForAll("strategies") String strategy, @ForAll("sharesPerDevice") String perDevice,
            @ForAll @IntRange(min = 0, max = 4) int n, @ForAll long seed) {
        CudaAccelerator cuda = plugin("fractional", strategy, perDevice, n);
        BigDecimal capacity = new BigDecimal(perDevice);
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (BigDecimal r : requests) {
            if (!held.isEmpty() && random.nextInt(4) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            cuda.allocate(shares(r), held).ifPresent(a -> {
                BigDecimal total = a.total().get("cuda.shares").value();
                assertEquals(0, total.compareTo(r.divide(Q, 0, RoundingMode.CEILING).multiply(Q)),
                        () -> r + " became " + total);
                a.perDevice().values().forEach(s -> assertEquals(0, s.get("cuda.shares").value().remainder(Q).signum()));
                held.add(a);
            });
            used(held, "cuda.shares").forEach((id, u) ->
                    assertTrue(u.compareTo(capacity) <= 0, () -> id + " holds " + u + " of " + capacity));
        }
    }

    @Property(tries = 300)
    void twoPluginsConfiguredAlikeAllocateAlike(@ForAll("requests") List<BigDecimal> requests,
            @ForAll("strategies") String strategy, @ForAll @IntRange(min = 1, max = 4) int n) {
        CudaAccelerator a = plugin("fractional", strategy, "1", n);
        CudaAccelerator b = plugin("fractional", strategy, "1", n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            Optional<Allocation> x = a.allocate(shares(r), held);
            assertEquals(x, b.allocate(shares(r), List.copyOf(held)));
            assertEquals(x, a.allocate(shares(r), held), "asking again changes nothing");
            x.ifPresent(held::add);
        }
    }

    @Property
    void wholeGpusAreDistinct(@ForAll @IntRange(min = 0, max = 4) int n,
            @ForAll("wholeRequests") List<Integer> requests, @ForAll long seed) {
        CudaAccelerator cuda = plugin("whole", "pack", "1", n);
        List<Allocation> held = new ArrayList<>();
        Random random = new Random(seed);
        for (int r : requests) {
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                held.remove(random.nextInt(held.size()));
            }
            Map<String, BigDecimal> before = used(held, "cuda.device");
            Optional<Allocation> result = cuda.allocate(ResourceSlots.EMPTY.with("cuda.device", Amount.of(r)), held);
            assertEquals(n - before.size() >= r, result.isPresent());
            result.ifPresent(a -> {
                assertEquals(r, a.perDevice().size());
                a.perDevice().keySet().forEach(id -> assertTrue(!before.containsKey(id), id));
                held.add(a);
            });
            used(held, "cuda.device").values().forEach(u -> assertEquals(0, u.compareTo(BigDecimal.ONE)));
        }
    }

    @Provide
    Arbitrary<List<Integer>> wholeRequests() {
        return Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(15);
    }

    /** A request one GPU can hold goes to the fullest (pack) or emptiest (spread) GPU that holds it. */
    @Property
    void packFillsAndSpreadSpreads(@ForAll("requests") List<BigDecimal> requests, @ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 1, max = 4) int n) {
        CudaAccelerator cuda = plugin("fractional", strategy, "1", n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            BigDecimal want = r.divide(Q, 0, RoundingMode.CEILING).multiply(Q);
            Map<String, BigDecimal> used = used(held, "cuda.shares");
            Optional<Allocation> result = cuda.allocate(shares(r), held);
            if (want.compareTo(BigDecimal.ONE) <= 0 && result.isPresent()) {
                String chosen = result.get().perDevice().keySet().iterator().next();
                BigDecimal chosenLeft = BigDecimal.ONE.subtract(used.getOrDefault(chosen, BigDecimal.ZERO));
                for (Device d : cuda.devices()) {
                    BigDecimal left = BigDecimal.ONE.subtract(used.getOrDefault(d.id(), BigDecimal.ZERO));
                    if (left.compareTo(want) >= 0) {
                        int c = left.compareTo(chosenLeft);
                        assertTrue(strategy.equals("pack") ? c >= 0 : c <= 0,
                                () -> strategy + " chose " + chosen + " (" + chosenLeft + " left) over " + d.id()
                                        + " (" + left + " left)");
                    }
                }
            }
            result.ifPresent(held::add);
        }
    }

    @Property
    void aReleasedRequestFitsAgain(@ForAll("requests") List<BigDecimal> requests, @ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        CudaAccelerator cuda = plugin("fractional", strategy, "1", n);
        List<Allocation> held = new ArrayList<>();
        for (BigDecimal r : requests) {
            cuda.allocate(shares(r), held).ifPresent(held::add);
        }
        if (held.isEmpty()) {
            return;
        }
        Allocation released = held.remove(new Random(seed).nextInt(held.size()));
        Optional<Allocation> again = cuda.allocate(released.total(), held);
        assertTrue(again.isPresent(), () -> "released " + released + " but it does not fit again");
        assertEquals(released.total(), again.get().total());
    }
}
