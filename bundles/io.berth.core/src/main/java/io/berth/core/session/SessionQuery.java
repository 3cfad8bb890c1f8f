package io.berth.core.session;

import io.berth.core.group.SessionType;
import java.time.Instant;
import java.util.Set;

/**
 * Filters of a session list; {@code null} (or empty) means "any". {@code ownerEmail}, {@code accessKey},
 * {@code projectId} and {@code domain} narrow by owner; core adds the caller's own scope for
 * non-admins. {@code createdFrom} inclusive, {@code createdTo} exclusive.
 */
public record SessionQuery(Set<SessionStatus> statuses, String accessKey, String ownerEmail, String projectId,
        String domain, String resourceGroup, String agentId, SessionType type, String name, Instant createdFrom,
        Instant createdTo) {

    public static final SessionQuery ALL = new SessionQuery(null, null, null, null, null, null, null, null, null,
            null, null);

    public SessionQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public SessionQuery withDomain(String d) {
        return new SessionQuery(statuses, accessKey, ownerEmail, projectId, d, resourceGroup, agentId, type, name,
                createdFrom, createdTo);
    }

    public SessionQuery withAccessKey(String ak) {
        return new SessionQuery(statuses, ak, ownerEmail, projectId, domain, resourceGroup, agentId, type, name,
                createdFrom, createdTo);
    }

    public SessionQuery withStatuses(Set<SessionStatus> s) {
        return new SessionQuery(s, accessKey, ownerEmail, projectId, domain, resourceGroup, agentId, type, name,
                createdFrom, createdTo);
    }
}
