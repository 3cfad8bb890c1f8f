package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code resource_groups}; see {@link io.berth.core.group.ResourceGroup} and
 * {@link io.berth.core.group.SchedulerOptions}. The allowed session types are a comma list of wire names in
 * enum order, the agent selection is the {@link io.berth.core.group.AgentSelection} constant name.
 */
@Entity
@Table(name = "resource_groups")
class ResourceGroupEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "description")
    String description;

    @Column(name = "is_active")
    boolean active;

    @Column(name = "is_public")
    boolean publicGroup;

    @Column(name = "wsproxy_address")
    String wsproxyAddress;

    @Column(name = "scheduler")
    String scheduler;

    @Column(name = "allowed_session_types")
    String allowedSessionTypes;

    @Column(name = "pending_timeout")
    long pendingTimeout;

    @Column(name = "retries_to_skip")
    Integer retriesToSkip;

    @Column(name = "agent_selection")
    String agentSelection;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ResourceGroupEntity() {
    }

    ResourceGroupEntity(String name) {
        this.name = name;
    }
}
