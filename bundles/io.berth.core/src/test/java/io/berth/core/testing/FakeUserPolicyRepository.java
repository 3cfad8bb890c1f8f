package io.berth.core.testing;

import io.berth.core.identity.User;
import io.berth.core.repo.Referrers;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.resource.UserResourcePolicy;

/** User resource policies; referrers are the users (of any status) holding the policy. */
public final class FakeUserPolicyRepository extends FakeNamedTable<UserResourcePolicy> implements UserPolicyRepository {
    private final FakeUserRepository users;

    public FakeUserPolicyRepository(FakeUnitOfWork tx, FakeUserRepository users) {
        super("user_policies", tx, UserResourcePolicy::name);
        this.users = users;
    }

    @Override
    public Referrers referrers(String name) {
        return Fakes.referrers(users.rows().values().stream().filter(u -> name.equals(u.resourcePolicy()))
                .map(User::email).sorted().map(e -> "user " + e).toList());
    }
}
