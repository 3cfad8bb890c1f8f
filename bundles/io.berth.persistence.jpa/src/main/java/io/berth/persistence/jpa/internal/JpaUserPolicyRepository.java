package io.berth.persistence.jpa.internal;

import io.berth.core.repo.Referrers;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.resource.UserResourcePolicy;

/** {@link UserPolicyRepository} over the {@code user_resource_policies} table. */
final class JpaUserPolicyRepository extends NamedRows<UserResourcePolicy, UserPolicyEntity>
        implements UserPolicyRepository {
    JpaUserPolicyRepository(JpaUnitOfWork tx) {
        super(tx, UserPolicyEntity.class, "user resource policy", UserResourcePolicy::name,
                UserPolicyEntity::new, JpaUserPolicyRepository::copy, JpaUserPolicyRepository::record);
    }

    /** Users of any status, labelled {@code user <email>}. */
    @Override
    public Referrers referrers(String name) {
        return tx.read(em -> NamedRows.referrers(em, name,
                "SELECT COUNT(u) FROM UserEntity u WHERE u.resourcePolicy = :name",
                "SELECT u.email FROM UserEntity u WHERE u.resourcePolicy = :name ORDER BY u.email",
                String.class, email -> "user " + email));
    }

    private static void copy(UserResourcePolicy p, UserPolicyEntity e) {
        e.maxVfolderCount = Columns.amountText(p.maxVfolderCount(), "max_vfolder_count");
        e.maxQuotaScopeSize = Columns.amountText(p.maxQuotaScopeSize(), "max_quota_scope_size");
        e.maxSessionCountPerModelSession = p.maxSessionCountPerModelSession();
        e.maxCustomizedImageCount = Columns.amountText(p.maxCustomizedImageCount(), "max_customized_image_count");
        e.createdAt = Columns.timestamp(p.createdAt());
        e.modifiedAt = Columns.timestamp(p.modifiedAt());
    }

    static UserResourcePolicy record(UserPolicyEntity e) {
        return new UserResourcePolicy(e.name, Columns.amount(e.maxVfolderCount), Columns.amount(e.maxQuotaScopeSize),
                e.maxSessionCountPerModelSession, Columns.amount(e.maxCustomizedImageCount),
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
