package io.berth.persistence.jpa.internal;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * Row of {@code session_history}: one {@link io.berth.core.session.StatusChange} of a session, {@code seq}
 * counting from 0 in the order of the changes. Rows are only ever appended; {@link JpaSessionRepository}
 * detaches each one it persists.
 */
@Entity
@Table(name = "session_history")
@IdClass(SessionHistoryEntity.Key.class)
class SessionHistoryEntity {
    @Id
    @Column(name = "session_id")
    String sessionId;

    @Id
    @Column(name = "seq")
    int seq;

    @Column(name = "status")
    String status;

    @Column(name = "reason")
    String reason;

    @Column(name = "changed_at")
    Timestamp changedAt;

    protected SessionHistoryEntity() {
    }

    SessionHistoryEntity(String sessionId, int seq) {
        this.sessionId = sessionId;
        this.seq = seq;
    }

    /** The primary key: session and sequence number. */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String sessionId;
        int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(sessionId, k.sessionId) && seq == k.seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, seq);
        }
    }
}
