package io.berth.core.testing;

import io.berth.core.identity.User;
import io.berth.core.repo.Referrers;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.resource.UserResourcePolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** User resource policies; referrers are the users (of any status) holding the policy. */
public final class FakeUserPolicyRepository extends FakeTable<UserResourcePolicy> implements UserPolicyRepository {
    private final FakeUserRepository users;

    public FakeUserPolicyRepository(FakeUnitOfWork tx, FakeUserRepository users) {
        super("user_policies", tx);
        this.users = users;
    }

    @Override
    public Optional<UserResourcePolicy> find(String name) {
        return Optional.ofNullable(get(name));
    }

    @Override
    public List<UserResourcePolicy> list() {
        return all().sorted(Comparator.comparing(UserResourcePolicy::name)).toList();
    }

    @Override
    public void insert(UserResourcePolicy p) {
        write("insert", p.name(), p);
    }

    @Override
    public void update(UserResourcePolicy p) {
        write("update", p.name(), p);
    }

    @Override
    public void delete(String name) {
        write("delete", name, null);
    }

    @Override
    public Referrers referrers(String name) {
        return Fakes.referrers(users.rows().values().stream().filter(u -> name.equals(u.resourcePolicy()))
                .map(User::email).sorted().map(e -> "user " + e).toList());
    }
}
