package io.berth.persistence.jpa.internal;

import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;

/** {@link KeyPairPolicyRepository} over the {@code keypair_resource_policies} table. */
final class JpaKeyPairPolicyRepository extends NamedRows<KeyPairResourcePolicy, KeyPairPolicyEntity>
        implements KeyPairPolicyRepository {
    JpaKeyPairPolicyRepository(JpaUnitOfWork tx) {
        super(tx, KeyPairPolicyEntity.class, "keypair resource policy",
                KeyPairResourcePolicy::name, KeyPairPolicyEntity::new, JpaKeyPairPolicyRepository::copy,
                JpaKeyPairPolicyRepository::record);
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
