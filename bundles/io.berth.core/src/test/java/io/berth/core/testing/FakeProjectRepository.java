package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.repo.ProjectRepository;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class FakeProjectRepository extends FakeTable<Project> implements ProjectRepository {
    public FakeProjectRepository(FakeUnitOfWork tx) {
        super("projects", tx);
    }

    @Override
    public Optional<Project> find(String id) {
        return Optional.ofNullable(get(id));
    }

    @Override
    public Optional<Project> findByName(String domainName, String name) {
        return all().filter(p -> p.domainName().equals(domainName) && p.name().equals(name)).findFirst();
    }

    @Override
    public List<Project> findAll(Collection<String> ids) {
        return all().filter(p -> ids.contains(p.id())).toList();
    }

    @Override
    public void insert(Project p) {
        if (findByName(p.domainName(), p.name()).isPresent()) {
            throw new IllegalStateException("unique (domain, name) violated: " + p.name());
        }
        write("insert", p.id(), p);
    }

    @Override
    public void update(Project p) {
        write("update", p.id(), p);
    }

    @Override
    public Page<Project> list(String domainName, Boolean active, Collection<String> onlyIds, PageRequest page) {
        return page(all().filter(p -> domainName == null || p.domainName().equals(domainName))
                .filter(p -> active == null || p.active() == active)
                .filter(p -> onlyIds == null || onlyIds.contains(p.id())),
                Comparator.comparing(Project::domainName).thenComparing(Project::name), page);
    }
}
