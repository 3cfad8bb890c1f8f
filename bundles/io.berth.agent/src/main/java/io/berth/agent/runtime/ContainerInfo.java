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
 * @param exitCode         the exit code of the container's main process once it has exited
 *                         ({@code exited} or {@code dead}), {@code null} otherwise or when unknown
 */
public record ContainerInfo(String kernelId, String containerId, String state, long memoryLimitBytes,
        long nanoCpus, Map<String, String> labels, Instant createdAt, Integer exitCode) {

    public ContainerInfo {
        Objects.requireNonNull(kernelId, "kernelId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(state, "state");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A container whose exit code is not known (or that has not exited). */
    public ContainerInfo(String kernelId, String containerId, String state, long memoryLimitBytes, long nanoCpus,
            Map<String, String> labels, Instant createdAt) {
        this(kernelId, containerId, state, memoryLimitBytes, nanoCpus, labels, createdAt, null);
    }

    /** @return whether the container's main process has ended ({@code exited} or {@code dead}) */
    public boolean ended() {
        return "exited".equals(state) || "dead".equals(state);
    }

    /** @return whether the container is running (or paused or restarting, which also hold resources) */
    public boolean running() {
        return "running".equals(state) || "paused".equals(state) || "restarting".equals(state);
    }
}
