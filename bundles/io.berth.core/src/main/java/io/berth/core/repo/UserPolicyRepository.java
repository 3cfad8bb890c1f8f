package io.berth.core.repo;

import io.berth.core.resource.UserResourcePolicy;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface UserPolicyRepository extends NamedRepository<UserResourcePolicy> {
    /** Users (of any status) holding the policy, as {@code user <email>}. */
    Referrers referrers(String name);
}
