package io.berth.persistence.jpa.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * Row of {@code resource_group_keypairs}: the resource group is made available to the keypair (by access key).
 * See {@link ResourceGroupDomainEntity}.
 */
@Entity
@Table(name = "resource_group_keypairs")
@IdClass(AssociationKey.class)
class ResourceGroupKeyPairEntity {
    @Id
    @Column(name = "group_name")
    String groupName;

    @Id
    @Column(name = "access_key")
    String target;

    protected ResourceGroupKeyPairEntity() {
    }
}
