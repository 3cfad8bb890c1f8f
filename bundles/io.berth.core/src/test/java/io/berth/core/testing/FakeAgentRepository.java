package io.berth.core.testing;

import io.berth.core.agent.Agent;
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

/** Agents by id; counts its reads so that tests can hold the heartbeat to one. */
public final class FakeAgentRepository extends FakeTable<Agent> implements AgentRepository {
    private int reads;

    public FakeAgentRepository(FakeUnitOfWork tx) {
        super("agents", tx);
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
}
