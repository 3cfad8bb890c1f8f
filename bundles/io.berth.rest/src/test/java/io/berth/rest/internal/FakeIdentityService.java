package io.berth.rest.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Domain;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A hand-written in-memory identity service: users only, enough for the REST tests. */
final class FakeIdentityService implements IdentityService {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Domain DEFAULT = new Domain("default", "the default domain", true, List.of(), List.of(), T0, T0);

    final Map<String, User> users = new LinkedHashMap<>();
    final List<Object> calls = new ArrayList<>();
    /** When set, every call throws it (to check how unexpected failures are answered). */
    RuntimeException failWith;

    FakeIdentityService() {
        add(user("admin@berth.io", Role.SUPERADMIN));
        add(user("alice@berth.io", Role.USER));
    }

    static User user(String email, Role role) {
        return new User("id-" + email, email, email.substring(0, email.indexOf('@')), "Full " + email, null, "hash",
                "default", role, UserStatus.ACTIVE, false, false, "AK-" + email, Set.of(), T0, T0);
    }

    void add(User u) {
        users.put(u.email(), u);
    }

    private void call(Object what) {
        calls.add(what);
        if (failWith != null) {
            throw failWith;
        }
    }

    private UserDetail detail(String email) {
        User u = users.get(email);
        if (u == null) {
            throw new NotFoundException("no user " + email, "email");
        }
        return new UserDetail(u, DEFAULT, List.of(), List.of());
    }

    @Override
    public Page<User> listUsers(Caller caller, UserQuery query, PageRequest page) {
        call(List.of(caller, query, page));
        List<User> all = users.values().stream().filter(u -> query.statuses().contains(u.status()))
                .filter(u -> query.email() == null || u.email().contains(query.email())).toList();
        List<User> slice = all.stream().skip(page.offset()).limit(page.limit()).toList();
        return new Page<>(slice, all.size(), page.offset(), page.limit());
    }

    @Override
    public UserDetail getUser(Caller caller, String email) {
        call(List.of(caller, email));
        return detail(email);
    }

    @Override
    public CreatedUser createUser(Caller caller, Inputs.NewUser input) {
        call(input);
        if (users.containsKey(input.email())) {
            throw new ConflictException("a user with this email exists", "email");
        }
        User u = new User("id-" + input.email(), input.email(), input.username(), input.fullName(),
                input.description(), "hash", "default", input.role() == null ? Role.USER : input.role(),
                input.status() == null ? UserStatus.ACTIVE : input.status(), Boolean.TRUE.equals(input.needPasswordChange()),
                false, "AKNEW", Set.of(), T0, T0);
        add(u);
        KeyPair kp = new KeyPair("AKNEW", "SKNEW-secret", u.id(), true, false, "default", 1000, T0, null, 0);
        return new CreatedUser(detail(u.email()), kp);
    }

    @Override
    public UserDetail updateUser(Caller caller, String email, Inputs.UserUpdate input) {
        call(input);
        User u = detail(email).user();
        User n = new User(u.id(), u.email(), input.username() == null ? u.username() : input.username(),
                input.fullName() == null ? u.fullName() : input.fullName(), u.description(), u.passwordHash(),
                u.domainName(), input.role() == null ? u.role() : input.role(),
                input.status() == null ? u.status() : input.status(), u.needPasswordChange(),
                u.sudoSessionEnabled(), u.mainAccessKey(), u.projectIds(), u.createdAt(), T0);
        add(n);
        return detail(email);
    }

    @Override
    public UserDetail deactivateUser(Caller caller, String email) {
        call(email);
        return updateUser(caller, email, new Inputs.UserUpdate(null, null, null, null, null, UserStatus.INACTIVE,
                null, null, null));
    }

    @Override
    public Page<Domain> listDomains(Caller caller, Boolean active, PageRequest page) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Domain getDomain(Caller caller, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Domain createDomain(Caller caller, Inputs.NewDomain input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Domain updateDomain(Caller caller, String name, Inputs.DomainUpdate input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<Project> listProjects(Caller caller, String domain, Boolean active, PageRequest page) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Project getProject(Caller caller, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Project createProject(Caller caller, Inputs.NewProject input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Project updateProject(Caller caller, String id, Inputs.ProjectUpdate input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<KeyPair> listKeyPairs(Caller caller, KeyPairQuery query, PageRequest page) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyPair getKeyPair(Caller caller, String accessKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyPair createKeyPair(Caller caller, Inputs.NewKeyPair input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyPair updateKeyPair(Caller caller, String accessKey, Inputs.KeyPairUpdate input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteKeyPair(Caller caller, String accessKey) {
        call(accessKey);
        throw new ConflictException("the keypair was used to create sessions", "access_key");
    }

    @Override
    public Map<String, String> userEmails(Caller caller, java.util.Collection<String> userIds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (User u : users.values()) {
            if (userIds.contains(u.id())) {
                out.put(u.id(), u.email());
            }
        }
        return out;
    }
}
