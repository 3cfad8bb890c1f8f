/** Compute sessions and their scheduling (SPEC C1–C7, A5 check presets, Y2 recalculate usage). */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.session;
