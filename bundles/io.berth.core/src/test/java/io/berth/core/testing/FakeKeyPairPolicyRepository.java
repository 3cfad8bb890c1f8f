package io.berth.core.testing;

import io.berth.core.identity.KeyPair;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Keypair resource policies; referrers are read from the fake keypair table, inactive keypairs included. */
public final class FakeKeyPairPolicyRepository extends FakeTable<KeyPairResourcePolicy>
        implements KeyPairPolicyRepository {
    private final FakeKeyPairRepository keyPairs;
    private final FakeUserRepository users;

    public FakeKeyPairPolicyRepository(FakeUnitOfWork tx, FakeKeyPairRepository keyPairs, FakeUserRepository users) {
        super("keypair_policies", tx);
        this.keyPairs = keyPairs;
        this.users = users;
    }

    @Override
    public Optional<KeyPairResourcePolicy> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public List<KeyPairResourcePolicy> list() {
        return all().sorted(Comparator.comparing(KeyPairResourcePolicy::name)).toList();
    }

    @Override
    public void insert(KeyPairResourcePolicy p) {
        write("insert", p.name(), p);
    }

    @Override
    public void update(KeyPairResourcePolicy p) {
        write("update", p.name(), p);
    }

    @Override
    public void delete(String name) {
        write("delete", name, null);
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
