package io.berth.persistence.jpa.internal;

import java.io.Serializable;
import java.util.Objects;

/**
 * The primary key of the three resource group association tables: the group and the target (domain name,
 * project id or access key). See {@link ResourceGroupDomainEntity}.
 */
public final class AssociationKey implements Serializable {
    private static final long serialVersionUID = 1L;

    String groupName;
    String target;

    public AssociationKey() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssociationKey k && Objects.equals(groupName, k.groupName)
                && Objects.equals(target, k.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName, target);
    }
}
