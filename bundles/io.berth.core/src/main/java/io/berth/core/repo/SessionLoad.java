package io.berth.core.repo;

import io.berth.core.session.SessionStatus;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;

/**
 * The few columns of a live (not final) session the dispatcher needs to count occupancy and limits per
 * keypair, user, project and domain.
 */
public record SessionLoad(String id, String accessKey, String userId, String projectId, String domain,
        String resourceGroup, SessionStatus status, ResourceSlots requested, Instant createdAt) {
}
