package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code project_resource_policies}; see {@link io.berth.core.resource.ProjectResourcePolicy}.
 * Amounts are wire text ({@link Columns#amountText}).
 */
@Entity
@Table(name = "project_resource_policies")
class ProjectPolicyEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "max_vfolder_count")
    String maxVfolderCount;

    @Column(name = "max_quota_scope_size")
    String maxQuotaScopeSize;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ProjectPolicyEntity() {
    }

    ProjectPolicyEntity(String name) {
        this.name = name;
    }
}
