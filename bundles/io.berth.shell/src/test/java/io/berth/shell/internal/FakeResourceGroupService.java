package io.berth.shell.internal;

import io.berth.core.error.ConflictException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An in-memory resource group service that applies inputs roughly like core (so the shell's views of the
 * result can be checked), keeps associations in sorted sets and records every input and association change.
 * {@code gpu} has agents: its delete is refused with three referrers of 4.
 */
class FakeResourceGroupService implements ResourceGroupService {
    static final Instant T0 = FakeIdentityService.T0;

    final Map<String, ResourceGroup> groups = new TreeMap<>();
    final Map<String, Map<String, TreeSet<String>>> associations = new TreeMap<>();
    final List<Caller> callers = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    ResourceGroupInput lastInput;

    FakeResourceGroupService() {
        groups.put("default", new ResourceGroup("default", "The default group", true, false, null, "fifo",
                SchedulerOptions.DEFAULTS, T0, T0));
        groups.put("gpu", new ResourceGroup("gpu", "H200 nodes", true, true, "http://wsproxy:5050", "drf",
                new SchedulerOptions(Set.of(SessionType.BATCH, SessionType.INTERACTIVE), 600, 3,
                        AgentSelection.ROUND_ROBIN), T0, T0));
        associations("default").get("domain").add("default");
    }

    private Map<String, TreeSet<String>> associations(String group) {
        return associations.computeIfAbsent(group, g -> new TreeMap<>(Map.of("domain", new TreeSet<>(), "project",
                new TreeSet<>(), "keypair", new TreeSet<>())));
    }

    private ResourceGroup found(String name) {
        ResourceGroup g = groups.get(name);
        if (g == null) {
            throw new NotFoundException("no resource group named '" + name + "'", "name");
        }
        return g;
    }

    private static <T> T or(T value, T dflt) {
        return value == null ? dflt : value;
    }

    private static SchedulerOptions options(SchedulerOptions o, ResourceGroupInput in) {
        Set<SessionType> types = in.allowedSessionTypes() == null ? o.allowedSessionTypes()
                : in.allowedSessionTypes().stream().map(t -> {
                    try {
                        return SessionType.valueOf(t.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ValidationException("'" + t + "' is not a session type", "allowed_session_types");
                    }
                }).collect(Collectors.toSet());
        Integer retries = in.retriesToSkip() == null ? o.retriesToSkip()
                : in.retriesToSkip() == -1 ? null : in.retriesToSkip();
        AgentSelection selection = in.agentSelection() == null ? o.agentSelection()
                : AgentSelection.valueOf(in.agentSelection().toUpperCase(Locale.ROOT).replace('-', '_'));
        return new SchedulerOptions(types, or(in.pendingTimeout(), o.pendingTimeout()), retries, selection);
    }

    @Override
    public List<ResourceGroup> list(Caller caller) {
        callers.add(caller);
        return List.copyOf(groups.values());
    }

    @Override
    public ResourceGroup get(Caller caller, String name) {
        callers.add(caller);
        return found(name);
    }

    @Override
    public ResourceGroup create(Caller caller, ResourceGroupInput in) {
        callers.add(caller);
        lastInput = in;
        if (groups.containsKey(in.name())) {
            throw new ConflictException("a resource group named '" + in.name() + "' already exists", "name");
        }
        ResourceGroup g = new ResourceGroup(in.name(), in.description(), or(in.active(), true),
                or(in.isPublic(), false), in.wsproxyAddress(), or(in.scheduler(), "fifo"),
                options(SchedulerOptions.DEFAULTS, in), T0, T0);
        groups.put(g.name(), g);
        return g;
    }

    @Override
    public ResourceGroup update(Caller caller, String name, ResourceGroupInput in) {
        callers.add(caller);
        lastInput = in;
        ResourceGroup g = found(name);
        String ws = in.wsproxyAddress() == null ? g.wsproxyAddress()
                : in.wsproxyAddress().isEmpty() ? null : in.wsproxyAddress();
        ResourceGroup u = new ResourceGroup(name, or(in.description(), g.description()), or(in.active(), g.active()),
                or(in.isPublic(), g.isPublic()), ws, or(in.scheduler(), g.scheduler()),
                options(g.schedulerOptions(), in), g.createdAt(), T0);
        groups.put(name, u);
        return u;
    }

    @Override
    public void delete(Caller caller, String name) {
        callers.add(caller);
        found(name);
        if ("gpu".equals(name)) {
            throw new ReferencedException("resource group 'gpu' has agents", List.of("agent i-gpu1", "agent i-gpu2",
                    "agent i-gpu3"), 4);
        }
        groups.remove(name);
        associations.remove(name);
    }

    @Override
    public Associations associations(Caller caller, String name) {
        callers.add(caller);
        found(name);
        Map<String, TreeSet<String>> a = associations(name);
        return new Associations(List.copyOf(a.get("domain")), List.copyOf(a.get("project")),
                List.copyOf(a.get("keypair")));
    }

    private void associate(Caller caller, String group, String kind, String target, boolean allow) {
        callers.add(caller);
        found(group);
        if (target.startsWith("missing")) {
            throw new NotFoundException("no " + kind + " '" + target + "'", kind);
        }
        changes.add((allow ? "+" : "-") + kind + ":" + target);
        if (allow) {
            associations(group).get(kind).add(target);
        } else {
            associations(group).get(kind).remove(target);
        }
    }

    @Override
    public void allowDomain(Caller caller, String group, String domain, boolean allow) {
        associate(caller, group, "domain", domain, allow);
    }

    @Override
    public void allowProject(Caller caller, String group, String projectId, boolean allow) {
        associate(caller, group, "project", projectId, allow);
    }

    @Override
    public void allowKeyPair(Caller caller, String group, String accessKey, boolean allow) {
        associate(caller, group, "keypair", accessKey, allow);
    }

    @Override
    public List<ResourceGroup> allowed(Caller caller) {
        throw new UnsupportedOperationException("the shell acts as the system, which sees every group");
    }
}
