/** System settings (SPEC Y1) and the audit trail of their changes. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.settings;
