package io.berth.persistence.jpa.internal;

import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.ProjectResourcePolicy;

/** {@link ProjectPolicyRepository} over the {@code project_resource_policies} table. */
final class JpaProjectPolicyRepository extends NamedRows<ProjectResourcePolicy, ProjectPolicyEntity>
        implements ProjectPolicyRepository {
    JpaProjectPolicyRepository(JpaUnitOfWork tx) {
        super(tx, ProjectPolicyEntity.class, "project resource policy",
                ProjectResourcePolicy::name, ProjectPolicyEntity::new, JpaProjectPolicyRepository::copy,
                JpaProjectPolicyRepository::record);
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
