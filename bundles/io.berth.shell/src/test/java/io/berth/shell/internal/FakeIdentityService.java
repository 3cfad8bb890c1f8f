package io.berth.shell.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Domain;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
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
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A small in-memory identity service with the rules the shell tests rely on; it records the last queries. */
final class FakeIdentityService implements IdentityService {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    final Map<String, Domain> domains = new LinkedHashMap<>();
    final Map<String, Project> projects = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    final List<Caller> callers = new ArrayList<>();
    final FakeSlotRegistry slots = FakeSlotRegistry.INSTANCE;
    NewDomain lastNewDomain;
    DomainUpdate lastDomainUpdate;
    ProjectUpdate lastProjectUpdate;
    NewProject lastNewProject;
    NewUser lastNewUser;
    UserUpdate lastUserUpdate;
    UserQuery lastUserQuery;
    KeyPairQuery lastKeyPairQuery;
    PageRequest lastPage;
    private int sequence;

    FakeIdentityService() {
        createDomain(Caller.SYSTEM, new NewDomain(Domain.DEFAULT, "The default domain", true, List.of(), List.of(),
                null));
    }

    private String next(String prefix, int length) {
        String n = prefix + (++sequence);
        return n + "X".repeat(length - n.length());
    }

    private <T> Page<T> page(Stream<T> items, Comparator<T> order, PageRequest page) {
        lastPage = page;
        List<T> all = items.sorted(page.descending() ? order.reversed() : order).toList();
        int from = Math.min(page.offset(), all.size());
        return new Page<>(all.subList(from, Math.min(all.size(), from + page.limit())), all.size(), page.offset(),
                page.limit());
    }

    private static boolean contains(String value, String part) {
        return part == null || (value != null && value.contains(part));
    }

    @Override
    public Page<Domain> listDomains(Caller caller, Boolean active, PageRequest page) {
        callers.add(caller);
        return page(domains.values().stream().filter(d -> active == null || d.active() == active),
                Comparator.comparing(Domain::name), page);
    }

    @Override
    public Domain getDomain(Caller caller, String name) {
        callers.add(caller);
        Domain d = domains.get(name);
        if (d == null) {
            throw new NotFoundException("no domain named '" + name + "'");
        }
        return d;
    }

    @Override
    public Domain createDomain(Caller caller, NewDomain in) {
        callers.add(caller);
        lastNewDomain = in;
        if (domains.containsKey(in.name())) {
            throw new ConflictException("a domain named '" + in.name() + "' already exists", "name");
        }
        Domain d = new Domain(in.name(), in.description(), in.active() == null || in.active(),
                slots.parseOrNull(in.totalResourceSlots(), "total_resource_slots"), in.allowedVfolderHosts(),
                in.allowedDockerRegistries(), T0, T0);
        domains.put(d.name(), d);
        String id = next("p", 36);
        projects.put(id, new Project(id, d.name(), ProjectType.MODEL_STORE_NAME, null, true, ProjectType.MODEL_STORE,
                null, List.of(), List.of(), KeyPair.DEFAULT_POLICY, T0, T0));
        return d;
    }

    @Override
    public Domain updateDomain(Caller caller, String name, DomainUpdate in) {
        lastDomainUpdate = in;
        Domain d = getDomain(caller, name);
        ResourceSlots total = slots.parseOrNull(in.totalResourceSlots(), "total_resource_slots");
        Domain u = new Domain(d.name(), in.description() != null ? in.description() : d.description(),
                in.active() != null ? in.active() : d.active(), total != null ? total : d.totalResourceSlots(),
                in.allowedVfolderHosts() != null ? in.allowedVfolderHosts() : d.allowedVfolderHosts(),
                in.allowedDockerRegistries() != null ? in.allowedDockerRegistries() : d.allowedDockerRegistries(),
                d.createdAt(), T0);
        domains.put(name, u);
        return u;
    }

    @Override
    public Page<Project> listProjects(Caller caller, String domain, Boolean active, PageRequest page) {
        callers.add(caller);
        return page(projects.values().stream().filter(p -> domain == null || p.domainName().equals(domain))
                .filter(p -> active == null || p.active() == active), Comparator.comparing(Project::name), page);
    }

    @Override
    public Project getProject(Caller caller, String id) {
        callers.add(caller);
        Project p = projects.get(id);
        if (p == null) {
            throw new NotFoundException("no project with id '" + id + "'");
        }
        return p;
    }

    @Override
    public Project createProject(Caller caller, NewProject in) {
        lastNewProject = in;
        getDomain(caller, in.domainName());
        if (projects.values().stream().anyMatch(p -> p.domainName().equals(in.domainName())
                && p.name().equals(in.name()))) {
            throw new ConflictException("domain '" + in.domainName() + "' already has a project named '" + in.name()
                    + "'", "name");
        }
        String id = next("p", 36);
        Project p = new Project(id, in.domainName(), in.name(), in.description(), in.active() == null || in.active(),
                ProjectType.GENERAL, slots.parseOrNull(in.totalResourceSlots(), "total_resource_slots"),
                in.allowedVfolderHosts(), in.allowedDockerRegistries(),
                in.resourcePolicy() == null ? KeyPair.DEFAULT_POLICY : in.resourcePolicy(), T0, T0);
        projects.put(id, p);
        return p;
    }

    @Override
    public Project updateProject(Caller caller, String id, ProjectUpdate in) {
        lastProjectUpdate = in;
        Project p = getProject(caller, id);
        ResourceSlots total = slots.parseOrNull(in.totalResourceSlots(), "total_resource_slots");
        Project u = new Project(p.id(), p.domainName(), p.name(),
                in.description() != null ? in.description() : p.description(),
                in.active() != null ? in.active() : p.active(), p.type(),
                total != null ? total : p.totalResourceSlots(),
                in.allowedVfolderHosts() != null ? in.allowedVfolderHosts() : p.allowedVfolderHosts(),
                in.allowedDockerRegistries() != null ? in.allowedDockerRegistries() : p.allowedDockerRegistries(),
                in.resourcePolicy() != null ? in.resourcePolicy() : p.resourcePolicy(), p.createdAt(), T0);
        projects.put(id, u);
        return u;
    }

    @Override
    public Page<User> listUsers(Caller caller, UserQuery q, PageRequest page) {
        callers.add(caller);
        lastUserQuery = q;
        Predicate<User> match = u -> contains(u.email(), q.email()) && contains(u.username(), q.username())
                && contains(u.mainAccessKey(), q.accessKey()) && (q.statuses() == null || q.statuses().contains(u.status()))
                && (q.domain() == null || q.domain().equals(u.domainName()));
        return page(users.values().stream().filter(match), Comparator.comparing(User::email), page);
    }

    @Override
    public UserDetail getUser(Caller caller, String email) {
        callers.add(caller);
        return detail(user(email));
    }

    private User user(String email) {
        User u = users.get(email);
        if (u == null) {
            throw new NotFoundException("no user with email '" + email + "'");
        }
        return u;
    }

    private UserDetail detail(User u) {
        return new UserDetail(u, domains.get(u.domainName()),
                u.projectIds().stream().map(projects::get).sorted(Comparator.comparing(Project::name)).toList(),
                keyPairs.values().stream().filter(k -> k.userId().equals(u.id())).map(KeyPair::redacted).toList());
    }

    private Set<String> resolve(String domain, Set<String> refs) {
        Set<String> ids = new LinkedHashSet<>();
        for (String ref : refs == null ? Set.<String>of() : refs) {
            ids.add(projects.values().stream().filter(p -> p.id().equals(ref)
                    || (p.domainName().equals(domain) && p.name().equals(ref))).findFirst()
                    .orElseThrow(() -> new ValidationException("no project '" + ref + "' in domain '" + domain + "'",
                            "projects")).id());
        }
        projects.values().stream().filter(p -> p.domainName().equals(domain) && p.type() == ProjectType.MODEL_STORE)
                .forEach(p -> ids.add(p.id()));
        return ids;
    }

    @Override
    public CreatedUser createUser(Caller caller, NewUser in) {
        callers.add(caller);
        lastNewUser = in;
        if (in.password() == null || in.password().length() < 8) {
            throw new ValidationException("password must have at least 8 characters", "password");
        }
        if (users.containsKey(in.email())) {
            throw new ConflictException("a user with email '" + in.email() + "' already exists", "email");
        }
        String domain = in.domainName() == null ? Domain.DEFAULT : in.domainName();
        getDomain(caller, domain);
        String id = next("u", 12);
        Role role = in.role() == null ? Role.USER : in.role();
        UserStatus status = in.status() == null ? UserStatus.ACTIVE : in.status();
        KeyPair kp = new KeyPair(next("AK", 20), next("SK", 40), id, status == UserStatus.ACTIVE, role != Role.USER,
                KeyPair.DEFAULT_POLICY, KeyPair.DEFAULT_RATE_LIMIT, T0, null, 0);
        User u = new User(id, in.email(), in.username() == null ? in.email() : in.username(), in.fullName(),
                in.description(), "hash", domain, role, status, Boolean.TRUE.equals(in.needPasswordChange()),
                Boolean.TRUE.equals(in.sudoSessionEnabled()), kp.accessKey(),
                in.resourcePolicy() == null ? "default" : in.resourcePolicy(), resolve(domain, in.projects()), T0, T0);
        users.put(u.email(), u);
        keyPairs.put(kp.accessKey(), kp);
        return new CreatedUser(detail(u), kp);
    }

    @Override
    public UserDetail updateUser(Caller caller, String email, UserUpdate in) {
        callers.add(caller);
        lastUserUpdate = in;
        User u = user(email);
        UserStatus status = in.status() != null ? in.status() : u.status();
        User c = new User(u.id(), u.email(), in.username() != null ? in.username() : u.username(),
                in.fullName() != null ? in.fullName() : u.fullName(),
                in.description() != null ? in.description() : u.description(), u.passwordHash(), u.domainName(),
                in.role() != null ? in.role() : u.role(), status,
                in.needPasswordChange() != null ? in.needPasswordChange() : u.needPasswordChange(),
                in.sudoSessionEnabled() != null ? in.sudoSessionEnabled() : u.sudoSessionEnabled(), u.mainAccessKey(),
                in.resourcePolicy() != null ? in.resourcePolicy() : u.resourcePolicy(),
                in.projects() == null ? u.projectIds() : resolve(u.domainName(), in.projects()), u.createdAt(), T0);
        users.put(email, c);
        if (status != UserStatus.ACTIVE) {
            keyPairs.replaceAll((ak, k) -> k.userId().equals(u.id()) ? k.withActive(false) : k);
        }
        return detail(c);
    }

    @Override
    public UserDetail deactivateUser(Caller caller, String email) {
        return updateUser(caller, email, new UserUpdate(null, null, null, null, null, UserStatus.INACTIVE, null, null,
                null, null));
    }

    @Override
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        throw new ForbiddenException("this operation needs a user account");
    }

    @Override
    public Page<KeyPair> listKeyPairs(Caller caller, KeyPairQuery q, PageRequest page) {
        callers.add(caller);
        lastKeyPairQuery = q;
        return page(keyPairs.values().stream().filter(k -> q.active() == null || k.active() == q.active())
                .filter(k -> q.userId() == null || q.userId().equals(k.userId()))
                .filter(k -> contains(k.accessKey(), q.accessKey())).map(KeyPair::redacted),
                Comparator.comparing(KeyPair::accessKey), page);
    }

    @Override
    public KeyPair getKeyPair(Caller caller, String accessKey) {
        callers.add(caller);
        return keyPair(accessKey).redacted();
    }

    private KeyPair keyPair(String accessKey) {
        KeyPair k = keyPairs.get(accessKey);
        if (k == null) {
            throw new NotFoundException("no keypair '" + accessKey + "'");
        }
        return k;
    }

    @Override
    public KeyPair createKeyPair(Caller caller, NewKeyPair in) {
        callers.add(caller);
        User owner = user(in.userEmail());
        String ak = in.accessKey() != null ? in.accessKey() : next("AK", 20);
        if (keyPairs.containsKey(ak)) {
            throw new ConflictException("a keypair with access key '" + ak + "' already exists", "access_key");
        }
        KeyPair k = new KeyPair(ak, in.secretKey() != null ? in.secretKey() : next("SK", 40), owner.id(),
                in.active() == null || in.active(), in.admin() != null ? in.admin() : owner.role() != Role.USER,
                in.resourcePolicy() != null ? in.resourcePolicy() : KeyPair.DEFAULT_POLICY,
                in.rateLimit() != null ? in.rateLimit() : KeyPair.DEFAULT_RATE_LIMIT, T0, null, 0);
        keyPairs.put(ak, k);
        return k;
    }

    @Override
    public KeyPair updateKeyPair(Caller caller, String accessKey, KeyPairUpdate in) {
        callers.add(caller);
        KeyPair k = keyPair(accessKey);
        KeyPair u = new KeyPair(k.accessKey(), k.secretKey(), k.userId(), in.active() != null ? in.active() : k.active(),
                in.admin() != null ? in.admin() : k.admin(),
                in.resourcePolicy() != null ? in.resourcePolicy() : k.resourcePolicy(),
                in.rateLimit() != null ? in.rateLimit() : k.rateLimit(), k.createdAt(), k.lastUsed(), k.numQueries());
        keyPairs.put(accessKey, u);
        return u.redacted();
    }

    @Override
    public void deleteKeyPair(Caller caller, String accessKey) {
        callers.add(caller);
        KeyPair k = keyPairs.remove(keyPair(accessKey).accessKey());
        users.replaceAll((email, u) -> {
            if (!k.accessKey().equals(u.mainAccessKey())) {
                return u;
            }
            String next = keyPairs.values().stream().filter(o -> o.userId().equals(u.id()) && o.active())
                    .map(KeyPair::accessKey).findFirst().orElse(null);
            return u.withMainAccessKey(next, T0);
        });
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
