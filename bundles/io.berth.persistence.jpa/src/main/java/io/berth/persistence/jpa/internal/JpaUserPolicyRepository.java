package io.berth.persistence.jpa.internal;

import io.berth.core.repo.Referrers;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.resource.UserResourcePolicy;
import java.util.List;
import java.util.Optional;

/** {@link UserPolicyRepository} over the {@code user_resource_policies} table. */
final class JpaUserPolicyRepository implements UserPolicyRepository {
    private final JpaUnitOfWork tx;
    private final NamedRows<UserResourcePolicy, UserPolicyEntity> rows;

    JpaUserPolicyRepository(JpaUnitOfWork tx) {
        this.tx = tx;
        this.rows = new NamedRows<>(tx, UserPolicyEntity.class, "user resource policy", UserResourcePolicy::name,
                UserPolicyEntity::new, JpaUserPolicyRepository::copy, JpaUserPolicyRepository::record);
    }

    @Override
    public Optional<UserResourcePolicy> find(String name) {
        return rows.find(name);
    }

    @Override
    public List<UserResourcePolicy> list() {
        return rows.list();
    }

    @Override
    public void insert(UserResourcePolicy policy) {
        rows.insert(policy);
    }

    /** @throws io.berth.core.error.NotFoundException when no policy has the record's name */
    @Override
    public void update(UserResourcePolicy policy) {
        rows.update(policy);
    }

    /** Does nothing for an unknown name; a policy still held by a user is a conflict on {@code resource_policy}. */
    @Override
    public void delete(String name) {
        rows.delete(name);
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
