package io.berth.core.testing;

import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.repo.KeyPairRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class FakeKeyPairRepository extends FakeTable<KeyPair> implements KeyPairRepository {
    private final FakeUserRepository users;

    public FakeKeyPairRepository(FakeUnitOfWork tx, FakeUserRepository users) {
        super("keypairs", tx);
        this.users = users;
    }

    @Override
    public Optional<KeyPair> find(String accessKey) {
        return Optional.ofNullable(get(accessKey));
    }

    @Override
    public List<KeyPair> findByUser(String userId) {
        return all().filter(k -> k.userId().equals(userId)).toList();
    }

    @Override
    public void insert(KeyPair k) {
        write("insert", k.accessKey(), k);
    }

    @Override
    public void update(KeyPair k) {
        write("update", k.accessKey(), k);
    }

    @Override
    public void delete(String accessKey) {
        write("delete", accessKey, null);
    }

    @Override
    public Page<KeyPair> list(KeyPairQuery q, PageRequest page) {
        return page(all().filter(k -> q.active() == null || k.active() == q.active())
                .filter(k -> q.userId() == null || k.userId().equals(q.userId()))
                .filter(k -> contains(k.accessKey(), q.accessKey()))
                .filter(k -> q.email() == null || contains(owner(k).email(), q.email()))
                .filter(k -> q.domain() == null || owner(k).domainName().equals(q.domain())),
                Comparator.comparing(KeyPair::accessKey), page);
    }

    private User owner(KeyPair k) {
        return users.findById(k.userId()).orElseThrow();
    }

    @Override
    public void recordUsage(String accessKey, long queries, Instant lastUsed) {
        KeyPair k = get(accessKey);
        if (k == null) {
            return;
        }
        Instant last = k.lastUsed() == null || lastUsed.isAfter(k.lastUsed()) ? lastUsed : k.lastUsed();
        writeUntracked(accessKey, new KeyPair(k.accessKey(), k.secretKey(), k.userId(), k.active(), k.admin(),
                k.resourcePolicy(), k.rateLimit(), k.createdAt(), last, k.numQueries() + queries));
    }
}
