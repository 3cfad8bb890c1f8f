package io.berth.core.repo;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.spi.resource.ResourceSlots;
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

    /**
     * Dispatcher view of the ALIVE, schedulable agents of the group (all groups when {@code null}),
     * sorted by id.
     */
    List<AgentCapacity> capacities(String resourceGroup);

    /** Dispatcher view of one agent, whatever its status. */
    default Optional<AgentCapacity> capacity(String agentId) {
        return allCapacities().stream().filter(c -> c.id().equals(agentId)).findFirst();
    }

    /** Dispatcher view of every agent that is not TERMINATED, for recalculation; sorted by id. */
    List<AgentCapacity> allCapacities();

    /**
     * Sets the agent's allocated slots when its allocation version is {@code expectedVersion}, and
     * raises the version by one. Heartbeats never touch these columns.
     *
     * @return false (nothing written) when the version differs or the agent is unknown
     */
    boolean allocate(String agentId, long expectedVersion, ResourceSlots allocated);
}
