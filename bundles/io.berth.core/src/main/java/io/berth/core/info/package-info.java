/** System information (SPEC Y3), computed from the running framework. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.info;
