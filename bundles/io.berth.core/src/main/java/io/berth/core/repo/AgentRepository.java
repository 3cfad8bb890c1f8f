package io.berth.core.repo;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface AgentRepository {
    Optional<Agent> find(String id);

    void insert(Agent agent);

    /** Replaces every column of the agent. */
    void update(Agent agent);

    /** Sorted by id unless the page says otherwise ({@code id}, {@code first_contact}, {@code last_heartbeat}). */
    Page<Agent> list(AgentQuery query, PageRequest page);

    /** Ids of ALIVE agents whose last heartbeat is before {@code cutoff}. */
    List<String> aliveSince(Instant cutoff);

    /** Ids of agents not TERMINATED in the group (at most {@link Referrers#SAMPLE}) and their count. */
    Referrers inGroup(String resourceGroup);
}
