package io.berth.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a client asks for when it creates a session (SPEC C1), as given: core validates every field and
 * names it in errors. {@code resources} are per container, raw (numbers or {@code "8g"}); or
 * {@code preset} names a resource preset (then {@code resources} must be absent). {@code project}
 * is a project id or name of the caller's domain; {@code null} uses the caller's only project or the
 * domain's {@code default}. {@code type} is interactive/batch/inference (default interactive);
 * {@code clusterMode} single-node/multi-node (default single-node). {@code startupCommand} is required
 * for batch sessions. {@code dependencies} are ids of sessions that must have terminated successfully
 * first; {@code startsAt} a reserved start time. {@code architecture} defaults to any.
 */
public record SessionInput(String name, String image, String type, Map<String, ?> resources, String preset,
        String resourceGroup, String project, Integer clusterSize, String clusterMode,
        Map<String, String> environment, List<String> mounts, String startupCommand, Integer priority,
        List<String> dependencies, Instant startsAt, String architecture) {
}
