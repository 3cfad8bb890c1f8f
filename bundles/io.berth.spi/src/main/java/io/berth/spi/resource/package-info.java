/**
 * Resource slots: named, exact amounts of the resources a session requests and an agent or a
 * resource group offers (for example {@code cpu=4 mem=8g cuda.shares=0.5}).
 *
 * <p>{@link io.berth.spi.resource.Amount} is one exact amount (or infinity),
 * {@link io.berth.spi.resource.ResourceSlots} an immutable map of slot name to amount with the
 * arithmetic and comparisons core and the scheduler plugins need, and
 * {@link io.berth.spi.resource.SlotProvider} the service through which plugins declare the slot
 * types they contribute. All types in this package are immutable and thread-safe and use the JDK
 * only.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.spi.resource;
