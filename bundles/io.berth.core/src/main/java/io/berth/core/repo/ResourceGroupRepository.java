package io.berth.core.repo;

import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ResourceGroupRepository extends NamedRepository<ResourceGroup> {
    Associations associations(String group);

    /** Adds or removes one association; kind is {@code domain}, {@code project} or {@code keypair}. */
    void associate(String group, String kind, String target, boolean allow);

    /** Removes every association of the group (before deleting it). */
    void clearAssociations(String group);

    /**
     * Names of groups available to the domain, any of the projects or the keypair, sorted; public
     * groups are not included unless associated.
     */
    List<String> availableTo(String domain, Collection<String> projectIds, String accessKey);
}
