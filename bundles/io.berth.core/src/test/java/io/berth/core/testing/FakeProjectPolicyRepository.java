package io.berth.core.testing;

import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.ProjectResourcePolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Project resource policies; referrers are the projects (active or not) holding the policy. */
public final class FakeProjectPolicyRepository extends FakeTable<ProjectResourcePolicy>
        implements ProjectPolicyRepository {
    private final FakeProjectRepository projects;

    public FakeProjectPolicyRepository(FakeUnitOfWork tx, FakeProjectRepository projects) {
        super("project_policies", tx);
        this.projects = projects;
    }

    @Override
    public Optional<ProjectResourcePolicy> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public List<ProjectResourcePolicy> list() {
        return all().sorted(Comparator.comparing(ProjectResourcePolicy::name)).toList();
    }

    @Override
    public void insert(ProjectResourcePolicy p) {
        write("insert", p.name(), p);
    }

    @Override
    public void update(ProjectResourcePolicy p) {
        write("update", p.name(), p);
    }

    @Override
    public void delete(String name) {
        write("delete", name, null);
    }

    @Override
    public Referrers referrers(String name) {
        return Fakes.referrers(projects.rows().values().stream().filter(p -> name.equals(p.resourcePolicy()))
                .map(p -> "project " + p.domainName() + "/" + p.name()).sorted().toList());
    }
}
