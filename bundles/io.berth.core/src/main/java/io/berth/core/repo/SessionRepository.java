package io.berth.core.repo;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sessions with their kernels and status history. Sessions are written whole (with their kernels) and
 * guarded by {@link Session#version()}: an update applies only on the version it was computed from.
 */
@ConsumerType
public interface SessionRepository {
    /** Stores a new session with its kernels and the first history entry. */
    void insert(Session session, StatusChange first);

    /** The session with its kernels ordered by index. */
    Optional<Session> find(String id);

    /** The session that owns kernel {@code kernelId}. */
    Optional<Session> findByKernel(String kernelId);

    /**
     * Replaces the session's columns and its kernels' columns when the stored version is
     * {@code session.version() - 1}, and appends {@code change} to the history when it is not
     * {@code null}.
     *
     * @return false (and nothing written) when the stored version differs or the session is gone
     */
    boolean update(Session session, StatusChange change);

    /** Oldest first. */
    List<StatusChange> history(String sessionId);

    /**
     * Sorted by creation time, newest first unless the page says otherwise ({@code created_at},
     * {@code name}, {@code status}).
     */
    Page<Session> list(SessionQuery query, PageRequest page);

    /** Every matching session oldest first, read in chunks so memory stays constant. */
    void forEach(SessionQuery query, Consumer<Session> each);

    /** PENDING sessions of the group, oldest first, at most {@code limit}. */
    List<Session> pending(String resourceGroup, int limit);

    /** Names of the groups that have PENDING sessions. */
    List<String> groupsWithPending();

    /** Every session not in a final status, compactly. */
    List<SessionLoad> live();

    /** Sessions not in a final status, full; for the lifetime checks. */
    List<Session> notFinal(int limit);

    /** Sessions that have a kernel on the agent in a status that holds resources (SCHEDULED … TERMINATING). */
    List<Session> withKernelsOn(String agentId);

    /** The statuses of the given sessions; absent ids are missing from the map. */
    Map<String, SessionStatus> statuses(Collection<String> ids);

    /** How many sessions were ever created with the access key (SPEC K3). */
    long countByAccessKey(String accessKey);
}
