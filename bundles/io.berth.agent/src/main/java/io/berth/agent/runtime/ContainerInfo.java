package io.berth.agent.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A kernel's container as Docker reports it.
 *
 * @param kernelId         the kernel (from the {@value ContainerRuntime#KERNEL_LABEL} label)
 * @param containerId      Docker's container id
 * @param state            Docker's state: {@code created}, {@code running}, {@code paused},
 *                         {@code restarting}, {@code exited}, {@code removing} or {@code dead}
 * @param memoryLimitBytes the memory limit, 0 for none
 * @param nanoCpus         the CPU limit in units of 10<sup>-9</sup> CPUs, 0 for none
 * @param labels           all labels of the container; copied
 * @param createdAt        when Docker created it
 */
public record ContainerInfo(String kernelId, String containerId, String state, long memoryLimitBytes,
        long nanoCpus, Map<String, String> labels, Instant createdAt) {

    public ContainerInfo {
        Objects.requireNonNull(kernelId, "kernelId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(state, "state");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return whether the container is running (or paused or restarting, which also hold resources) */
    public boolean running() {
        return "running".equals(state) || "paused".equals(state) || "restarting".equals(state);
    }
}
