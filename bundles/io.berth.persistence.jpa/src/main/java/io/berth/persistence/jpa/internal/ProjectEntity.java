package io.berth.persistence.jpa.internal;

import io.berth.core.identity.ProjectType;
import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code projects}; see {@link io.berth.core.identity.Project}. Host lists are comma-joined, the total
 * resource slots are JSON text ({@link Columns#slotsText}).
 */
@Entity
@Table(name = "projects")
class ProjectEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "domain_name")
    String domainName;

    @Column(name = "name")
    String name;

    @Column(name = "description")
    String description;

    @Column(name = "is_active")
    boolean active;

    @Enumerated(EnumType.STRING)
    @Column(name = "type")
    ProjectType type;

    @Column(name = "total_resource_slots")
    String totalResourceSlots;

    @Column(name = "allowed_vfolder_hosts")
    String allowedVfolderHosts;

    @Column(name = "allowed_docker_registries")
    String allowedDockerRegistries;

    @Column(name = "resource_policy")
    String resourcePolicy;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ProjectEntity() {
    }
}
