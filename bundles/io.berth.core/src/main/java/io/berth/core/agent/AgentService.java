package io.berth.core.agent;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Agents (SPEC A1–A3). The agent-facing methods take the agent token (shared between the manager and
 * its agents, compared in constant time) instead of a user; the admin-facing ones apply SPEC R3
 * (superadmins change, superadmins and monitors read).
 */
@ProviderType
public interface AgentService {
    /** Heartbeats are expected this often; an agent is LOST after {@link #heartbeatTimeout()}. */
    Duration heartbeatInterval();

    Duration heartbeatTimeout();

    /**
     * First contact or reconnect: creates the agent or refreshes it and makes it ALIVE (the
     * schedulable flag set by an admin is kept).
     */
    Agent register(String token, AgentReport report);

    /**
     * A heartbeat with the agent's full state; a LOST agent becomes ALIVE again.
     *
     * @throws io.berth.core.error.NotFoundException when the agent never registered (it registers again)
     */
    Agent heartbeat(String token, AgentReport report);

    /** A clean shutdown: the agent becomes TERMINATED and stays listed. */
    void goodbye(String token, String agentId);

    Page<Agent> list(Caller caller, AgentQuery query, PageRequest page);

    Agent get(Caller caller, String id);

    /** SPEC A2: a non-schedulable agent keeps its sessions but receives no new ones. */
    Agent setSchedulable(Caller caller, String id, boolean schedulable);

    /** Marks ALIVE agents whose last heartbeat is older than the timeout LOST; returns how many. */
    int markLost();
}
