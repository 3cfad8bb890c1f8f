package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.info.InformationService;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.ResourcePolicyService;
import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.testing.Fakes.State;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
 * SPEC R3 for the resource policy, settings and information services: every method of each, called by
 * each of the four roles. A method added to one of these interfaces fails {@link #matrixCoversEveryMethod}
 * until it is added here.
 */
class ResourceAccessMatrixTest {
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
    private static final Who ADM = Who.ADMIN;
    private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
    private static final String RP = "ResourcePolicyService.";
    private static final String SS = "SettingsService.";
    private static final String IS = "InformationService.";

    private static Set<Who> only(Who... who) {
        return EnumSet.copyOf(List.of(who));
    }

    /** The objects the operations work on: one unused policy of each kind and one preset. */
    static World world() {
        World w = new World();
        w.keyPairPolicy("spare");
        w.userPolicy("spare");
        w.projectPolicy("spare");
        w.policies.createPreset(Caller.SYSTEM, new PresetInput("p1", Map.of("cpu", 1, "mem", "1g"), null, null));
        return w;
    }

    private static Object run(Runnable r) {
        r.run();
        return "done";
    }

    private static KeyPairPolicyInput kp(String name) {
        return new KeyPairPolicyInput(name, null, Map.of("cpu", 4), null, null, null, null, null, 60L, null);
    }

    static List<Op> ops() {
        List<Op> ops = new ArrayList<>();
        Set<Who> readers = only(SA, MON, ADM);
        // keypair policies
        ops.add(new Op(RP + "listKeyPairPolicies", (w, c) -> w.policies.listKeyPairPolicies(c), readers));
        ops.add(new Op(RP + "getKeyPairPolicy", (w, c) -> w.policies.getKeyPairPolicy(c, "spare"), readers));
        ops.add(new Op(RP + "createKeyPairPolicy", (w, c) -> w.policies.createKeyPairPolicy(c, kp("new")), only(SA)));
        ops.add(new Op(RP + "updateKeyPairPolicy", (w, c) -> w.policies.updateKeyPairPolicy(c, "spare", kp(null)),
                only(SA)));
        // user policies
        ops.add(new Op(RP + "listUserPolicies", (w, c) -> w.policies.listUserPolicies(c), readers));
        ops.add(new Op(RP + "getUserPolicy", (w, c) -> w.policies.getUserPolicy(c, "spare"), readers));
        ops.add(new Op(RP + "createUserPolicy", (w, c) -> w.policies.createUserPolicy(c,
                new UserPolicyInput("new", 5, null, null, null)), only(SA)));
        ops.add(new Op(RP + "updateUserPolicy", (w, c) -> w.policies.updateUserPolicy(c, "spare",
                new UserPolicyInput(null, 5, null, null, null)), only(SA)));
        // project policies
        ops.add(new Op(RP + "listProjectPolicies", (w, c) -> w.policies.listProjectPolicies(c), readers));
        ops.add(new Op(RP + "getProjectPolicy", (w, c) -> w.policies.getProjectPolicy(c, "spare"), readers));
        ops.add(new Op(RP + "createProjectPolicy", (w, c) -> w.policies.createProjectPolicy(c,
                new ProjectPolicyInput("new", 5, null)), only(SA)));
        ops.add(new Op(RP + "updateProjectPolicy", (w, c) -> w.policies.updateProjectPolicy(c, "spare",
                new ProjectPolicyInput(null, 5, "1t")), only(SA)));
        // delete and export, for every kind
        for (PolicyKind k : PolicyKind.values()) {
            ops.add(new Op(RP + "deletePolicy(" + k.wire() + ")", (w, c) -> run(() -> w.policies.deletePolicy(c, k,
                    "spare")), only(SA)));
            for (ExportFormat fmt : ExportFormat.values()) {
                ops.add(new Op(RP + "exportPolicies(" + k.wire() + ", " + fmt.extension() + ")", (w, c) -> {
                    StringWriter out = new StringWriter();
                    try {
                        w.policies.exportPolicies(c, k, fmt, out);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    assertTrue(out.toString().contains("spare"), out.toString());
                    return out.toString();
                }, readers));
            }
        }
        // presets: read by everyone signed in
        ops.add(new Op(RP + "listPresets", (w, c) -> w.policies.listPresets(c, null), EVERYONE));
        ops.add(new Op(RP + "listPresets(group)", (w, c) -> w.policies.listPresets(c, "g1"), EVERYONE));
        ops.add(new Op(RP + "getPreset", (w, c) -> w.policies.getPreset(c, "p1"), EVERYONE));
        ops.add(new Op(RP + "createPreset", (w, c) -> w.policies.createPreset(c,
                new PresetInput("p2", Map.of("cpu", 1, "mem", "1g"), null, null)), only(SA)));
        ops.add(new Op(RP + "updatePreset", (w, c) -> w.policies.updatePreset(c, "p1",
                new PresetInput(null, null, "64m", null)), only(SA)));
        ops.add(new Op(RP + "deletePreset", (w, c) -> run(() -> w.policies.deletePreset(c, "p1")), only(SA)));
        // settings; current() is for components and takes no caller
        ops.add(new Op(SS + "current", (w, c) -> w.settings.current(), EVERYONE));
        ops.add(new Op(SS + "get", (w, c) -> w.settings.get(c), only(SA, MON)));
        ops.add(new Op(SS + "update", (w, c) -> w.settings.update(c, new SettingsUpdate("tag", 1400, 2,
                Map.of("fifo", 1))), only(SA)));
        ops.add(new Op(SS + "history", (w, c) -> w.settings.history(c, PageRequest.first(10)), only(SA, MON)));
        // information
        ops.add(new Op(IS + "describe", (w, c) -> w.info.describe(c), only(SA, MON)));
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
        w.policies.updateKeyPairPolicy(sa, "spare", kp(null));
        assertEquals(60, w.f.keyPairPolicies.find("spare").orElseThrow().idleTimeout());
        w.policies.deletePolicy(sa, PolicyKind.USER, "spare");
        assertTrue(w.f.userPolicies.find("spare").isEmpty());
        w.settings.update(sa, new SettingsUpdate(null, 1400, null, null));
        assertEquals("1400", w.f.settings.all().get("network.overlay_mtu"));
        assertEquals(sa.email(), w.settings.history(Who.MONITOR.caller(w), PageRequest.first(1)).items().get(0)
                .changedBy());
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
        assertEquals(methods(ResourcePolicyService.class), covered(RP));
        assertEquals(methods(SettingsService.class), covered(SS));
        assertEquals(methods(InformationService.class), covered(IS));
        // and names nothing else
        assertTrue(ops().stream().allMatch(op -> op.name().startsWith(RP) || op.name().startsWith(SS)
                || op.name().startsWith(IS)));
    }
}
