package io.berth.core.repo;

import io.berth.core.resource.ProjectResourcePolicy;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ProjectPolicyRepository extends NamedRepository<ProjectResourcePolicy> {
    /** Projects (active or not) holding the policy, as {@code project <domain>/<name>}. */
    Referrers referrers(String name);
}
