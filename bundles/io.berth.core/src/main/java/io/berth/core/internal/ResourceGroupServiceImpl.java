package io.berth.core.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.ResourceGroupInput;
import io.berth.core.group.ResourceGroupService;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.User;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.Referrers;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserRepository;
import io.berth.core.settings.SystemSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC A4 over the repositories: superadmins create, change, delete and associate resource groups;
 * superadmins and monitors see them all; everyone else sees the active groups allowed to them.
 */
@Component(service = ResourceGroupService.class)
public final class ResourceGroupServiceImpl implements ResourceGroupService {
    static final int MAX_URL = 2048;
    static final String DEFAULT_SCHEDULER = "fifo";
    static final String DOMAIN = "domain";
    static final String PROJECT = "project";
    static final String KEYPAIR = "keypair";
    private static final String OPTIONS = "scheduler_options.";

    private final UnitOfWork tx;
    private final ResourceGroupRepository groups;
    private final AgentRepository agents;
    private final DomainRepository domains;
    private final ProjectRepository projects;
    private final KeyPairRepository keyPairs;
    private final UserRepository users;
    private final Clock clock;

    @Activate
    public ResourceGroupServiceImpl(@Reference UnitOfWork tx, @Reference ResourceGroupRepository groups,
            @Reference AgentRepository agents, @Reference DomainRepository domains,
            @Reference ProjectRepository projects, @Reference KeyPairRepository keyPairs,
            @Reference UserRepository users) {
        this(tx, groups, agents, domains, projects, keyPairs, users, Clock.systemUTC());
    }

    public ResourceGroupServiceImpl(UnitOfWork tx, ResourceGroupRepository groups, AgentRepository agents,
            DomainRepository domains, ProjectRepository projects, KeyPairRepository keyPairs, UserRepository users,
            Clock clock) {
        this.tx = tx;
        this.groups = groups;
        this.agents = agents;
        this.domains = domains;
        this.projects = projects;
        this.keyPairs = keyPairs;
        this.users = users;
        this.clock = clock;
    }

    private <T> T read(Supplier<T> work) {
        return tx.inTransaction(work);
    }

    private ResourceGroup found(String name) {
        Optional<ResourceGroup> g = name == null || name.length() > Rules.MAX_NAME ? Optional.empty()
                : groups.find(name);
        return g.orElseThrow(() -> new NotFoundException("no resource group named '" + Rules.printable(name) + "'"));
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<ResourceGroup> list(Caller caller) {
        if (caller.isGlobalReader()) {
            return read(groups::list);
        }
        return allowed(caller);
    }

    @Override
    public ResourceGroup get(Caller caller, String name) {
        if (caller.isGlobalReader()) {
            return read(() -> found(name));
        }
        // the same answer whether the group is missing or not allowed: no probing for names
        return read(() -> allowed(caller).stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new ForbiddenException("resource group '" + Rules.printable(name)
                        + "' is not available to you")));
    }

    @Override
    public List<ResourceGroup> allowed(Caller caller) {
        return read(() -> {
            Set<String> projectIds = caller.userId() == null ? Set.of()
                    : users.findById(caller.userId()).map(User::projectIds).orElse(Set.of());
            Set<String> available = new HashSet<>(groups.availableTo(caller.domainName(), projectIds,
                    caller.accessKey()));
            return groups.list().stream().filter(ResourceGroup::active)
                    .filter(g -> g.isPublic() || available.contains(g.name())).toList();
        });
    }

    @Override
    public Associations associations(Caller caller, String name) {
        if (!caller.isGlobalReader()) {
            throw new ForbiddenException("only a superadmin or a monitor may view who may use a resource group");
        }
        return read(() -> groups.associations(found(name).name()));
    }

    // ---------------------------------------------------------------- changing

    @Override
    public ResourceGroup create(Caller caller, ResourceGroupInput in) {
        Access.superadmin(caller, "create resource groups");
        String name = Rules.slug(in.name(), "name");
        Instant now = clock.instant();
        ResourceGroup g = merge(in, new ResourceGroup(name, null, true, false, null, DEFAULT_SCHEDULER,
                SchedulerOptions.DEFAULTS, now, now), now);
        return tx.inTransaction(() -> {
            if (groups.find(name).isPresent()) {
                throw new ConflictException("a resource group named '" + name + "' already exists", "name");
            }
            groups.insert(g);
            return g;
        });
    }

    @Override
    public ResourceGroup update(Caller caller, String name, ResourceGroupInput in) {
        Access.superadmin(caller, "change resource groups");
        if (in.name() != null && !in.name().equals(name)) {
            throw new ValidationException("the name is the key of a resource group and cannot be changed", "name");
        }
        return tx.inTransaction(() -> {
            ResourceGroup old = found(name);
            ResourceGroup g = merge(in, old, clock.instant());
            groups.update(g);
            return g;
        });
    }

    /** The given fields over {@code base} (the defaults on create, the stored group on update). */
    private static ResourceGroup merge(ResourceGroupInput in, ResourceGroup base, Instant now) {
        String description = in.description() == null ? base.description()
                : Rules.text(in.description(), Rules.MAX_DESCRIPTION, "description");
        String wsproxy = in.wsproxyAddress() == null ? base.wsproxyAddress() : url(in.wsproxyAddress());
        String scheduler = in.scheduler() == null ? base.scheduler() : Rules.slug(in.scheduler(), "scheduler");
        SchedulerOptions o = base.schedulerOptions();
        Set<SessionType> types = in.allowedSessionTypes() == null ? o.allowedSessionTypes()
                : sessionTypes(in.allowedSessionTypes());
        long pending = Rules.range(in.pendingTimeout(), 0, SchedulerOptions.MAX_PENDING_TIMEOUT, o.pendingTimeout(),
                OPTIONS + "pending_timeout");
        Integer retries = o.retriesToSkip();
        if (in.retriesToSkip() != null) {
            retries = in.retriesToSkip() == -1 ? null : Rules.range(in.retriesToSkip(), 0,
                    SystemSettings.MAX_RETRIES_TO_SKIP, 0, OPTIONS + "retries_to_skip");
        }
        AgentSelection selection = in.agentSelection() == null ? o.agentSelection() : selection(in.agentSelection());
        return new ResourceGroup(base.name(), description, in.active() == null ? base.active() : in.active(),
                in.isPublic() == null ? base.isPublic() : in.isPublic(), wsproxy, scheduler,
                new SchedulerOptions(types, pending, retries, selection), base.createdAt(), now);
    }

    /** "" clears; otherwise an absolute http or https URL with a host, at most 2048 characters. */
    static String url(String value) {
        if (value.isEmpty()) {
            return null;
        }
        String field = "wsproxy_address";
        Rules.maxLength(value, MAX_URL, field);
        String problem = field + " must be an http:// or https:// URL with a host";
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new ValidationException(problem, field);
        }
        try {
            URI u = new URI(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getHost().isEmpty()) {
                throw new ValidationException(problem, field);
            }
        } catch (URISyntaxException e) {
            throw new ValidationException(problem, field);
        }
        return value;
    }

    private static Set<SessionType> sessionTypes(List<String> values) {
        String field = OPTIONS + "allowed_session_types";
        if (values.isEmpty()) {
            throw new ValidationException(field + " must allow at least one session type", field);
        }
        Set<SessionType> out = EnumSet.noneOf(SessionType.class);
        for (String v : values) {
            SessionType t = null;
            for (SessionType s : SessionType.values()) {
                if (s.wire().equals(v == null ? null : v.toLowerCase(Locale.ROOT))) {
                    t = s;
                }
            }
            if (t == null) {
                throw new ValidationException(field + " entries must be interactive, batch or inference", field);
            }
            out.add(t);
        }
        return out;
    }

    private static AgentSelection selection(String value) {
        for (AgentSelection s : AgentSelection.values()) {
            if (s.wire().equals(value.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ValidationException(OPTIONS + "agent_selection must be dispersed, concentrated or round-robin",
                OPTIONS + "agent_selection");
    }

    @Override
    public void delete(Caller caller, String name) {
        Access.superadmin(caller, "delete resource groups");
        if (ResourceGroup.DEFAULT.equals(name)) {
            throw new ConflictException("the default resource group cannot be deleted: agents without a group join it",
                    "name");
        }
        tx.run(() -> {
            found(name);
            Referrers refs = agents.inGroup(name);
            if (!refs.isEmpty()) {
                throw new ReferencedException("the resource group '" + name + "' still has " + refs.total()
                        + (refs.total() == 1 ? " agent" : " agents") + " that are not terminated: "
                        + String.join(", ", refs.sample()) + (refs.total() > refs.sample().size() ? ", ..." : ""),
                        refs.sample(), refs.total());
            }
            groups.clearAssociations(name);
            groups.delete(name);
        });
    }

    @Override
    public void allowDomain(Caller caller, String group, String domain, boolean allow) {
        associate(caller, group, DOMAIN, domain, allow,
                () -> domain != null && domain.length() <= Rules.MAX_NAME && domains.find(domain).isPresent());
    }

    @Override
    public void allowProject(Caller caller, String group, String projectId, boolean allow) {
        associate(caller, group, PROJECT, projectId, allow,
                () -> projectId != null && projectId.length() <= Rules.MAX_NAME && projects.find(projectId).isPresent());
    }

    @Override
    public void allowKeyPair(Caller caller, String group, String accessKey, boolean allow) {
        associate(caller, group, KEYPAIR, accessKey, allow,
                () -> accessKey != null && accessKey.length() <= Rules.MAX_NAME && keyPairs.find(accessKey).isPresent());
    }

    /**
     * Adds or withdraws one association; repeating either changes nothing. The target must exist to be
     * added; one that is associated may always be withdrawn (even when it no longer exists).
     */
    private void associate(Caller caller, String group, String kind, String target, boolean allow,
            Supplier<Boolean> exists) {
        Access.superadmin(caller, "change who may use a resource group");
        tx.run(() -> {
            String name = found(group).name();
            Associations a = groups.associations(name);
            List<String> current = switch (kind) {
                case DOMAIN -> a.domains();
                case PROJECT -> a.projects();
                default -> a.keyPairs();
            };
            boolean present = target != null && current.contains(target);
            if (!present && !exists.get()) {
                throw new NotFoundException("no " + kind + " '" + Rules.printable(target) + "'", kind);
            }
            if (present != allow) {
                groups.associate(name, kind, target, allow);
            }
        });
    }
}
