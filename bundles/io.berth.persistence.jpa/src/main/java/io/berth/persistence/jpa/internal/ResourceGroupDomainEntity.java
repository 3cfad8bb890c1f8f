package io.berth.persistence.jpa.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * Row of {@code resource_group_domains}: the resource group is made available to the domain.
 *
 * <p>The three association entities ({@link ResourceGroupProjectEntity}, {@link ResourceGroupKeyPairEntity})
 * name the group and the target with the same attributes, {@code groupName} and {@code target}, so that
 * {@link JpaResourceGroupRepository} builds the same JPQL for all three. They serve only as the schema of
 * JPQL statements (scalar reads, bulk deletes); inserts are plain JDBC. No instance is ever loaded, so no
 * persistence context can hold a stale copy.
 */
@Entity
@Table(name = "resource_group_domains")
@IdClass(AssociationKey.class)
class ResourceGroupDomainEntity {
    @Id
    @Column(name = "group_name")
    String groupName;

    @Id
    @Column(name = "domain_name")
    String target;

    protected ResourceGroupDomainEntity() {
    }
}
