package io.berth.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads a Docker container's CPU time from its cgroup: cheap (one small file) where dockerd runs on
 * this host with the default cgroup parent. Knows cgroup v1 ({@code cpuacct.usage}) and v2
 * ({@code cpu.stat} {@code usage_usec}), with the cgroupfs and the systemd drivers.
 */
final class CgroupCpu {
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,128}");

    private CgroupCpu() {
    }

    /**
     * @param root        where the cgroup file systems are mounted, normally {@code /sys/fs/cgroup}
     * @param containerId Docker's full container id
     * @return the CPU time used so far in nanoseconds, or empty when no cgroup file is found or read
     */
    static OptionalLong usageNanos(Path root, String containerId) {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            return OptionalLong.empty();
        }
        for (String dir : List.of("cpuacct", "cpu,cpuacct", "cpu")) {
            for (String group : List.of("docker/" + containerId, "system.slice/docker-" + containerId + ".scope")) {
                OptionalLong v1 = read(root.resolve(dir).resolve(group).resolve("cpuacct.usage"), null);
                if (v1.isPresent()) {
                    return v1;
                }
            }
        }
        for (String group : List.of("docker/" + containerId, "system.slice/docker-" + containerId + ".scope")) {
            OptionalLong v2 = read(root.resolve(group).resolve("cpu.stat"), "usage_usec");
            if (v2.isPresent()) {
                return OptionalLong.of(v2.getAsLong() * 1000);
            }
        }
        return OptionalLong.empty();
    }

    /** The file's single number, or the value of the {@code key} line. */
    private static OptionalLong read(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (key == null && parts.length == 1 && !parts[0].isEmpty()) {
                    return OptionalLong.of(Long.parseLong(parts[0]));
                }
                if (key != null && parts.length == 2 && parts[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the container went away, or an unexpected format: unknown
        }
        return OptionalLong.empty();
    }
}
