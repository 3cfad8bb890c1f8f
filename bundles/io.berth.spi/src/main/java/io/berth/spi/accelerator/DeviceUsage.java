package io.berth.spi.accelerator;

/**
 * The live use of one device, as last measured.
 *
 * @param utilisationPercent how busy the device's compute units were, from 0 to 100
 * @param memoryUsedBytes    device memory in use, in bytes; not negative
 * @param memoryTotalBytes   device memory in total, in bytes; not negative (a driver may report
 *                           slightly more used than total memory, so the two are not compared)
 */
public record DeviceUsage(double utilisationPercent, long memoryUsedBytes, long memoryTotalBytes) {

    /**
     * Validates the components.
     *
     * @param utilisationPercent how busy the device's compute units were, from 0 to 100
     * @param memoryUsedBytes    device memory in use, in bytes
     * @param memoryTotalBytes   device memory in total, in bytes
     * @throws IllegalArgumentException when the utilisation is not between 0 and 100 (or NaN), or
     *                                  a byte count is negative
     */
    public DeviceUsage {
        if (!(utilisationPercent >= 0 && utilisationPercent <= 100)) {
            throw new IllegalArgumentException("utilisation must be between 0 and 100 percent: "
                    + utilisationPercent);
        }
        if (memoryUsedBytes < 0 || memoryTotalBytes < 0) {
            throw new IllegalArgumentException("memory figures must not be negative: used "
                    + memoryUsedBytes + ", total " + memoryTotalBytes);
        }
    }
}
