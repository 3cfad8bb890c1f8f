package io.berth.persistence.jpa.internal;

import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import java.util.List;
import java.util.Optional;

/** {@link KeyPairPolicyRepository} over the {@code keypair_resource_policies} table. */
final class JpaKeyPairPolicyRepository implements KeyPairPolicyRepository {
    private final JpaUnitOfWork tx;
    private final NamedRows<KeyPairResourcePolicy, KeyPairPolicyEntity> rows;

    JpaKeyPairPolicyRepository(JpaUnitOfWork tx) {
        this.tx = tx;
        this.rows = new NamedRows<>(tx, KeyPairPolicyEntity.class, "keypair resource policy",
                KeyPairResourcePolicy::name, KeyPairPolicyEntity::new, JpaKeyPairPolicyRepository::copy,
                JpaKeyPairPolicyRepository::record);
    }

    @Override
    public Optional<KeyPairResourcePolicy> find(String name) {
        return rows.find(name);
    }

    @Override
    public List<KeyPairResourcePolicy> list() {
        return rows.list();
    }

    @Override
    public void insert(KeyPairResourcePolicy policy) {
        rows.insert(policy);
    }

    /** @throws io.berth.core.error.NotFoundException when no policy has the record's name */
    @Override
    public void update(KeyPairResourcePolicy policy) {
        rows.update(policy);
    }

    /** Does nothing for an unknown name; a policy still used by a keypair is a conflict on {@code resource_policy}. */
    @Override
    public void delete(String name) {
        rows.delete(name);
    }

    /** Keypairs of any state, labelled {@code keypair <access key> (<owner email>)}. */
    @Override
    public Referrers referrers(String name) {
        return tx.read(em -> NamedRows.referrers(em, name,
                "SELECT COUNT(k) FROM KeyPairEntity k WHERE k.resourcePolicy = :name",
                "SELECT k.accessKey, u.email FROM KeyPairEntity k, UserEntity u"
                        + " WHERE u.id = k.userId AND k.resourcePolicy = :name ORDER BY k.accessKey",
                Object[].class, r -> "keypair " + r[0] + " (" + r[1] + ")"));
    }

    private static void copy(KeyPairResourcePolicy p, KeyPairPolicyEntity e) {
        e.defaultForUnspecified = p.defaultForUnspecified();
        e.totalResourceSlots = Columns.slotsText(p.totalResourceSlots(), "total_resource_slots");
        e.maxSessionLifetime = p.maxSessionLifetime();
        e.maxConcurrentSessions = p.maxConcurrentSessions();
        e.maxPendingSessionCount = Columns.amountText(p.maxPendingSessionCount(), "max_pending_session_count");
        e.maxPendingSessionResourceSlots = Columns.slotsText(p.maxPendingSessionResourceSlots(),
                "max_pending_session_resource_slots");
        e.maxContainersPerSession = p.maxContainersPerSession();
        e.idleTimeout = p.idleTimeout();
        e.allowedVfolderHosts = Columns.joinHosts(p.allowedVfolderHosts(), "allowed_vfolder_hosts");
        e.createdAt = Columns.timestamp(p.createdAt());
        e.modifiedAt = Columns.timestamp(p.modifiedAt());
    }

    static KeyPairResourcePolicy record(KeyPairPolicyEntity e) {
        return new KeyPairResourcePolicy(e.name, e.defaultForUnspecified, Columns.slots(e.totalResourceSlots),
                e.maxSessionLifetime, e.maxConcurrentSessions, Columns.amount(e.maxPendingSessionCount),
                Columns.slots(e.maxPendingSessionResourceSlots), e.maxContainersPerSession, e.idleTimeout,
                Columns.splitHosts(e.allowedVfolderHosts), Columns.instant(e.createdAt),
                Columns.instant(e.modifiedAt));
    }
}
