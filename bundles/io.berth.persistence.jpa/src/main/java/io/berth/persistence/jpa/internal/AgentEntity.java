package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code agents}; see {@link io.berth.core.agent.Agent}. The status is the
 * {@link io.berth.core.agent.AgentStatus} constant name, the slot maps are JSON text
 * ({@link Columns#slotsText}), the devices the JSON text of {@link Columns#devicesText}.
 *
 * <p>The manager's allocation ({@code allocated_slots}, {@code allocation_version}) is mapped read only, so
 * that neither an insert nor any flush of an instance (however stale) can write it: heartbeats never
 * overwrite what the dispatcher has placed on an agent.
 *
 * <p>{@link JpaAgentRepository} detaches every instance it loads or persists, so no persistence context
 * holds a copy that its bulk {@code UPDATE} could make stale.
 */
@Entity
@Table(name = "agents")
class AgentEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "status")
    String status;

    @Column(name = "status_reason")
    String statusReason;

    @Column(name = "region")
    String region;

    @Column(name = "architecture")
    String architecture;

    @Column(name = "version")
    String version;

    @Column(name = "address")
    String address;

    @Column(name = "resource_group")
    String resourceGroup;

    @Column(name = "schedulable")
    boolean schedulable;

    @Column(name = "available_slots")
    String availableSlots;

    @Column(name = "occupied_slots")
    String occupiedSlots;

    @Column(name = "cpu_percent")
    double cpuPercent;

    @Column(name = "memory_used_bytes")
    long memoryUsedBytes;

    @Column(name = "container_count")
    int containerCount;

    @Column(name = "devices")
    String devices;

    @Column(name = "first_contact")
    Timestamp firstContact;

    @Column(name = "last_heartbeat")
    Timestamp lastHeartbeat;

    @Column(name = "status_changed_at")
    Timestamp statusChangedAt;

    /**
     * Read only for JPA: only {@link JpaAgentRepository#allocate} writes it (a conditional native
     * {@code UPDATE}); an insert leaves the column's default ({@code {}}).
     */
    @Column(name = "allocated_slots", insertable = false, updatable = false)
    String allocatedSlots;

    /** Read only for JPA, like {@link #allocatedSlots}; the default of a new agent is 0. */
    @Column(name = "allocation_version", insertable = false, updatable = false)
    long allocationVersion;

    protected AgentEntity() {
    }

    AgentEntity(String id) {
        this.id = id;
    }
}
