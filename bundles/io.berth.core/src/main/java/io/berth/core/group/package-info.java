/** Resource groups (SPEC A4): sets of agents with their scheduler, and who may use them. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.core.group;
