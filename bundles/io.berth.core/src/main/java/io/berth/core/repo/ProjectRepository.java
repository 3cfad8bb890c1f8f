package io.berth.core.repo;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface ProjectRepository {
    Optional<Project> find(String id);

    Optional<Project> findByName(String domainName, String name);

    List<Project> findAll(Collection<String> ids);

    void insert(Project project);

    void update(Project project);

    /** {@code onlyIds} restricts the list to these projects when not null (plain users). */
    Page<Project> list(String domainName, Boolean active, Collection<String> onlyIds, PageRequest page);
}
