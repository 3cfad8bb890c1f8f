/** Agent nodes as the manager sees them (SPEC A1–A3): registration, heartbeats, liveness, schedulability. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.agent;
