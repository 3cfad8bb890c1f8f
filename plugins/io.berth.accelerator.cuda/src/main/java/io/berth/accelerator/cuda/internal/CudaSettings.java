package io.berth.accelerator.cuda.internal;

import io.berth.spi.accelerator.DeviceAllocator;
import io.berth.spi.accelerator.DeviceAllocator.Strategy;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * The plugin's configuration, checked.
 *
 * @param fractional      whether GPUs are divided into {@code cuda.shares} (else whole
 *                        {@code cuda.device}s)
 * @param strategy        how fractional requests choose a GPU
 * @param sharesPerDevice how many shares one GPU has; a positive multiple of 0.01, at most 256
 * @param nvidiaSmi       the {@code nvidia-smi} program: a path or a name on the {@code PATH}
 */
record CudaSettings(boolean fractional, Strategy strategy, BigDecimal sharesPerDevice, String nvidiaSmi) {

    static final BigDecimal QUANTUM = new BigDecimal("0.01");
    static final BigDecimal MAX_SHARES = BigDecimal.valueOf(256);

    CudaSettings {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(sharesPerDevice, "sharesPerDevice");
        if (sharesPerDevice.compareTo(QUANTUM) < 0 || sharesPerDevice.compareTo(MAX_SHARES) > 0
                || sharesPerDevice.remainder(QUANTUM).signum() != 0) {
            throw new IllegalArgumentException("shares_per_device must be a multiple of 0.01 from 0.01 to 256, not "
                    + sharesPerDevice.toPlainString());
        }
        sharesPerDevice = sharesPerDevice.stripTrailingZeros();
        if (Objects.requireNonNull(nvidiaSmi, "nvidiaSmi").isBlank()) {
            throw new IllegalArgumentException("nvidia_smi must name the nvidia-smi program");
        }
    }

    /**
     * Reads the configuration values as Configuration Admin delivers them.
     *
     * @throws IllegalArgumentException naming the property when a value is invalid
     */
    static CudaSettings of(String mode, String strategy, String sharesPerDevice, String nvidiaSmi) {
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
        String smi = nvidiaSmi == null || nvidiaSmi.isBlank() ? "nvidia-smi" : nvidiaSmi.strip();
        return new CudaSettings(fractional, s, shares, smi);
    }

    private static String text(String value, String ifBlank) {
        return value == null || value.isBlank() ? ifBlank : value.strip().toLowerCase(Locale.ROOT);
    }

    /** The slot GPUs are offered in. */
    String slot() {
        return fractional ? CudaAccelerator.SHARES : CudaAccelerator.DEVICE;
    }

    DeviceAllocator allocator() {
        return fractional ? DeviceAllocator.fractional(CudaAccelerator.KEY, CudaAccelerator.SHARES, QUANTUM, strategy)
                : DeviceAllocator.wholeDevices(CudaAccelerator.KEY, CudaAccelerator.DEVICE);
    }
}
