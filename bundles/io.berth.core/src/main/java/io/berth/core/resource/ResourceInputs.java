package io.berth.core.resource;

import java.util.List;
import java.util.Map;

/**
 * Inputs of the resource policy service, as clients give them: slot maps and limits are raw (numbers or
 * text such as {@code "8g"} or {@code "inf"}) and core parses them, so every error names its field.
 * In the update records a {@code null} component means "leave as is".
 */
public final class ResourceInputs {
    private ResourceInputs() {
    }

    public record KeyPairPolicyInput(String name, String defaultForUnspecified, Map<String, ?> totalResourceSlots,
            Long maxSessionLifetime, Integer maxConcurrentSessions, Object maxPendingSessionCount,
            Map<String, ?> maxPendingSessionResourceSlots, Integer maxContainersPerSession, Long idleTimeout,
            List<String> allowedVfolderHosts) {
    }

    public record UserPolicyInput(String name, Object maxVfolderCount, Object maxQuotaScopeSize,
            Integer maxSessionCountPerModelSession, Object maxCustomizedImageCount) {
    }

    public record ProjectPolicyInput(String name, Object maxVfolderCount, Object maxQuotaScopeSize) {
    }

    /** {@code resourceGroup} "" clears the group on update. */
    public record PresetInput(String name, Map<String, ?> resourceSlots, Object sharedMemory, String resourceGroup) {
    }
}
