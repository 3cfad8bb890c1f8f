package io.berth.core.repo;

import io.berth.core.resource.KeyPairResourcePolicy;
import org.osgi.annotation.versioning.ConsumerType;

@ConsumerType
public interface KeyPairPolicyRepository extends NamedRepository<KeyPairResourcePolicy> {
    /** Keypairs (active or not) using the policy, as {@code keypair <access key> (<owner email>)}. */
    Referrers referrers(String name);
}
