package io.berth.persistence.jpa.internal;

import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.ProjectResourcePolicy;
import java.util.List;
import java.util.Optional;

/** {@link ProjectPolicyRepository} over the {@code project_resource_policies} table. */
final class JpaProjectPolicyRepository implements ProjectPolicyRepository {
    private final JpaUnitOfWork tx;
    private final NamedRows<ProjectResourcePolicy, ProjectPolicyEntity> rows;

    JpaProjectPolicyRepository(JpaUnitOfWork tx) {
        this.tx = tx;
        this.rows = new NamedRows<>(tx, ProjectPolicyEntity.class, "project resource policy",
                ProjectResourcePolicy::name, ProjectPolicyEntity::new, JpaProjectPolicyRepository::copy,
                JpaProjectPolicyRepository::record);
    }

    @Override
    public Optional<ProjectResourcePolicy> find(String name) {
        return rows.find(name);
    }

    @Override
    public List<ProjectResourcePolicy> list() {
        return rows.list();
    }

    @Override
    public void insert(ProjectResourcePolicy policy) {
        rows.insert(policy);
    }

    /** @throws io.berth.core.error.NotFoundException when no policy has the record's name */
    @Override
    public void update(ProjectResourcePolicy policy) {
        rows.update(policy);
    }

    /** Does nothing for an unknown name; a policy still held by a project is a conflict on {@code resource_policy}. */
    @Override
    public void delete(String name) {
        rows.delete(name);
    }

    /** Projects of any state, labelled {@code project <domain>/<name>}. */
    @Override
    public Referrers referrers(String name) {
        return tx.read(em -> NamedRows.referrers(em, name,
                "SELECT COUNT(p) FROM ProjectEntity p WHERE p.resourcePolicy = :name",
                "SELECT p.domainName, p.name FROM ProjectEntity p WHERE p.resourcePolicy = :name"
                        + " ORDER BY p.domainName, p.name",
                Object[].class, r -> "project " + r[0] + "/" + r[1]));
    }

    private static void copy(ProjectResourcePolicy p, ProjectPolicyEntity e) {
        e.maxVfolderCount = Columns.amountText(p.maxVfolderCount(), "max_vfolder_count");
        e.maxQuotaScopeSize = Columns.amountText(p.maxQuotaScopeSize(), "max_quota_scope_size");
        e.createdAt = Columns.timestamp(p.createdAt());
        e.modifiedAt = Columns.timestamp(p.modifiedAt());
    }

    static ProjectResourcePolicy record(ProjectPolicyEntity e) {
        return new ProjectResourcePolicy(e.name, Columns.amount(e.maxVfolderCount),
                Columns.amount(e.maxQuotaScopeSize), Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
