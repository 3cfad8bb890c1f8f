package io.berth.persistence.jpa.internal;

import io.berth.core.resource.UnspecifiedSlots;
import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code keypair_resource_policies}; see {@link io.berth.core.resource.KeyPairResourcePolicy}. Slot
 * maps are JSON text ({@link Columns#slotsText}), the pending session count is wire text
 * ({@link Columns#amountText}) and the host list is comma-joined.
 */
@Entity
@Table(name = "keypair_resource_policies")
class KeyPairPolicyEntity {
    @Id
    @Column(name = "name")
    String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_for_unspecified")
    UnspecifiedSlots defaultForUnspecified;

    @Column(name = "total_resource_slots")
    String totalResourceSlots;

    @Column(name = "max_session_lifetime")
    long maxSessionLifetime;

    @Column(name = "max_concurrent_sessions")
    int maxConcurrentSessions;

    @Column(name = "max_pending_session_count")
    String maxPendingSessionCount;

    @Column(name = "max_pending_session_resource_slots")
    String maxPendingSessionResourceSlots;

    @Column(name = "max_containers_per_session")
    int maxContainersPerSession;

    @Column(name = "idle_timeout")
    long idleTimeout;

    @Column(name = "allowed_vfolder_hosts")
    String allowedVfolderHosts;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected KeyPairPolicyEntity() {
    }

    KeyPairPolicyEntity(String name) {
        this.name = name;
    }
}
