package io.berth.core.group;

import io.berth.core.identity.Caller;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resource groups (SPEC A4). Superadmins create, change, delete and associate; superadmins and
 * monitors see every group; everyone else sees the groups allowed to them. A {@code default} group
 * exists from first start, available to the default domain.
 */
@ProviderType
public interface ResourceGroupService {

    /** Every group for global readers; the caller's allowed groups otherwise. Sorted by name. */
    List<ResourceGroup> list(Caller caller);

    ResourceGroup get(Caller caller, String name);

    ResourceGroup create(Caller caller, ResourceGroupInput input);

    /** {@code input.name()} must be null or equal to {@code name}. */
    ResourceGroup update(Caller caller, String name, ResourceGroupInput input);

    /**
     * Refused (409 listing them) while agents that are not TERMINATED belong to it; removes its
     * associations with it. The {@code default} group is never deleted.
     */
    void delete(Caller caller, String name);

    Associations associations(Caller caller, String name);

    /** Makes the group available to a domain (or withdraws it when {@code allow} is false). */
    void allowDomain(Caller caller, String group, String domain, boolean allow);

    /** Makes the group available to a project (by id). */
    void allowProject(Caller caller, String group, String projectId, boolean allow);

    /** Makes the group available to a keypair (by access key). */
    void allowKeyPair(Caller caller, String group, String accessKey, boolean allow);

    /**
     * The active groups the caller may use: public ones and those available to the caller's domain,
     * to one of the caller's projects or to the caller's keypair.
     */
    List<ResourceGroup> allowed(Caller caller);
}
