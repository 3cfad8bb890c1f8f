package io.berth.core.internal;

import static io.berth.core.internal.World.AGENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.error.ForbiddenException;
import io.berth.core.group.ResourceGroupInput;
import io.berth.core.group.ResourceGroupService;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.testing.Fakes.State;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * SPEC R3 for agents and resource groups: every method of {@link ResourceGroupService} and every
 * admin-facing method of {@link AgentService}, called by each of the four roles (the admin and the user
 * are of domain alpha). Agents belong to no domain, so only global readers see them. A method added to
 * either interface fails {@link #matrixCoversEveryMethod} until it is added here (or, for an agent-facing
 * method that takes the agent token instead of a caller, to {@link #AGENT_FACING}).
 */
class GroupAgentAccessMatrixTest {
    enum Who {
        SUPERADMIN(w -> w.superadmin), MONITOR(w -> w.monitor), ADMIN(w -> w.adminA), USER(w -> w.alice);

        final Function<World, User> user;

        Who(Function<World, User> user) {
            this.user = user;
        }

        Caller caller(World w) {
            return World.caller(user.apply(w));
        }
    }

    /** {@code name} is {@code Interface.method(detail)}; the part before '(' is matched against the interface. */
    record Op(String name, BiFunction<World, Caller, Object> call, Set<Who> allowed) {
    }

    private static final Who SA = Who.SUPERADMIN;
    private static final Who MON = Who.MONITOR;
    private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
    private static final String AS = "AgentService.";
    private static final String RG = "ResourceGroupService.";
    /** Called by agents with the agent token, not by users: covered in {@link AgentServiceImplTest}. */
    static final Set<String> AGENT_FACING = Set.of("heartbeatInterval", "heartbeatTimeout", "register", "heartbeat",
            "goodbye", "markLost");

    private static Set<Who> only(Who... who) {
        return EnumSet.copyOf(List.of(who));
    }

    /**
     * The objects the operations work on: groups {@code shared} (public), {@code alpha-only} (available to
     * domain alpha) and {@code spare} (unused), and agent {@code a1} in the default group.
     */
    static World world() {
        World w = new World();
        w.groups.create(Caller.SYSTEM, new ResourceGroupInput("shared", null, null, true, null, null, null, null,
                null, null));
        w.groups.create(Caller.SYSTEM, input("alpha-only"));
        w.groups.allowDomain(Caller.SYSTEM, "alpha-only", "alpha", true);
        w.groups.create(Caller.SYSTEM, input("spare"));
        w.agents.register(AGENT_TOKEN, new AgentReport("a1", null, null, null, null, null, null, null, 0, 0, 0,
                null));
        w.f.tx.clearWrites();
        return w;
    }

    private static ResourceGroupInput input(String name) {
        return new ResourceGroupInput(name, null, null, null, null, null, null, null, null, null);
    }

    private static Object run(Runnable r) {
        r.run();
        return "done";
    }

    static List<Op> ops() {
        List<Op> ops = new ArrayList<>();
        // agents: no domain, so global readers read and only the superadmin changes
        ops.add(new Op(AS + "list", (w, c) -> w.agents.list(c, AgentQuery.ALL, PageRequest.first(10)), only(SA, MON)));
        ops.add(new Op(AS + "get", (w, c) -> w.agents.get(c, "a1"), only(SA, MON)));
        ops.add(new Op(AS + "setSchedulable", (w, c) -> w.agents.setSchedulable(c, "a1", false), only(SA)));
        // resource groups: reading
        ops.add(new Op(RG + "list", (w, c) -> w.groups.list(c), EVERYONE));
        ops.add(new Op(RG + "allowed", (w, c) -> w.groups.allowed(c), EVERYONE));
        ops.add(new Op(RG + "get(shared, public)", (w, c) -> w.groups.get(c, "shared"), EVERYONE));
        ops.add(new Op(RG + "get(alpha-only)", (w, c) -> w.groups.get(c, "alpha-only"), EVERYONE));
        ops.add(new Op(RG + "get(default, of domain default)", (w, c) -> w.groups.get(c, "default"), only(SA, MON)));
        ops.add(new Op(RG + "get(spare, of no one)", (w, c) -> w.groups.get(c, "spare"), only(SA, MON)));
        ops.add(new Op(RG + "associations", (w, c) -> w.groups.associations(c, "alpha-only"), only(SA, MON)));
        // resource groups: changing
        ops.add(new Op(RG + "create", (w, c) -> w.groups.create(c, input("new")), only(SA)));
        ops.add(new Op(RG + "update", (w, c) -> w.groups.update(c, "spare", new ResourceGroupInput(null, "x", null,
                null, null, null, null, null, null, null)), only(SA)));
        ops.add(new Op(RG + "delete", (w, c) -> run(() -> w.groups.delete(c, "spare")), only(SA)));
        ops.add(new Op(RG + "allowDomain", (w, c) -> run(() -> w.groups.allowDomain(c, "spare", "alpha", true)),
                only(SA)));
        ops.add(new Op(RG + "allowDomain(withdraw)", (w, c) -> run(() -> w.groups.allowDomain(c, "alpha-only",
                "alpha", false)), only(SA)));
        ops.add(new Op(RG + "allowProject", (w, c) -> run(() -> w.groups.allowProject(c, "spare", w.researchA.id(),
                true)), only(SA)));
        ops.add(new Op(RG + "allowKeyPair", (w, c) -> run(() -> w.groups.allowKeyPair(c, "spare",
                w.alice.mainAccessKey(), true)), only(SA)));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> roleMatrix() {
        return ops().stream().flatMap(op -> Stream.of(Who.values()).map(who -> {
            boolean allowed = op.allowed().contains(who);
            return dynamicTest(op.name() + " by " + who + (allowed ? " is allowed" : " is forbidden"), () -> {
                World w = world();
                Caller c = who.caller(w);
                if (allowed) {
                    assertNotNull(op.call().apply(w, c), "an allowed call returns its result");
                } else {
                    State before = w.f.state();
                    ForbiddenException x = assertThrows(ForbiddenException.class, () -> op.call().apply(w, c));
                    assertEquals(403, x.status());
                    assertEquals("", before.diff(w.f.state()), "a forbidden call must change nothing");
                }
            });
        }));
    }

    @Test
    void allowedWritesReallyWrite() {
        // the matrix only checks that allowed calls return; make sure the writes it allows do happen
        World w = world();
        Caller sa = Who.SUPERADMIN.caller(w);
        w.agents.setSchedulable(sa, "a1", false);
        assertFalse(w.f.agents.rows().get("a1").schedulable());
        w.groups.allowKeyPair(sa, "spare", w.alice.mainAccessKey(), true);
        assertTrue(w.groups.allowed(Who.USER.caller(w)).stream().anyMatch(g -> g.name().equals("spare")));
        w.groups.allowDomain(sa, "alpha-only", "alpha", false);
        assertEquals(List.of(), w.groups.associations(sa, "alpha-only").domains());
        w.groups.allowKeyPair(sa, "spare", w.alice.mainAccessKey(), false);
        w.groups.delete(sa, "spare");
        assertTrue(w.f.resourceGroups.find("spare").isEmpty());
    }

    @Test
    void readersSeeWhatTheMatrixPromises() {
        World w = world();
        assertEquals(4, w.groups.list(Who.MONITOR.caller(w)).size());
        assertEquals(List.of("alpha-only", "shared"), w.groups.list(Who.USER.caller(w)).stream()
                .map(g -> g.name()).toList());
        assertEquals(List.of("alpha-only", "shared"), w.groups.list(Who.ADMIN.caller(w)).stream()
                .map(g -> g.name()).toList());
        assertEquals(1, w.agents.list(Who.MONITOR.caller(w), AgentQuery.ALL, PageRequest.first(10)).total());
    }

    private static Set<String> methods(Class<?> type) {
        return Stream.of(type.getMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> covered(String prefix) {
        return ops().stream().map(Op::name).filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length()).replaceAll("\\(.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void matrixCoversEveryMethod() {
        Set<String> agentMethods = methods(AgentService.class);
        agentMethods.removeAll(AGENT_FACING);
        assertEquals(agentMethods, covered(AS));
        assertTrue(methods(AgentService.class).containsAll(AGENT_FACING), "no stale agent-facing names");
        for (Method m : AgentService.class.getMethods()) {
            boolean takesCaller = Stream.of(m.getParameterTypes()).anyMatch(t -> t == Caller.class);
            assertEquals(!AGENT_FACING.contains(m.getName()), takesCaller,
                    m.getName() + ": a method with a caller belongs in the matrix, one without in AGENT_FACING");
        }
        assertEquals(methods(ResourceGroupService.class), covered(RG));
        // and names nothing else
        assertTrue(ops().stream().allMatch(op -> op.name().startsWith(AS) || op.name().startsWith(RG)));
    }
}
