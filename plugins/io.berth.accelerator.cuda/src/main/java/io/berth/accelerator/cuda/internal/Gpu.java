package io.berth.accelerator.cuda.internal;

/**
 * One GPU as {@code nvidia-smi} reported it. Unknown figures ({@code [N/A]}, {@code [Not Supported]}
 * or unreadable) are -1.
 *
 * @param index          the driver's index (0, 1, …), which can change between boots
 * @param uuid           the stable id, e.g. {@code GPU-5f1c9e2a-…}
 * @param name           the product name
 * @param memoryTotalMiB total memory in MiB, or -1
 * @param memoryUsedMiB  memory in use in MiB, or -1
 * @param utilisation    GPU utilisation in percent (0–100), or -1
 */
record Gpu(int index, String uuid, String name, long memoryTotalMiB, long memoryUsedMiB, double utilisation) {
}
