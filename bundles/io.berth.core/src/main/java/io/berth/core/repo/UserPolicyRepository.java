package io.berth.core.repo;

import io.berth.core.resource.UserResourcePolicy;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface UserPolicyRepository {
    Optional<UserResourcePolicy> find(String name);

    /** All policies sorted by name. */
    List<UserResourcePolicy> list();

    void insert(UserResourcePolicy policy);

    void update(UserResourcePolicy policy);

    void delete(String name);

    /** Users (of any status) holding the policy, as {@code user <email>}. */
    Referrers referrers(String name);
}
