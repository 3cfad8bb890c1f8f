package io.berth.rest.internal;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hand-written in-memory resource group service. It records every input as given and does not interpret
 * scheduler options: what it creates has the default ones. Like core, only superadmins change and associate,
 * global readers see every group and others see only the allowed ones; {@code gpu} has agents (409 with
 * referrers) and {@code default} is never deleted.
 */
final class FakeResourceGroupService implements ResourceGroupService {
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-04-05T06:07:08Z");

    final Map<String, ResourceGroup> groups = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();

    FakeResourceGroupService() {
        groups.put("default", new ResourceGroup("default", "the default group", true, false, null, "fifo",
                SchedulerOptions.DEFAULTS, T0, T0));
        groups.put("gpu", new ResourceGroup("gpu", "H200 nodes", true, true, "http://wsproxy:5050", "drf",
                new SchedulerOptions(Set.of(SessionType.BATCH, SessionType.INTERACTIVE), 600, 3,
                        AgentSelection.ROUND_ROBIN), T0, T1));
    }

    private static void changes(Caller caller) {
        if (!caller.isSuperadmin()) {
            throw new ForbiddenException("only superadmins manage resource groups");
        }
    }

    private ResourceGroup found(String name) {
        ResourceGroup g = groups.get(name);
        if (g == null) {
            throw new NotFoundException("no resource group '" + name + "'", "name");
        }
        return g;
    }

    @Override
    public List<ResourceGroup> list(Caller caller) {
        calls.add(List.of("list", caller));
        return caller.isGlobalReader() ? List.copyOf(groups.values()) : allowed(caller);
    }

    @Override
    public ResourceGroup get(Caller caller, String name) {
        calls.add(List.of("get", caller, name));
        return found(name);
    }

    @Override
    public ResourceGroup create(Caller caller, ResourceGroupInput input) {
        calls.add(input);
        changes(caller);
        if (input.name() == null) {
            throw new ValidationException("name is required", "name");
        }
        if (groups.containsKey(input.name())) {
            throw new ConflictException("resource group '" + input.name() + "' exists", "name");
        }
        ResourceGroup g = new ResourceGroup(input.name(), input.description(), true, false, null, "fifo",
                SchedulerOptions.DEFAULTS, T1, T1);
        groups.put(g.name(), g);
        return g;
    }

    @Override
    public ResourceGroup update(Caller caller, String name, ResourceGroupInput input) {
        calls.add(input);
        changes(caller);
        ResourceGroup g = found(name);
        if (input.name() != null && !input.name().equals(name)) {
            throw new ValidationException("the name of a resource group cannot change", "name");
        }
        ResourceGroup changed = new ResourceGroup(g.name(),
                input.description() == null ? g.description() : input.description(),
                input.active() == null ? g.active() : input.active(), g.isPublic(), g.wsproxyAddress(), g.scheduler(),
                g.schedulerOptions(), g.createdAt(), T1);
        groups.put(name, changed);
        return changed;
    }

    @Override
    public void delete(Caller caller, String name) {
        calls.add(List.of("delete", name));
        changes(caller);
        found(name);
        if ("default".equals(name)) {
            throw new ConflictException("the default resource group is never deleted", "name");
        }
        if ("gpu".equals(name)) {
            throw new ReferencedException("resource group 'gpu' has agents", List.of("agent i-gpu1", "agent i-gpu2"),
                    5);
        }
        groups.remove(name);
    }

    @Override
    public Associations associations(Caller caller, String name) {
        calls.add(List.of("associations", name));
        found(name);
        return new Associations(List.of("default", "lab"), List.of("p-1"), List.of("AKADMIN"));
    }

    @Override
    public void allowDomain(Caller caller, String group, String domain, boolean allow) {
        calls.add(List.of("domain", group, domain, allow));
        changes(caller);
        found(group);
    }

    @Override
    public void allowProject(Caller caller, String group, String projectId, boolean allow) {
        calls.add(List.of("project", group, projectId, allow));
        changes(caller);
        found(group);
    }

    @Override
    public void allowKeyPair(Caller caller, String group, String accessKey, boolean allow) {
        calls.add(List.of("keypair", group, accessKey, allow));
        changes(caller);
        found(group);
    }

    @Override
    public List<ResourceGroup> allowed(Caller caller) {
        calls.add(List.of("allowed", caller));
        return groups.values().stream().filter(ResourceGroup::isPublic).toList();
    }
}
