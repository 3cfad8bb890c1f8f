/**
 * The agent's container runtime: what the agent (and the commands it receives from the manager) use
 * to run a session's kernels as containers on this host.
 *
 * <p>{@link io.berth.agent.runtime.ContainerRuntime} is registered as an OSGi service by the agent
 * bundle; {@link io.berth.agent.runtime.ContainerSpec} describes a container to create and
 * {@link io.berth.agent.runtime.ContainerInfo} what Docker reports about one, {@link io.berth.agent.runtime.ImageInfo}
 * about a local image. Containers are keyed by
 * kernel id, so every operation is idempotent and a retry after a lost reply does no harm.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.berth.agent.runtime;
