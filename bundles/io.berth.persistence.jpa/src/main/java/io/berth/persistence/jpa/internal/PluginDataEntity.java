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
 * Row of {@code plugin_data}: one entry of {@link io.berth.spi.data.PluginStore}. The attributes are
 * {@code dataKey} and {@code dataValue} because {@code KEY} and {@code VALUE} are JPQL keywords.
 *
 * <p>{@link JpaPluginDataRepository} uses this entity only as the schema of its JPQL statements (scalar
 * reads, bulk updates and deletes): it never loads an instance, so no persistence context can hold a copy
 * that a bulk statement has made stale.
 */
@Entity
@Table(name = "plugin_data")
@IdClass(PluginDataEntity.Key.class)
class PluginDataEntity {
    @Id
    @Column(name = "namespace")
    String namespace;

    @Id
    @Column(name = "data_key")
    String dataKey;

    @Column(name = "data_value")
    String dataValue;

    @Column(name = "version")
    long version;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected PluginDataEntity() {
    }

    /** The primary key: namespace and key. */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String namespace;
        String dataKey;

        public Key() {
        }

        Key(String namespace, String dataKey) {
            this.namespace = namespace;
            this.dataKey = dataKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(namespace, k.namespace) && Objects.equals(dataKey, k.dataKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespace, dataKey);
        }
    }
}
