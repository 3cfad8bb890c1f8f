package io.berth.core.testing;

import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.ProjectResourcePolicy;

/** Project resource policies; referrers are the projects (active or not) holding the policy. */
public final class FakeProjectPolicyRepository extends FakeNamedTable<ProjectResourcePolicy>
        implements ProjectPolicyRepository {
    private final FakeProjectRepository projects;

    public FakeProjectPolicyRepository(FakeUnitOfWork tx, FakeProjectRepository projects) {
        super("project_policies", tx, ProjectResourcePolicy::name);
        this.projects = projects;
    }

    @Override
    public Referrers referrers(String name) {
        return Fakes.referrers(projects.rows().values().stream().filter(p -> name.equals(p.resourcePolicy()))
                .map(p -> "project " + p.domainName() + "/" + p.name()).sorted().toList());
    }
}
