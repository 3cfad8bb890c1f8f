package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code kernels}; see {@link io.berth.core.session.Kernel}. The status is the
 * {@link io.berth.core.session.SessionStatus} constant name, the slots {@link Columns#slotsText} JSON. The
 * attribute is {@code kernelIndex} because {@code INDEX} is a JPQL function.
 *
 * <p>Detached by {@link JpaSessionRepository} as soon as it is read or written, like {@link SessionEntity}.
 */
@Entity
@Table(name = "kernels")
class KernelEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "session_id")
    String sessionId;

    @Column(name = "kernel_index")
    int kernelIndex;

    @Column(name = "agent_id")
    String agentId;

    @Column(name = "container_id")
    String containerId;

    @Column(name = "status")
    String status;

    @Column(name = "status_reason")
    String statusReason;

    @Column(name = "slots")
    String slots;

    @Column(name = "exit_code")
    Integer exitCode;

    @Column(name = "log_tail")
    String logTail;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "terminated_at")
    Timestamp terminatedAt;

    protected KernelEntity() {
    }

    KernelEntity(String id) {
        this.id = id;
    }
}
