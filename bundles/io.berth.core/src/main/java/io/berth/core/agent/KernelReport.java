package io.berth.core.agent;

/**
 * What an agent says about one kernel. {@code state} is one of {@link State}; {@code containerId} once
 * it exists; {@code exitCode} and {@code logTail} (the end of its output, at most 64 KiB) when it has
 * exited or was destroyed; {@code reason} a short text for failures. {@code active}: the container used
 * CPU since the last report (drives the idle timeout).
 */
public record KernelReport(String kernelId, State state, String containerId, Integer exitCode, String reason,
        String logTail, boolean active) {

    public enum State {
        /** Accepted; the container is being created (image checks, devices). */
        PREPARING,
        /** The container runs. */
        RUNNING,
        /** The container exited by itself ({@code exitCode} set); it has been removed. */
        EXITED,
        /** The container was destroyed on the manager's order. */
        DESTROYED,
        /** It could not be created or started. */
        FAILED
    }
}
