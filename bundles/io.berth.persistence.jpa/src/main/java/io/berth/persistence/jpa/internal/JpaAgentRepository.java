package io.berth.persistence.jpa.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentStatus;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.Referrers;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.persistence.EntityManager;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

/**
 * {@link AgentRepository} over the {@code agents} table.
 *
 * <p><b>Heartbeats.</b> {@link #update} is the heartbeat path (every agent every few seconds): it is one
 * bulk JPQL {@code UPDATE ... WHERE id = ?} that sets every column, with no read before it. So that such a
 * statement can never leave a stale copy in a persistence context, this repository detaches every
 * {@link AgentEntity} it loads or persists as soon as it has turned it into a record: a later read in the
 * same unit of work goes to the database and sees the update.
 *
 * <p><b>Allocation.</b> What the manager has placed on an agent ({@code allocated_slots}) and its version
 * are written only by {@link #allocate}, a compare-and-set on the version; {@link #update} does not name
 * those columns and the entity maps them read only.
 *
 * <p>Text columns are checked against their lengths ({@link io.berth.core.error.ValidationException}
 * naming the column); the status is stored by its constant name.
 */
final class JpaAgentRepository implements AgentRepository {
    private static final Lists.Sorting SORTING = new Lists.Sorting(
            Map.of("id", "id", "first_contact", "firstContact", "last_heartbeat", "lastHeartbeat"), "id", "id");

    static final int MAX_ID = 64;
    static final int MAX_STATUS_REASON = 256;
    static final int MAX_TEXT = 128;

    private static final String UPDATE = "UPDATE AgentEntity a SET a.status = :status,"
            + " a.statusReason = :statusReason, a.region = :region, a.architecture = :architecture,"
            + " a.version = :version, a.address = :address, a.resourceGroup = :resourceGroup,"
            + " a.schedulable = :schedulable, a.availableSlots = :availableSlots,"
            + " a.occupiedSlots = :occupiedSlots, a.cpuPercent = :cpuPercent,"
            + " a.memoryUsedBytes = :memoryUsedBytes, a.containerCount = :containerCount, a.devices = :devices,"
            + " a.firstContact = :firstContact, a.lastHeartbeat = :lastHeartbeat,"
            + " a.statusChangedAt = :statusChangedAt WHERE a.id = :id";
    private static final String ALIVE_SINCE = "SELECT a.id FROM AgentEntity a WHERE a.status = :status"
            + " AND a.lastHeartbeat < :cutoff ORDER BY a.id";
    private static final String NOT_TERMINATED_IN_GROUP = " FROM AgentEntity a WHERE a.resourceGroup = :name"
            + " AND a.status <> '" + AgentStatus.TERMINATED.name() + "'";

    private static final String CAPACITIES = "SELECT a FROM AgentEntity a WHERE a.status = :status"
            + " AND a.schedulable = :schedulable";
    private static final String NOT_TERMINATED = "SELECT a FROM AgentEntity a WHERE a.status <> :status"
            + " ORDER BY a.id";
    /** Native: the columns are read only in the entity mapping. */
    private static final String ALLOCATE = "UPDATE agents SET allocated_slots = ?,"
            + " allocation_version = allocation_version + 1 WHERE id = ? AND allocation_version = ?";

    private final JpaUnitOfWork tx;

    JpaAgentRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Agent> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(AgentEntity.class, id)).map(e -> detached(em, e)));
    }

    @Override
    public void insert(Agent agent) {
        AgentEntity e = new AgentEntity(Columns.checkLength(agent.id(), MAX_ID, "id"));
        copy(agent, e);
        tx.write("id", em -> {
            em.persist(e);
            em.flush();
            em.detach(e);
            return null;
        });
    }

    /**
     * Replaces every column of the agent with one {@code UPDATE} statement by primary key.
     *
     * @throws NotFoundException when no agent has the record's id
     */
    @Override
    public void update(Agent agent) {
        AgentEntity e = new AgentEntity(agent.id());
        copy(agent, e);
        int updated = tx.write("id", em -> {
            Query q = em.createQuery(UPDATE).setParameter("status", e.status)
                    .setParameter("statusReason", e.statusReason).setParameter("region", e.region)
                    .setParameter("architecture", e.architecture).setParameter("version", e.version)
                    .setParameter("address", e.address).setParameter("resourceGroup", e.resourceGroup)
                    .setParameter("schedulable", e.schedulable).setParameter("availableSlots", e.availableSlots)
                    .setParameter("occupiedSlots", e.occupiedSlots).setParameter("cpuPercent", e.cpuPercent)
                    .setParameter("memoryUsedBytes", e.memoryUsedBytes)
                    .setParameter("containerCount", e.containerCount).setParameter("devices", e.devices)
                    .setParameter("firstContact", e.firstContact).setParameter("lastHeartbeat", e.lastHeartbeat)
                    .setParameter("statusChangedAt", e.statusChangedAt).setParameter("id", e.id);
            return q.executeUpdate();
        });
        if (updated == 0) {
            throw new NotFoundException("no agent '" + agent.id() + "'", "id");
        }
    }

    /**
     * Agents matching the query: an empty status set matches none. Sorted by {@code id} (default),
     * {@code first_contact} or {@code last_heartbeat}, then by id.
     */
    @Override
    public Page<Agent> list(AgentQuery query, PageRequest page) {
        AgentQuery q = query == null ? AgentQuery.ALL : query;
        SORTING.attribute(page); // an unknown sort key is invalid even when nothing matches
        if (q.statuses() != null && q.statuses().isEmpty()) {
            return new Page<>(List.of(), 0, page.offset(), page.limit());
        }
        return tx.read(em -> Lists.page(em, AgentEntity.class, where -> {
            if (q.statuses() != null) {
                where.in("status", q.statuses().stream().map(AgentStatus::name).sorted().toList());
            }
            if (q.resourceGroup() != null) {
                where.equal("resourceGroup", q.resourceGroup());
            }
        }, SORTING, page, rows -> rows.stream().map(e -> detached(em, e)).toList()));
    }

    /** Ids of ALIVE agents whose last heartbeat is strictly before {@code cutoff}, sorted. */
    @Override
    public List<String> aliveSince(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return tx.read(em -> em.createQuery(ALIVE_SINCE, String.class)
                .setParameter("status", AgentStatus.ALIVE.name())
                .setParameter("cutoff", Columns.timestamp(cutoff)).getResultList());
    }

    /** The first {@link Referrers#SAMPLE} ids (sorted) of agents in the group that are not TERMINATED. */
    @Override
    public Referrers inGroup(String resourceGroup) {
        if (resourceGroup == null) {
            return new Referrers(List.of(), 0);
        }
        return tx.read(em -> NamedRows.referrers(em, resourceGroup, "SELECT COUNT(a)" + NOT_TERMINATED_IN_GROUP,
                "SELECT a.id" + NOT_TERMINATED_IN_GROUP + " ORDER BY a.id", String.class, id -> id));
    }

    /** ALIVE and schedulable agents of the group, or of every group when it is null; sorted by id. */
    @Override
    public List<AgentCapacity> capacities(String resourceGroup) {
        return tx.read(em -> {
            TypedQuery<AgentEntity> q = em.createQuery(CAPACITIES
                    + (resourceGroup == null ? "" : " AND a.resourceGroup = :group") + " ORDER BY a.id",
                    AgentEntity.class).setParameter("status", AgentStatus.ALIVE.name())
                    .setParameter("schedulable", true);
            if (resourceGroup != null) {
                q.setParameter("group", resourceGroup);
            }
            return q.getResultList().stream().map(e -> capacity(em, e)).toList();
        });
    }

    /** Every agent that is not TERMINATED, whatever its group, status or schedulability; sorted by id. */
    @Override
    public List<AgentCapacity> allCapacities() {
        return tx.read(em -> em.createQuery(NOT_TERMINATED, AgentEntity.class)
                .setParameter("status", AgentStatus.TERMINATED.name()).getResultList().stream()
                .map(e -> capacity(em, e)).toList());
    }

    /**
     * One conditional {@code UPDATE} by id and allocation version: of two writers that read the same
     * version, the database lets exactly one change the row (the other waits for its row lock and then
     * finds the version changed).
     */
    @Override
    public boolean allocate(String agentId, long expectedVersion, ResourceSlots allocated) {
        if (agentId == null) {
            return false;
        }
        String text = Columns.slotsText(allocated, "allocated_slots");
        int updated = tx.write("id", em -> em.createNativeQuery(ALLOCATE).setParameter(1, text)
                .setParameter(2, agentId).setParameter(3, expectedVersion).executeUpdate());
        return updated == 1;
    }

    private static AgentCapacity capacity(EntityManager em, AgentEntity e) {
        em.detach(e);
        return new AgentCapacity(e.id, e.resourceGroup, e.architecture, status(e.status), e.schedulable,
                Columns.slots(e.availableSlots), Columns.slots(e.allocatedSlots), e.allocationVersion);
    }

    private static Agent detached(EntityManager em, AgentEntity e) {
        em.detach(e);
        return record(e);
    }

    private static void copy(Agent a, AgentEntity e) {
        e.status = Objects.requireNonNull(a.status(), "status").name();
        e.statusReason = Columns.checkLength(a.statusReason(), MAX_STATUS_REASON, "status_reason");
        e.region = Columns.checkLength(a.region(), MAX_TEXT, "region");
        e.architecture = Columns.checkLength(a.architecture(), MAX_TEXT, "architecture");
        e.version = Columns.checkLength(a.version(), MAX_TEXT, "version");
        e.address = Columns.checkLength(a.address(), MAX_TEXT, "address");
        e.resourceGroup = Columns.checkLength(a.resourceGroup(), MAX_ID, "resource_group");
        e.schedulable = a.schedulable();
        e.availableSlots = Columns.slotsText(a.availableSlots(), "available_slots");
        e.occupiedSlots = Columns.slotsText(a.occupiedSlots(), "occupied_slots");
        e.cpuPercent = a.cpuPercent();
        e.memoryUsedBytes = a.memoryUsedBytes();
        e.containerCount = a.containerCount();
        e.devices = Columns.devicesText(a.devices(), "devices");
        e.firstContact = Columns.timestamp(a.firstContact());
        e.lastHeartbeat = Columns.timestamp(a.lastHeartbeat());
        e.statusChangedAt = Columns.timestamp(a.statusChangedAt());
    }

    static Agent record(AgentEntity e) {
        return new Agent(e.id, status(e.status), e.statusReason, e.region, e.architecture, e.version, e.address,
                e.resourceGroup, e.schedulable, Columns.slots(e.availableSlots), Columns.slots(e.occupiedSlots),
                e.cpuPercent, e.memoryUsedBytes, e.containerCount, Columns.devices(e.devices),
                Columns.instant(e.firstContact), Columns.instant(e.lastHeartbeat),
                Columns.instant(e.statusChangedAt));
    }

    private static AgentStatus status(String name) {
        try {
            return AgentStatus.valueOf(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored agent status is unknown: '" + name + "'", e);
        }
    }
}
