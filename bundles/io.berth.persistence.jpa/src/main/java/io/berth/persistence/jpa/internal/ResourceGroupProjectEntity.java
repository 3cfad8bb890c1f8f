package io.berth.persistence.jpa.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * Row of {@code resource_group_projects}: the resource group is made available to the project (by id).
 * See {@link ResourceGroupDomainEntity}.
 */
@Entity
@Table(name = "resource_group_projects")
@IdClass(AssociationKey.class)
class ResourceGroupProjectEntity {
    @Id
    @Column(name = "group_name")
    String groupName;

    @Id
    @Column(name = "project_id")
    String target;

    protected ResourceGroupProjectEntity() {
    }
}
