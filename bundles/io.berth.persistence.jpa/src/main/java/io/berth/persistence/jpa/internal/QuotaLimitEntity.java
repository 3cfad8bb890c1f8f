package io.berth.persistence.jpa.internal;

import java.io.Serializable;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * Row of {@code quota_limits}: an explicit hard limit of a quota scope on a volume (SPEC S4). The owner kind
 * is stored by its constant name. Rows go with their volume (foreign key with {@code ON DELETE CASCADE});
 * {@link JpaQuotaRepository} never keeps one managed, so such a delete cannot leave a stale copy in a
 * persistence context.
 */
@Entity
@Table(name = "quota_limits")
@IdClass(QuotaLimitEntity.Key.class)
class QuotaLimitEntity {
    @Id
    @Column(name = "volume")
    String volume;

    @Id
    @Column(name = "owner_kind")
    String ownerKind;

    @Id
    @Column(name = "scope_id")
    String scopeId;

    @Column(name = "hard_limit_bytes")
    long hardLimitBytes;

    protected QuotaLimitEntity() {
    }

    QuotaLimitEntity(String volume, String ownerKind, String scopeId) {
        this.volume = volume;
        this.ownerKind = ownerKind;
        this.scopeId = scopeId;
    }

    /** The primary key: volume, owner kind and scope id. */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String volume;
        String ownerKind;
        String scopeId;

        public Key() {
        }

        Key(String volume, String ownerKind, String scopeId) {
            this.volume = volume;
            this.ownerKind = ownerKind;
            this.scopeId = scopeId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(volume, k.volume) && Objects.equals(ownerKind, k.ownerKind)
                    && Objects.equals(scopeId, k.scopeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(volume, ownerKind, scopeId);
        }
    }
}
