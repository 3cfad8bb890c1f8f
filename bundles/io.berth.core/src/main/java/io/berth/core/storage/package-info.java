/** Storage volumes, virtual folders, quotas and the model store (SPEC S1–S7). */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.storage;
