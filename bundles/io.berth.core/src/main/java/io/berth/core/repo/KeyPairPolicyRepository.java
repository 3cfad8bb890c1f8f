package io.berth.core.repo;

import io.berth.core.resource.KeyPairResourcePolicy;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface KeyPairPolicyRepository {
    Optional<KeyPairResourcePolicy> find(String name);

    /** All policies sorted by name. */
    List<KeyPairResourcePolicy> list();

    void insert(KeyPairResourcePolicy policy);

    void update(KeyPairResourcePolicy policy);

    void delete(String name);

    /** Keypairs (active or not) using the policy, as {@code keypair <access key> (<owner email>)}. */
    Referrers referrers(String name);
}
