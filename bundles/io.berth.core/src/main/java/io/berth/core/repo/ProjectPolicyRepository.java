package io.berth.core.repo;

import io.berth.core.resource.ProjectResourcePolicy;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ProjectPolicyRepository {
    Optional<ProjectResourcePolicy> find(String name);

    /** All policies sorted by name. */
    List<ProjectResourcePolicy> list();

    void insert(ProjectResourcePolicy policy);

    void update(ProjectResourcePolicy policy);

    void delete(String name);

    /** Projects (active or not) holding the policy, as {@code project <domain>/<name>}. */
    Referrers referrers(String name);
}
