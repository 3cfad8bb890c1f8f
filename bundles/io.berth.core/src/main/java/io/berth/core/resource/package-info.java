/**
 * Resource policies (SPEC P1–P5), resource presets (A5) and the registry of resource slot types.
 * Slot amounts themselves are {@link io.berth.spi.resource.ResourceSlots}, shared with plugins.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.resource;
