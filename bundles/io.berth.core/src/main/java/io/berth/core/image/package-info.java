/** Images and container registries (SPEC I1–I5). */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.image;
