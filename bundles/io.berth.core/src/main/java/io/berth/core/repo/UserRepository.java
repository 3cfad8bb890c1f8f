package io.berth.core.repo;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Users with their project memberships. There is deliberately no delete (SPEC U8). */
@ConsumerType
public interface UserRepository {
    Optional<User> findById(String id);

    Optional<User> findByEmail(String email);

    Optional<User> findByUsername(String username);

    void insert(User user);

    void update(User user);

    Page<User> list(UserQuery query, PageRequest page);

    long count();
}
