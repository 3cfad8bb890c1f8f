package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code sessions}; see {@link io.berth.core.session.Session}. Status, type and cluster mode are the
 * enum constant names; slot maps are {@link Columns#slotsText} JSON, the environment
 * {@link Columns#stringMapText} and the lists {@link Columns#stringListText}. The kernels are rows of
 * {@link KernelEntity}, joined by {@code session_id} without a mapped relationship.
 *
 * <p>{@link JpaSessionRepository} detaches every instance it loads or persists, so no persistence context
 * holds a copy that its compare-and-set {@code UPDATE} could make stale.
 */
@Entity
@Table(name = "sessions")
class SessionEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "name")
    String name;

    @Column(name = "access_key")
    String accessKey;

    @Column(name = "user_id")
    String userId;

    @Column(name = "owner_email")
    String ownerEmail;

    @Column(name = "project_id")
    String projectId;

    @Column(name = "domain_name")
    String domain;

    @Column(name = "resource_group")
    String resourceGroup;

    @Column(name = "session_type")
    String type;

    @Column(name = "image")
    String image;

    @Column(name = "architecture")
    String architecture;

    @Column(name = "cluster_size")
    int clusterSize;

    @Column(name = "cluster_mode")
    String clusterMode;

    @Column(name = "slots_per_container")
    String slotsPerContainer;

    @Column(name = "requested_slots")
    String requestedSlots;

    @Column(name = "environment")
    String environment;

    @Column(name = "mounts")
    String mounts;

    @Column(name = "startup_command")
    String startupCommand;

    @Column(name = "priority")
    int priority;

    @Column(name = "dependencies")
    String dependencies;

    @Column(name = "starts_at")
    Timestamp startsAt;

    @Column(name = "sudo")
    boolean sudo;

    @Column(name = "status")
    String status;

    @Column(name = "status_reason")
    String statusReason;

    @Column(name = "status_changed_at")
    Timestamp statusChangedAt;

    @Column(name = "pending_reasons")
    String pendingReasons;

    @Column(name = "retries")
    int retries;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "terminated_at")
    Timestamp terminatedAt;

    @Column(name = "last_activity")
    Timestamp lastActivity;

    @Column(name = "version")
    long version;

    /** The seq of the session's next history row (V7); raised by the update that appends one. */
    @Column(name = "history_seq")
    int historySeq;

    /** How many kernel rows the session has (V7). */
    @Column(name = "kernel_count")
    int kernelCount;

    protected SessionEntity() {
    }

    SessionEntity(String id) {
        this.id = id;
    }
}
