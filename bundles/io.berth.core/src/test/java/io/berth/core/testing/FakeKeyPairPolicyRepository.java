package io.berth.core.testing;

import io.berth.core.identity.KeyPair;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import java.util.Comparator;
import java.util.List;

/** Keypair resource policies; referrers are read from the fake keypair table, inactive keypairs included. */
public final class FakeKeyPairPolicyRepository extends FakeNamedTable<KeyPairResourcePolicy>
        implements KeyPairPolicyRepository {
    private final FakeKeyPairRepository keyPairs;
    private final FakeUserRepository users;

    public FakeKeyPairPolicyRepository(FakeUnitOfWork tx, FakeKeyPairRepository keyPairs, FakeUserRepository users) {
        super("keypair_policies", tx, KeyPairResourcePolicy::name);
        this.keyPairs = keyPairs;
        this.users = users;
    }

    @Override
    public Referrers referrers(String name) {
        List<String> all = keyPairs.rows().values().stream().filter(k -> name.equals(k.resourcePolicy()))
                .sorted(Comparator.comparing(KeyPair::accessKey))
                .map(k -> "keypair " + k.accessKey() + " ("
                        + users.findById(k.userId()).map(u -> u.email()).orElse("?") + ")")
                .toList();
        return Fakes.referrers(all);
    }
}
