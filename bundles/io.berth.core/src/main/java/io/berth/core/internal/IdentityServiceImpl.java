package io.berth.core.internal;

import io.berth.core.auth.PasswordHasher;
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
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairReferences;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.repo.UserRepository;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.SlotRegistry;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.ResourceSlots;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The rules of SPEC R1–R3, U1–U8 and K1–K4 over the repositories. */
@Component(service = IdentityService.class)
public final class IdentityServiceImpl implements IdentityService {
    private final UnitOfWork tx;
    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final UserRepository users;
    private final KeyPairRepository keyPairs;
    private final KeyPairPolicyRepository keyPairPolicies;
    private final UserPolicyRepository userPolicies;
    private final ProjectPolicyRepository projectPolicies;
    private final SlotRegistry slots;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final List<KeyPairReferences> references = new CopyOnWriteArrayList<>();

    public IdentityServiceImpl(UnitOfWork tx, DomainRepository domains, ProjectRepository projects,
            UserRepository users, KeyPairRepository keyPairs, KeyPairPolicyRepository keyPairPolicies,
            UserPolicyRepository userPolicies, ProjectPolicyRepository projectPolicies, SlotRegistry slots,
            PasswordHasher hasher, Clock clock) {
        this.tx = tx;
        this.domains = domains;
        this.projects = projects;
        this.users = users;
        this.keyPairs = keyPairs;
        this.keyPairPolicies = keyPairPolicies;
        this.userPolicies = userPolicies;
        this.projectPolicies = projectPolicies;
        this.slots = slots;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Activate
    public IdentityServiceImpl(@Reference UnitOfWork tx, @Reference DomainRepository domains,
            @Reference ProjectRepository projects, @Reference UserRepository users,
            @Reference KeyPairRepository keyPairs, @Reference KeyPairPolicyRepository keyPairPolicies,
            @Reference UserPolicyRepository userPolicies, @Reference ProjectPolicyRepository projectPolicies,
            @Reference SlotRegistry slots) {
        this(tx, domains, projects, users, keyPairs, keyPairPolicies, userPolicies, projectPolicies, slots,
                new PasswordHasher(), Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addReferences(KeyPairReferences r) {
        references.add(r);
    }

    public void removeReferences(KeyPairReferences r) {
        references.remove(r);
    }

    /** Runs a change in one transaction; cached credentials are dropped after it, committed or not. */
    private <T> T write(java.util.function.Supplier<T> work) {
        try {
            return tx.inTransaction(work);
        } finally {
            CredentialGeneration.advance();
        }
    }

    private void writeRun(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    private Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- domains

    @Override
    public Page<Domain> listDomains(Caller caller, Boolean active, PageRequest page) {
        sortKey(page, Set.of("name", "created_at", "modified_at"));
        return domains.list(active, caller.isGlobalReader() ? null : caller.domainName(), page);
    }

    @Override
    public Domain getDomain(Caller caller, String name) {
        Domain d = domain(name);
        Access.readDomain(caller, d.name());
        return d;
    }

    @Override
    public Domain createDomain(Caller caller, NewDomain in) {
        Access.superadmin(caller, "create domains");
        String name = Rules.slug(in.name(), "name");
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        List<String> hosts = Rules.hosts(in.allowedVfolderHosts(), "allowed_vfolder_hosts");
        List<String> registries = Rules.hosts(in.allowedDockerRegistries(), "allowed_docker_registries");
        ResourceSlots total = totalSlots(in.totalResourceSlots());
        return write(() -> {
            if (domains.find(name).isPresent()) {
                throw new ConflictException("a domain named '" + name + "' already exists", "name");
            }
            Instant now = now();
            Domain d = new Domain(name, description, in.active() == null || in.active(),
                    total == null ? ResourceSlots.EMPTY : total, hosts, registries, now, now);
            domains.insert(d);
            projects.insert(modelStoreProject(name, now));
            return d;
        });
    }

    /** The model-store project every domain has (SPEC R2). */
    public static Project modelStoreProject(String domain, Instant now) {
        return new Project(UUID.randomUUID().toString(), domain, ProjectType.MODEL_STORE_NAME,
                "Model store of domain " + domain, true, ProjectType.MODEL_STORE, ResourceSlots.EMPTY, List.of(),
                List.of(), ProjectResourcePolicy.DEFAULT, now, now);
    }

    @Override
    public Domain updateDomain(Caller caller, String name, DomainUpdate in) {
        Access.superadmin(caller, "change domains");
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        List<String> hosts = Rules.hostsOrKeep(in.allowedVfolderHosts(), "allowed_vfolder_hosts");
        List<String> registries = Rules.hostsOrKeep(in.allowedDockerRegistries(), "allowed_docker_registries");
        ResourceSlots total = totalSlots(in.totalResourceSlots());
        return write(() -> {
            Domain d = domain(name);
            Domain u = new Domain(d.name(), description != null ? description : d.description(),
                    in.active() != null ? in.active() : d.active(), total != null ? total : d.totalResourceSlots(),
                    hosts != null ? hosts : d.allowedVfolderHosts(),
                    registries != null ? registries : d.allowedDockerRegistries(), d.createdAt(), now());
            domains.update(u);
            return u;
        });
    }

    /** Domain and project totals (SPEC R2): any known slot, ∞ allowed; null when not given. */
    private ResourceSlots totalSlots(java.util.Map<String, ?> raw) {
        return raw == null ? null : slots.parse(raw, "total_resource_slots");
    }

    private Domain domain(String name) {
        return domains.find(name).orElseThrow(() -> new NotFoundException("no domain named '" + name + "'"));
    }

    // ---------------------------------------------------------------- projects

    @Override
    public Page<Project> listProjects(Caller caller, String domain, Boolean active, PageRequest page) {
        sortKey(page, Set.of("name", "domain_name", "created_at", "modified_at"));
        if (caller.isGlobalReader()) {
            return projects.list(domain, active, null, page);
        }
        if (domain != null && !domain.equals(caller.domainName())) {
            throw new ForbiddenException("domain '" + domain + "' is outside your domain");
        }
        if (caller.role() == Role.ADMIN) {
            return projects.list(caller.domainName(), active, null, page);
        }
        User me = self(caller);
        return projects.list(caller.domainName(), active, me.projectIds(), page);
    }

    @Override
    public Project getProject(Caller caller, String id) {
        Project p = project(id);
        if (caller.isGlobalReader() || Access.canManageDomain(caller, p.domainName())) {
            return p;
        }
        if (caller.role() == Role.USER && self(caller).projectIds().contains(p.id())) {
            return p;
        }
        throw new ForbiddenException("you may not view project " + p.name());
    }

    @Override
    public Project createProject(Caller caller, NewProject in) {
        String domainName = Rules.slug(in.domainName(), "domain_name");
        Access.manageDomain(caller, domainName, "create projects");
        String name = Rules.slug(in.name(), "name");
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        List<String> hosts = Rules.hosts(in.allowedVfolderHosts(), "allowed_vfolder_hosts");
        List<String> registries = Rules.hosts(in.allowedDockerRegistries(), "allowed_docker_registries");
        String policy = in.resourcePolicy() == null ? ProjectResourcePolicy.DEFAULT
                : Rules.policyName(in.resourcePolicy());
        ResourceSlots total = totalSlots(in.totalResourceSlots());
        return write(() -> {
            domain(domainName);
            projectPolicy(policy);
            if (projects.findByName(domainName, name).isPresent()) {
                throw new ConflictException("domain '" + domainName + "' already has a project named '" + name + "'",
                        "name");
            }
            Instant now = now();
            Project p = new Project(UUID.randomUUID().toString(), domainName, name, description,
                    in.active() == null || in.active(), ProjectType.GENERAL, total == null ? ResourceSlots.EMPTY : total,
                    hosts, registries, policy, now, now);
            projects.insert(p);
            return p;
        });
    }

    @Override
    public Project updateProject(Caller caller, String id, ProjectUpdate in) {
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        List<String> hosts = Rules.hostsOrKeep(in.allowedVfolderHosts(), "allowed_vfolder_hosts");
        List<String> registries = Rules.hostsOrKeep(in.allowedDockerRegistries(), "allowed_docker_registries");
        String policy = in.resourcePolicy() == null ? null : Rules.policyName(in.resourcePolicy());
        ResourceSlots total = totalSlots(in.totalResourceSlots());
        return write(() -> {
            Project p = project(id);
            Access.manageDomain(caller, p.domainName(), "change projects");
            if (policy != null) {
                projectPolicy(policy);
            }
            Project u = new Project(p.id(), p.domainName(), p.name(), description != null ? description : p.description(),
                    in.active() != null ? in.active() : p.active(), p.type(),
                    total != null ? total : p.totalResourceSlots(),
                    hosts != null ? hosts : p.allowedVfolderHosts(),
                    registries != null ? registries : p.allowedDockerRegistries(), policy != null ? policy : p.resourcePolicy(),
                    p.createdAt(), now());
            projects.update(u);
            return u;
        });
    }

    private Project project(String id) {
        if (id == null || id.length() > 64) {
            throw new NotFoundException("no project with id '" + id + "'");
        }
        return projects.find(id).orElseThrow(() -> new NotFoundException("no project with id '" + id + "'"));
    }

    /** Resolves project references (id, or name within the domain) and adds the model-store project. */
    private Set<String> resolveProjects(String domainName, Collection<String> refs) {
        Set<String> ids = new LinkedHashSet<>();
        if (refs != null) {
            if (refs.size() > 256) {
                throw new ValidationException("at most 256 projects may be given", "projects");
            }
            for (String ref : refs) {
                if (ref == null || ref.isBlank() || ref.length() > 64) {
                    throw new ValidationException("project references must be ids or names of at most 64 characters",
                            "projects");
                }
                Project p = projects.find(ref).or(() -> projects.findByName(domainName, ref))
                        .orElseThrow(() -> new ValidationException(
                                "no project '" + ref + "' in domain '" + domainName + "'", "projects"));
                if (!p.domainName().equals(domainName)) {
                    throw new ValidationException("project '" + ref + "' is not in domain '" + domainName + "'",
                            "projects");
                }
                ids.add(p.id());
            }
        }
        Project modelStore = projects.findByName(domainName, ProjectType.MODEL_STORE_NAME)
                .orElseThrow(() -> new IllegalStateException("domain " + domainName + " has no model-store project"));
        ids.add(modelStore.id());
        return ids;
    }

    // ---------------------------------------------------------------- users

    @Override
    public Page<User> listUsers(Caller caller, UserQuery query, PageRequest page) {
        sortKey(page, UserQuery.SORT_KEYS);
        if (query.email() != null) {
            Rules.maxLength(query.email(), Rules.MAX_NAME, "email");
        }
        if (query.username() != null) {
            Rules.maxLength(query.username(), Rules.MAX_NAME, "username");
        }
        if (query.accessKey() != null) {
            Rules.maxLength(query.accessKey(), Rules.MAX_NAME, "access_key");
        }
        if (caller.isGlobalReader()) {
            return users.list(query, page);
        }
        if (caller.role() != Role.ADMIN) {
            throw new ForbiddenException("your role (" + caller.role().wire() + ") may not list users");
        }
        if (query.domain() != null && !query.domain().equals(caller.domainName())) {
            throw new ForbiddenException("domain '" + query.domain() + "' is outside your domain");
        }
        return users.list(query.withDomain(caller.domainName()), page);
    }

    @Override
    public UserDetail getUser(Caller caller, String email) {
        User u = user(email);
        Access.readUser(caller, u);
        return detail(u);
    }

    private UserDetail detail(User u) {
        Domain d = domain(u.domainName());
        List<Project> ps = new ArrayList<>(projects.findAll(u.projectIds()));
        ps.sort(Comparator.comparing(Project::name));
        List<KeyPair> kps = keyPairs.findByUser(u.id()).stream().map(KeyPair::redacted)
                .sorted(Comparator.comparing(KeyPair::createdAt).thenComparing(KeyPair::accessKey)).toList();
        return new UserDetail(u, d, ps, kps);
    }

    @Override
    public CreatedUser createUser(Caller caller, NewUser in) {
        Access.superadmin(caller, "create users");
        String email = Rules.email(in.email());
        String username = in.username() == null ? email : Rules.username(in.username());
        String password = Rules.password(in.password());
        String fullName = Rules.text(in.fullName(), Rules.MAX_NAME, "full_name");
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        String domainName = in.domainName() == null ? Domain.DEFAULT : Rules.slug(in.domainName(), "domain_name");
        Role role = in.role() == null ? Role.USER : in.role();
        UserStatus status = in.status() == null ? UserStatus.ACTIVE : in.status();
        String policy = in.resourcePolicy() == null ? UserResourcePolicy.DEFAULT : Rules.policyName(in.resourcePolicy());
        String hash = hasher.hash(password);
        return write(() -> {
            Domain d = domain(domainName);
            userPolicy(policy);
            if (users.findByEmail(email).isPresent()) {
                throw new ConflictException("a user with email '" + email + "' already exists", "email");
            }
            if (users.findByUsername(username).isPresent()) {
                throw new ConflictException("a user with username '" + username + "' already exists", "username");
            }
            Set<String> projectIds = resolveProjects(d.name(), in.projects());
            Instant now = now();
            String id = UUID.randomUUID().toString();
            KeyPair kp = new KeyPair(newAccessKey(), Keys.secretKey(), id, status == UserStatus.ACTIVE,
                    role != Role.USER, KeyPairResourcePolicy.DEFAULT, KeyPair.DEFAULT_RATE_LIMIT, now, null, 0);
            User u = new User(id, email, username, fullName, description, hash, d.name(), role, status,
                    Boolean.TRUE.equals(in.needPasswordChange()), Boolean.TRUE.equals(in.sudoSessionEnabled()),
                    kp.accessKey(), policy, projectIds, now, now);
            users.insert(u);
            keyPairs.insert(kp);
            return new CreatedUser(detail(u), kp);
        });
    }

    private String newAccessKey() {
        for (int i = 0; i < 8; i++) {
            String ak = Keys.accessKey();
            if (keyPairs.find(ak).isEmpty()) {
                return ak;
            }
        }
        throw new IllegalStateException("could not generate a unique access key");
    }

    @Override
    public UserDetail updateUser(Caller caller, String email, UserUpdate in) {
        String username = in.username() == null ? null : Rules.username(in.username());
        String fullName = Rules.text(in.fullName(), Rules.MAX_NAME, "full_name");
        String description = Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        String hash = in.password() == null ? null : hasher.hash(Rules.password(in.password()));
        String policy = in.resourcePolicy() == null ? null : Rules.policyName(in.resourcePolicy());
        return write(() -> {
            User u = user(email);
            Access.manageUser(caller, u, "change");
            if (policy != null && !policy.equals(u.resourcePolicy())) {
                Access.superadmin(caller, "assign user resource policies");
                userPolicy(policy);
            }
            if (in.role() != null && in.role() != u.role()) {
                Access.grantRole(caller, in.role());
                if (u.id().equals(caller.userId())) {
                    throw new ConflictException("you cannot change your own role", "role");
                }
            }
            if (in.status() != null && in.status() != UserStatus.ACTIVE && u.id().equals(caller.userId())) {
                throw new ConflictException("you cannot deactivate your own account", "status");
            }
            if (username != null && !username.equals(u.username())) {
                users.findByUsername(username).filter(o -> !o.id().equals(u.id())).ifPresent(o -> {
                    throw new ConflictException("a user with username '" + username + "' already exists", "username");
                });
            }
            Set<String> projectIds = in.projects() == null ? u.projectIds() : resolveProjects(u.domainName(), in.projects());
            UserStatus status = in.status() != null ? in.status() : u.status();
            Instant now = now();
            User changed = new User(u.id(), u.email(), username != null ? username : u.username(),
                    fullName != null ? fullName : u.fullName(), description != null ? description : u.description(),
                    hash != null ? hash : u.passwordHash(), u.domainName(), in.role() != null ? in.role() : u.role(),
                    status, in.needPasswordChange() != null ? in.needPasswordChange() : u.needPasswordChange(),
                    in.sudoSessionEnabled() != null ? in.sudoSessionEnabled() : u.sudoSessionEnabled(),
                    u.mainAccessKey(), policy != null ? policy : u.resourcePolicy(), projectIds, u.createdAt(), now);
            users.update(changed);
            if (in.status() != null && status != UserStatus.ACTIVE) {
                deactivateKeyPairsOf(u);
            }
            return detail(changed);
        });
    }

    /** SPEC U8: every keypair of the user becomes inactive; re-activation does not undo this. */
    private void deactivateKeyPairsOf(User u) {
        for (KeyPair kp : keyPairs.findByUser(u.id())) {
            if (kp.active()) {
                keyPairs.update(kp.withActive(false));
            }
        }
    }

    @Override
    public UserDetail deactivateUser(Caller caller, String email) {
        return updateUser(caller, email, new UserUpdate(null, null, null, null, null, UserStatus.INACTIVE, null, null,
                null, null));
    }

    @Override
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        String hash = hasher.hash(Rules.password(newPassword));
        writeRun(() -> {
            User u = self(caller);
            if (!hasher.verify(currentPassword, u.passwordHash())) {
                throw new ForbiddenException("the current password is wrong");
            }
            Instant now = now();
            users.update(new User(u.id(), u.email(), u.username(), u.fullName(), u.description(), hash, u.domainName(),
                    u.role(), u.status(), false, u.sudoSessionEnabled(), u.mainAccessKey(), u.resourcePolicy(), u.projectIds(),
                    u.createdAt(), now));
        });
    }

    private User self(Caller caller) {
        return users.findById(caller.userId())
                .orElseThrow(() -> new ForbiddenException("this operation needs a user account"));
    }

    private User user(String email) {
        if (email == null || email.length() > Rules.MAX_NAME) {
            throw new NotFoundException("no user with email '" + email + "'");
        }
        return users.findByEmail(email.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new NotFoundException("no user with email '" + email + "'"));
    }

    // ---------------------------------------------------------------- keypairs

    @Override
    public Page<KeyPair> listKeyPairs(Caller caller, KeyPairQuery query, PageRequest page) {
        sortKey(page, KeyPairQuery.SORT_KEYS);
        KeyPairQuery q = query;
        if (q.email() != null) {
            Rules.maxLength(q.email(), Rules.MAX_NAME, "email");
        }
        if (q.accessKey() != null) {
            Rules.maxLength(q.accessKey(), Rules.MAX_NAME, "access_key");
        }
        if (!caller.isGlobalReader()) {
            if (caller.role() == Role.ADMIN) {
                if (q.domain() != null && !q.domain().equals(caller.domainName())) {
                    throw new ForbiddenException("domain '" + q.domain() + "' is outside your domain");
                }
                q = q.withDomain(caller.domainName());
            } else {
                q = q.withUser(caller.userId());
            }
        }
        return keyPairs.list(q, page).map(KeyPair::redacted);
    }

    @Override
    public KeyPair getKeyPair(Caller caller, String accessKey) {
        KeyPair kp = keyPair(accessKey);
        User owner = owner(kp);
        Access.readUser(caller, owner);
        return kp.redacted();
    }

    @Override
    public KeyPair createKeyPair(Caller caller, NewKeyPair in) {
        String ak = in.accessKey() == null ? null : Rules.accessKey(in.accessKey());
        String sk = in.secretKey() == null ? Keys.secretKey() : Rules.secretKey(in.secretKey());
        if (ak == null && in.secretKey() != null) {
            throw new ValidationException("secret_key may only be given together with access_key", "secret_key");
        }
        String policy = in.resourcePolicy() == null ? KeyPairResourcePolicy.DEFAULT
                : Rules.policyName(in.resourcePolicy());
        int rate = in.rateLimit() == null ? KeyPair.DEFAULT_RATE_LIMIT : Rules.rateLimit(in.rateLimit(), KeyPair.MAX_RATE_LIMIT);
        return write(() -> {
            User owner = user(Rules.required(in.userEmail(), "user_id"));
            Access.manageUser(caller, owner, "add keypairs to");
            boolean admin = in.admin() == null ? owner.role() != Role.USER : in.admin();
            checkAdminFlag(admin, owner);
            keyPairPolicy(policy);
            String accessKey = ak;
            if (accessKey == null) {
                accessKey = newAccessKey();
            } else if (keyPairs.find(accessKey).isPresent()) {
                throw new ConflictException("a keypair with access key '" + accessKey + "' already exists", "access_key");
            }
            boolean active = in.active() == null || in.active();
            if (active && !owner.isActive()) {
                throw new ConflictException("an active keypair cannot be added to an inactive user", "active");
            }
            KeyPair kp = new KeyPair(accessKey, sk, owner.id(), active, admin, policy, rate, now(), null, 0);
            keyPairs.insert(kp);
            if (owner.mainAccessKey() == null) {
                users.update(owner.withMainAccessKey(accessKey, now()));
            }
            return kp;
        });
    }

    private void keyPairPolicy(String name) {
        if (keyPairPolicies.find(name).isEmpty()) {
            throw new ValidationException("no keypair resource policy named '" + name + "'", "resource_policy");
        }
    }

    private void userPolicy(String name) {
        if (userPolicies.find(name).isEmpty()) {
            throw new ValidationException("no user resource policy named '" + name + "'", "resource_policy");
        }
    }

    private void projectPolicy(String name) {
        if (projectPolicies.find(name).isEmpty()) {
            throw new ValidationException("no project resource policy named '" + name + "'", "resource_policy");
        }
    }

    private static void checkAdminFlag(boolean admin, User owner) {
        if (admin && owner.role() == Role.USER) {
            throw new ValidationException("a keypair of a user with role 'user' cannot be an admin keypair", "is_admin");
        }
    }

    @Override
    public KeyPair updateKeyPair(Caller caller, String accessKey, KeyPairUpdate in) {
        String policy = in.resourcePolicy() == null ? null : Rules.policyName(in.resourcePolicy());
        Integer rate = in.rateLimit() == null ? null : Rules.rateLimit(in.rateLimit(), KeyPair.MAX_RATE_LIMIT);
        return write(() -> {
            KeyPair kp = keyPair(accessKey);
            User owner = owner(kp);
            Access.manageUser(caller, owner, "change keypairs of");
            boolean admin = in.admin() != null ? in.admin() : kp.admin();
            checkAdminFlag(admin, owner);
            if (policy != null) {
                keyPairPolicy(policy);
            }
            KeyPair u = new KeyPair(kp.accessKey(), kp.secretKey(), kp.userId(), in.active() != null ? in.active() : kp.active(),
                    admin, policy != null ? policy : kp.resourcePolicy(), rate != null ? rate : kp.rateLimit(),
                    kp.createdAt(), kp.lastUsed(), kp.numQueries());
            keyPairs.update(u);
            return u.redacted();
        });
    }

    @Override
    public void deleteKeyPair(Caller caller, String accessKey) {
        writeRun(() -> {
            KeyPair kp = keyPair(accessKey);
            User owner = owner(kp);
            Access.manageUser(caller, owner, "delete keypairs of");
            List<String> reasons = references.stream().flatMap(r -> r.referencesTo(kp.accessKey()).stream())
                    .filter(Objects::nonNull).toList();
            if (!reasons.isEmpty()) {
                throw new ConflictException("keypair " + kp.accessKey() + " cannot be deleted: "
                        + reasons.stream().collect(Collectors.joining("; ")), "access_key");
            }
            keyPairs.delete(kp.accessKey());
            if (kp.accessKey().equals(owner.mainAccessKey())) {
                String next = keyPairs.findByUser(owner.id()).stream().filter(KeyPair::active)
                        .sorted(Comparator.comparing(KeyPair::createdAt).thenComparing(KeyPair::accessKey))
                        .map(KeyPair::accessKey).findFirst().orElse(null);
                users.update(owner.withMainAccessKey(next, now()));
            }
        });
    }

    @Override
    public java.util.Map<String, String> userEmails(Caller caller, Collection<String> userIds) {
        if (userIds.size() > PageRequest.MAX_LIMIT) {
            throw new ValidationException("at most " + PageRequest.MAX_LIMIT + " users at a time", "user_id");
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(userIds)) {
            if (id != null) {
                users.findById(id).filter(u -> Access.canReadUser(caller, u)).ifPresent(u -> out.put(id, u.email()));
            }
        }
        return out;
    }

    private KeyPair keyPair(String accessKey) {
        if (accessKey == null || accessKey.length() > Rules.MAX_NAME) {
            throw new NotFoundException("no keypair '" + accessKey + "'");
        }
        return keyPairs.find(accessKey).orElseThrow(() -> new NotFoundException("no keypair '" + accessKey + "'"));
    }

    private User owner(KeyPair kp) {
        return users.findById(kp.userId())
                .orElseThrow(() -> new IllegalStateException("keypair " + kp.accessKey() + " has no owner"));
    }

    private static void sortKey(PageRequest page, Set<String> allowed) {
        if (page.orderBy() != null && !allowed.contains(page.orderBy())) {
            throw new ValidationException("order_by must be one of: " + allowed.stream().sorted()
                    .collect(Collectors.joining(", ")), "order_by");
        }
    }
}
