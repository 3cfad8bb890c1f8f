package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.repo.UserRepository;
import java.util.Comparator;
import java.util.Optional;

public final class FakeUserRepository extends FakeTable<User> implements UserRepository {
    public FakeUserRepository(FakeUnitOfWork tx) {
        super("users", tx);
    }

    @Override
    public Optional<User> findById(String id) {
        return Optional.ofNullable(get(id));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return all().filter(u -> u.email().equals(email)).findFirst();
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return all().filter(u -> u.username().equals(username)).findFirst();
    }

    @Override
    public void insert(User u) {
        if (findByEmail(u.email()).isPresent() || findByUsername(u.username()).isPresent()) {
            throw new IllegalStateException("unique email/username violated: " + u.email());
        }
        write("insert", u.id(), u);
    }

    @Override
    public void update(User u) {
        write("update", u.id(), u);
    }

    @Override
    public Page<User> list(UserQuery q, PageRequest page) {
        return page(all().filter(u -> contains(u.email(), q.email()))
                .filter(u -> contains(u.username(), q.username()))
                .filter(u -> contains(u.mainAccessKey(), q.accessKey()))
                .filter(u -> q.statuses() == null || q.statuses().isEmpty() || q.statuses().contains(u.status()))
                .filter(u -> q.domain() == null || u.domainName().equals(q.domain())),
                Comparator.comparing(User::email), page);
    }

    @Override
    public long count() {
        return all().count();
    }
}
