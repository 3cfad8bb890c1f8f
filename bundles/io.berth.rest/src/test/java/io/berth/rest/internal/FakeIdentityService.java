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
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A hand-written in-memory identity service: users, one domain and one project, enough for the REST tests. */
final class FakeIdentityService implements IdentityService {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Domain DEFAULT = new Domain("default", "the default domain", true,
            ResourceSlots.of(Map.of("cpu", Amount.of(64), "mem", Amount.of(274_877_906_944L), "cuda.shares",
                    Amount.INFINITE)),
            List.of(), List.of(), T0, T0);
    static final Project PROJECT = new Project("p-1", "default", "research", "a project", true, ProjectType.GENERAL,
            ResourceSlots.of(Map.of("cuda.device", Amount.of(2), "cpu", Amount.of(new BigDecimal("0.5")))),
            List.of(), List.of(), "default", T0, T0);

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
                "default", role, UserStatus.ACTIVE, false, false, "AK-" + email, "policy-" + role.wire(), Set.of(),
                T0, T0);
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
                false, "AKNEW", input.resourcePolicy() == null ? "default" : input.resourcePolicy(), Set.of(), T0,
                T0);
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
                u.sudoSessionEnabled(), u.mainAccessKey(),
                input.resourcePolicy() == null ? u.resourcePolicy() : input.resourcePolicy(), u.projectIds(),
                u.createdAt(), T0);
        add(n);
        return detail(email);
    }

    @Override
    public UserDetail deactivateUser(Caller caller, String email) {
        call(email);
        return updateUser(caller, email, new Inputs.UserUpdate(null, null, null, null, null, UserStatus.INACTIVE,
                null, null, null, null));
    }

    @Override
    public Page<Domain> listDomains(Caller caller, Boolean active, PageRequest page) {
        call(List.of(caller, page));
        return new Page<>(List.of(DEFAULT), 1, page.offset(), page.limit());
    }

    @Override
    public Domain getDomain(Caller caller, String name) {
        call(name);
        if (!DEFAULT.name().equals(name)) {
            throw new NotFoundException("no domain " + name, "name");
        }
        return DEFAULT;
    }

    /** Answers a domain with the given name and no slot limits: parsing slots is core's business. */
    @Override
    public Domain createDomain(Caller caller, Inputs.NewDomain input) {
        call(input);
        return new Domain(input.name(), input.description(), true, null, List.of(), List.of(), T0, T0);
    }

    @Override
    public Domain updateDomain(Caller caller, String name, Inputs.DomainUpdate input) {
        call(input);
        return getDomain(caller, name);
    }

    @Override
    public Page<Project> listProjects(Caller caller, String domain, Boolean active, PageRequest page) {
        call(List.of(caller, page));
        return new Page<>(List.of(PROJECT), 1, page.offset(), page.limit());
    }

    @Override
    public Project getProject(Caller caller, String id) {
        call(id);
        if (!PROJECT.id().equals(id)) {
            throw new NotFoundException("no project " + id, "id");
        }
        return PROJECT;
    }

    @Override
    public Project createProject(Caller caller, Inputs.NewProject input) {
        call(input);
        return new Project("p-new", input.domainName(), input.name(), null, true, ProjectType.GENERAL, null,
                List.of(), List.of(), "default", T0, T0);
    }

    @Override
    public Project updateProject(Caller caller, String id, Inputs.ProjectUpdate input) {
        call(input);
        return getProject(caller, id);
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
