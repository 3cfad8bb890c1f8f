package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code domains}; see {@link io.berth.core.identity.Domain}. Host lists are comma-joined, the total
 * resource slots are JSON text ({@link Columns#slotsText}).
 */
@Entity
@Table(name = "domains")
class DomainEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "description")
    String description;

    @Column(name = "is_active")
    boolean active;

    @Column(name = "total_resource_slots")
    String totalResourceSlots;

    @Column(name = "allowed_vfolder_hosts")
    String allowedVfolderHosts;

    @Column(name = "allowed_docker_registries")
    String allowedDockerRegistries;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected DomainEntity() {
    }
}
