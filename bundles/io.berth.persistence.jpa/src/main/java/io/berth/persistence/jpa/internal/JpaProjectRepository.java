package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.repo.ProjectRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.persistence.EntityManager;

/** {@link ProjectRepository} over the {@code projects} table. */
final class JpaProjectRepository implements ProjectRepository {
    /** Most ids bound in one {@code IN} list. */
    static final int IN_CHUNK = 500;

    private static final Lists.Sorting SORTING = new Lists.Sorting(Map.of("name", "name", "domain_name",
            "domainName", "created_at", "createdAt", "modified_at", "modifiedAt"), "createdAt", "id");

    private final JpaUnitOfWork tx;

    JpaProjectRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Project> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(ProjectEntity.class, id)).map(JpaProjectRepository::record));
    }

    @Override
    public Optional<Project> findByName(String domainName, String name) {
        return tx.read(em -> em.createQuery(
                "SELECT p FROM ProjectEntity p WHERE p.domainName = :domain AND p.name = :name", ProjectEntity.class)
                .setParameter("domain", domainName).setParameter("name", name).getResultList().stream()
                .findFirst().map(JpaProjectRepository::record));
    }

    /** The projects with these ids, in no particular order; unknown ids are left out. */
    @Override
    public List<Project> findAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        distinct.removeIf(Objects::isNull);
        return tx.read(em -> {
            List<Project> out = new ArrayList<>(distinct.size());
            for (int from = 0; from < distinct.size(); from += IN_CHUNK) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IN_CHUNK));
                em.createQuery("SELECT p FROM ProjectEntity p WHERE p.id IN :ids", ProjectEntity.class)
                        .setParameter("ids", chunk).getResultList().forEach(e -> out.add(record(e)));
            }
            return out;
        });
    }

    @Override
    public void insert(Project project) {
        tx.write("id", em -> {
            ProjectEntity e = new ProjectEntity();
            e.id = project.id();
            copy(project, e);
            em.persist(e);
            return null;
        });
    }

    /**
     * Replaces every column but the id.
     *
     * @throws NotFoundException when no project has the record's id
     */
    @Override
    public void update(Project project) {
        tx.write("id", em -> {
            copy(project, existing(em, project.id()));
            return null;
        });
    }

    @Override
    public Page<Project> list(String domainName, Boolean active, Collection<String> onlyIds, PageRequest page) {
        if (onlyIds != null && onlyIds.isEmpty()) {
            return new Page<>(List.of(), 0, page.offset(), page.limit());
        }
        List<String> ids = onlyIds == null ? null : List.copyOf(new LinkedHashSet<>(onlyIds));
        return tx.read(em -> Lists.page(em, ProjectEntity.class, where -> {
            if (domainName != null) {
                where.equal("domainName", domainName);
            }
            if (active != null) {
                where.equal("active", active);
            }
            if (ids != null) {
                where.in("id", ids);
            }
        }, SORTING, page, rows -> rows.stream().map(JpaProjectRepository::record).toList()));
    }

    private static ProjectEntity existing(EntityManager em, String id) {
        ProjectEntity e = id == null ? null : em.find(ProjectEntity.class, id);
        if (e == null) {
            throw new NotFoundException("no project with id '" + id + "'");
        }
        return e;
    }

    private static void copy(Project p, ProjectEntity e) {
        e.domainName = p.domainName();
        e.name = p.name();
        e.description = p.description();
        e.active = p.active();
        e.type = p.type();
        e.totalResourceSlots = Columns.slotsText(p.totalResourceSlots(), "total_resource_slots");
        e.allowedVfolderHosts = Columns.joinHosts(p.allowedVfolderHosts(), "allowed_vfolder_hosts");
        e.allowedDockerRegistries = Columns.joinHosts(p.allowedDockerRegistries(), "allowed_docker_registries");
        e.resourcePolicy = p.resourcePolicy();
        e.createdAt = Columns.timestamp(p.createdAt());
        e.modifiedAt = Columns.timestamp(p.modifiedAt());
    }

    static Project record(ProjectEntity e) {
        return new Project(e.id, e.domainName, e.name, e.description, e.active, e.type,
                Columns.slots(e.totalResourceSlots), Columns.splitHosts(e.allowedVfolderHosts),
                Columns.splitHosts(e.allowedDockerRegistries), e.resourcePolicy, Columns.instant(e.createdAt),
                Columns.instant(e.modifiedAt));
    }
}
