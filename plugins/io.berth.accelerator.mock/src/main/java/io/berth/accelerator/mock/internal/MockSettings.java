package io.berth.accelerator.mock.internal;

import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceAllocator;
import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotFormatException;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The mock's configuration, checked, with the fake devices it describes.
 *
 * @param devices         the fake devices, in configuration order; their {@code index} attribute is
 *                        their position
 * @param fractional      whether devices are divided into {@code cuda.shares} (else whole
 *                        {@code cuda.device}s)
 * @param strategy        how fractional requests choose a device
 * @param sharesPerDevice how many shares one device has; a positive multiple of 0.01, at most 256
 */
record MockSettings(List<Device> devices, boolean fractional, Strategy strategy, BigDecimal sharesPerDevice) {

    static final BigDecimal QUANTUM = new BigDecimal("0.01");
    static final BigDecimal MAX_SHARES = BigDecimal.valueOf(256);
    /** The most devices the mock makes up. */
    static final int MAX_DEVICES = 64;
    /** Memory of a device given without a size. */
    static final long DEFAULT_MEMORY = 16L << 30;
    static final String MODEL = "Berth mock GPU";

    MockSettings {
        devices = List.copyOf(devices);
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(sharesPerDevice, "sharesPerDevice");
    }

    /**
     * Reads the configuration values as Configuration Admin delivers them.
     *
     * @param devices a count ({@code 2}: {@code mock-gpu-0} and {@code mock-gpu-1} with 16 GiB each)
     *                or a comma-separated list of {@code id} or {@code id:memory}
     *                ({@code mock-gpu-0:16g,mock-gpu-1:80g}); empty for none
     * @throws IllegalArgumentException naming the property when a value is invalid
     */
    static MockSettings of(String devices, String mode, String strategy, String sharesPerDevice) {
        boolean fractional = switch (text(mode, "whole")) {
            case "whole" -> false;
            case "fractional" -> true;
            default -> throw new IllegalArgumentException("mode must be whole or fractional, not '" + mode + "'");
        };
        Strategy s = switch (text(strategy, "pack")) {
            case "pack" -> Strategy.PACK;
            case "spread" -> Strategy.SPREAD;
            default -> throw new IllegalArgumentException("strategy must be pack or spread, not '" + strategy + "'");
        };
        BigDecimal shares;
        try {
            shares = new BigDecimal(text(sharesPerDevice, "1"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shares_per_device must be a number such as 1 or 0.5, not '"
                    + sharesPerDevice + "'");
        }
        if (shares.compareTo(QUANTUM) < 0 || shares.compareTo(MAX_SHARES) > 0 || shares.remainder(QUANTUM).signum() != 0) {
            throw new IllegalArgumentException("shares_per_device must be a multiple of 0.01 from 0.01 to 256, not "
                    + shares.toPlainString());
        }
        shares = shares.stripTrailingZeros();
        ResourceSlots capacity = ResourceSlots.EMPTY.with(fractional ? MockAccelerator.SHARES : MockAccelerator.DEVICE,
                fractional ? Amount.of(shares) : Amount.of(1));
        return new MockSettings(devices(devices == null ? "" : devices.strip(), capacity), fractional, s, shares);
    }

    private static List<Device> devices(String spec, ResourceSlots capacity) {
        List<Device> out = new ArrayList<>();
        if (spec.isEmpty()) {
            return out;
        }
        if (spec.chars().allMatch(Character::isDigit)) {
            int n = spec.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(spec);
            checkCount(n);
            for (int i = 0; i < n; i++) {
                out.add(device("mock-gpu-" + i, i, DEFAULT_MEMORY, capacity));
            }
            return out;
        }
        String[] entries = spec.split(",", -1);
        checkCount(entries.length);
        Set<String> ids = new HashSet<>();
        for (String entry : entries) {
            String e = entry.strip();
            int colon = e.indexOf(':');
            String id = colon < 0 ? e : e.substring(0, colon).strip();
            long memory = DEFAULT_MEMORY;
            if (colon >= 0) {
                try {
                    memory = Amount.parse(e.substring(colon + 1), SlotKind.BYTES, null).value().longValueExact();
                } catch (SlotFormatException | ArithmeticException | IllegalStateException ex) {
                    throw new IllegalArgumentException("devices: the memory of '" + e + "' is not a size such as 16g");
                }
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("devices: '" + id + "' appears twice");
            }
            try {
                out.add(device(id, out.size(), memory, capacity));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("devices: " + ex.getMessage());
            }
        }
        return out;
    }

    private static void checkCount(int n) {
        if (n > MAX_DEVICES) {
            throw new IllegalArgumentException("devices: at most " + MAX_DEVICES + " mock devices");
        }
    }

    private static Device device(String id, int index, long memory, ResourceSlots capacity) {
        return new Device(id, MODEL, capacity, memory, Map.of("index", Integer.toString(index)));
    }

    private static String text(String value, String ifBlank) {
        return value == null || value.isBlank() ? ifBlank : value.strip().toLowerCase(Locale.ROOT);
    }

    DeviceAllocator allocator() {
        return fractional ? DeviceAllocator.fractional(MockAccelerator.KEY, MockAccelerator.SHARES, QUANTUM, strategy)
                : DeviceAllocator.wholeDevices(MockAccelerator.KEY, MockAccelerator.DEVICE);
    }
}
