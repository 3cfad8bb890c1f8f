package io.berth.core.testing;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.spi.resource.ResourceSlots;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentStatus;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.Referrers;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Agents by id; counts its reads so that tests can hold the heartbeat to one. What the manager allocated on
 * each agent lives in a second table, so that a rolled back transaction restores it as a database would.
 */
public final class FakeAgentRepository extends FakeTable<Agent> implements AgentRepository {
    /** The allocation columns of the agents: allocated slots and their version, under the agent's id. */
    public static final class Allocations extends FakeTable<AgentCapacity> {
        Allocations(FakeUnitOfWork tx) {
            super("agent_allocations", tx);
        }
    }

    private int reads;
    public final Allocations allocations;
    private final java.util.Deque<Runnable> beforeAllocate = new java.util.ArrayDeque<>();
    private int refusedAllocations;

    public FakeAgentRepository(FakeUnitOfWork tx) {
        super("agents", tx);
        this.allocations = new Allocations(tx);
    }

    /**
     * Runs {@code r} once, at the start of the next {@link #allocate} call (before its version check), e.g. to
     * let a concurrent writer change an allocation between a read and a compare-and-set.
     */
    public synchronized void beforeNextAllocate(Runnable r) {
        beforeAllocate.add(r);
    }

    /** How many {@link #allocate} calls were refused because the version had moved on. */
    public int refusedAllocations() {
        return refusedAllocations;
    }

    /** The allocation version of the agent (0 when nothing was ever allocated). */
    public long allocationVersion(String agentId) {
        AgentCapacity c = allocations.get(agentId);
        return c == null ? 0 : c.version();
    }

    /** How many reads (find, list, aliveSince, inGroup) were made so far. */
    public int reads() {
        return reads;
    }

    @Override
    public Optional<Agent> find(String id) {
        reads++;
        return Optional.ofNullable(get(id));
    }

    @Override
    public void insert(Agent a) {
        write("insert", a.id(), a);
    }

    @Override
    public void update(Agent a) {
        write("update", a.id(), a);
    }

    @Override
    public Page<Agent> list(AgentQuery q, PageRequest page) {
        reads++;
        Comparator<Agent> byId = Comparator.comparing(Agent::id);
        Comparator<Agent> order = switch (page.orderBy() == null ? "id" : page.orderBy()) {
            case "id" -> byId;
            case "first_contact" -> Comparator.comparing(Agent::firstContact).thenComparing(byId);
            case "last_heartbeat" -> Comparator.comparing(Agent::lastHeartbeat).thenComparing(byId);
            default -> throw new IllegalArgumentException("unknown sort key " + page.orderBy());
        };
        return page(all().filter(a -> q.statuses() == null || q.statuses().contains(a.status()))
                .filter(a -> q.resourceGroup() == null || a.resourceGroup().equals(q.resourceGroup())), order, page);
    }

    @Override
    public List<String> aliveSince(Instant cutoff) {
        reads++;
        return all().filter(a -> a.status() == AgentStatus.ALIVE && a.lastHeartbeat().isBefore(cutoff))
                .map(Agent::id).sorted().toList();
    }

    @Override
    public Referrers inGroup(String resourceGroup) {
        reads++;
        return Fakes.referrers(all().filter(a -> a.status() != AgentStatus.TERMINATED)
                .filter(a -> a.resourceGroup().equals(resourceGroup)).map(Agent::id).sorted()
                .map(id -> "agent " + id).toList());
    }

    @Override
    public List<AgentCapacity> capacities(String resourceGroup) {
        reads++;
        return all().filter(a -> a.status() == AgentStatus.ALIVE && a.schedulable())
                .filter(a -> resourceGroup == null || a.resourceGroup().equals(resourceGroup))
                .sorted(Comparator.comparing(Agent::id)).map(this::capacity).toList();
    }

    @Override
    public List<AgentCapacity> allCapacities() {
        reads++;
        return all().filter(a -> a.status() != AgentStatus.TERMINATED).sorted(Comparator.comparing(Agent::id))
                .map(this::capacity).toList();
    }

    @Override
    public synchronized boolean allocate(String agentId, long expectedVersion, ResourceSlots allocated) {
        Runnable hook = beforeAllocate.poll();
        if (hook != null) {
            hook.run();
        }
        if (get(agentId) == null) {
            return false;
        }
        AgentCapacity now = capacity(get(agentId));
        if (now.version() != expectedVersion) {
            refusedAllocations++;
            return false;
        }
        if (tx.currentTransaction() == 0) {
            throw new IllegalStateException("agents.allocate(" + agentId + ") outside a transaction");
        }
        AgentCapacity next = new AgentCapacity(agentId, null, null, null, false, null, allocated,
                expectedVersion + 1);
        allocations.write(allocations.get(agentId) == null ? "insert" : "update", agentId, next);
        tx.log("agents", "allocate", agentId);
        return true;
    }

    /** What the manager has placed on the agent (empty when nothing). */
    public ResourceSlots allocated(String agentId) {
        AgentCapacity c = allocations.get(agentId);
        return c == null ? ResourceSlots.EMPTY : c.allocated();
    }

    private AgentCapacity capacity(Agent a) {
        AgentCapacity c = allocations.get(a.id());
        return new AgentCapacity(a.id(), a.resourceGroup(), a.architecture(), a.status(), a.schedulable(),
                a.availableSlots(), c == null ? ResourceSlots.EMPTY : c.allocated(), c == null ? 0 : c.version());
    }
}
