/**
 * Accelerator plugins: GPUs and similar devices that sessions request through resource slots.
 *
 * <p>An accelerator plugin registers one {@link io.berth.spi.accelerator.AcceleratorPlugin}
 * service on each agent host. It declares the slots it offers (for example {@code cuda.device} for
 * whole GPUs or {@code cuda.shares} for fractions of GPUs), lists the host's
 * {@link io.berth.spi.accelerator.Device devices} and their
 * {@link io.berth.spi.accelerator.DeviceUsage usage}, decides which devices serve a request (an
 * {@link io.berth.spi.accelerator.Allocation}) and says what a container needs to use them
 * ({@link io.berth.spi.accelerator.ContainerSettings}: Docker device requests, environment
 * variables, device nodes, mounts).
 *
 * <p>{@link io.berth.spi.accelerator.DeviceAllocator} is a ready-made, pure allocation algorithm
 * (whole devices, or fractions of devices with a {@code pack} or {@code spread} strategy) that
 * plugins may use so that every plugin places requests the same, deterministic way.
 *
 * <p>All types here are immutable and thread-safe and use the JDK and
 * {@link io.berth.spi.resource} only.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.spi.accelerator;
