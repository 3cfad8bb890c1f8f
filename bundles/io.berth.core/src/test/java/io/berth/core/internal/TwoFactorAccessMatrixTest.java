package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.testing.FakeSecondFactor;
import io.berth.core.testing.Fakes.State;
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
 * SPEC R3 for the second-factor service: every method, called by each role in and outside the target's
 * domain. A method added to {@link TwoFactorService} fails {@link #matrixCoversEveryMethod} until it is
 * added here.
 */
class TwoFactorAccessMatrixTest {
    enum Who {
        SUPERADMIN(w -> w.superadmin), MONITOR(w -> w.monitor), ADMIN_A(w -> w.adminA), ADMIN_B(w -> w.adminB),
        USER_A(w -> w.alice);

        final Function<World, User> user;

        Who(Function<World, User> user) {
            this.user = user;
        }

        Caller caller(World w) {
            return World.caller(user.apply(w));
        }
    }

    private static final String ROOT_ALPHA = "root@alpha.test";

    /** A world (plus a superadmin in domain alpha) with {@code totp} installed and active for every user. */
    record TW(World w, FakeSecondFactor totp) {
        static TW create() {
            World w = new World();
            User rootAlpha = w.create(ROOT_ALPHA, "alpha", Role.SUPERADMIN);
            w.f.tx.clearWrites();
            FakeSecondFactor totp = w.install("totp");
            for (User u : List.of(w.superadmin, w.monitor, w.adminA, w.alice, w.carol, w.adminB, w.bob, rootAlpha)) {
                totp.activateFor(u.id());
            }
            return new TW(w, totp);
        }
    }

    /**
     * {@code name} is {@code method(detail)}; {@code effect}, when given, checks after an allowed call
     * that it did what it says.
     */
    record Op(String name, BiFunction<TW, Caller, Object> call, Set<Who> allowed,
            BiFunction<TW, Caller, Boolean> effect) {
        Op(String name, BiFunction<TW, Caller, Object> call, Set<Who> allowed) {
            this(name, call, allowed, (tw, c) -> true);
        }
    }

    private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
    private static final Who SA = Who.SUPERADMIN;
    private static final Who MON = Who.MONITOR;
    private static final Who AA = Who.ADMIN_A;
    private static final Who AB = Who.ADMIN_B;
    private static final Who UA = Who.USER_A;

    private static Set<Who> only(Who... who) {
        return EnumSet.copyOf(List.of(who));
    }

    private static Op status(String target, Function<World, User> user, Set<Who> allowed) {
        return new Op("status(" + target + ")", (tw, c) -> tw.w().twoFactor.status(c, user.apply(tw.w()).email()),
                allowed);
    }

    private static Op disable(String target, Function<World, User> user, Set<Who> allowed) {
        return new Op("disable(" + target + ")", (tw, c) -> {
            tw.w().twoFactor.disable(c, user.apply(tw.w()).email(), "totp");
            return "done";
        }, allowed, (tw, c) -> !tw.totp().isActive(user.apply(tw.w()).id()));
    }

    private static User rootAlpha(World w) {
        return w.f.users.findByEmail(ROOT_ALPHA).orElseThrow();
    }

    static List<Op> ops() {
        List<Op> ops = new ArrayList<>();
        // take no caller: for every signed-in caller (REST filters the user ids to those it may list)
        ops.add(new Op("installedFactors", (tw, c) -> tw.w().twoFactor.installedFactors(), EVERYONE,
                (tw, c) -> tw.w().twoFactor.installedFactors().equals(List.of("totp"))));
        ops.add(new Op("activeFactors", (tw, c) -> tw.w().twoFactor.activeFactors(List.of(c.userId())), EVERYONE,
                (tw, c) -> tw.w().twoFactor.activeFactors(List.of(c.userId())).equals(Map.of(c.userId(),
                        Set.of("totp")))));
        // status: R3 read access to the user
        ops.add(status("carol@alpha", w -> w.carol, only(SA, MON, AA)));
        ops.add(status("alice@alpha = user A herself", w -> w.alice, only(SA, MON, AA, UA)));
        ops.add(status("admin@alpha = admin A itself", w -> w.adminA, only(SA, MON, AA)));
        ops.add(status("bob@beta", w -> w.bob, only(SA, MON, AB)));
        ops.add(status("superadmin@default", w -> w.superadmin, only(SA, MON)));
        ops.add(status("monitor@default", w -> w.monitor, only(SA, MON)));
        ops.add(status("root@alpha = a superadmin in admin A's domain", TwoFactorAccessMatrixTest::rootAlpha,
                only(SA, MON, AA)));
        // enrol and activate: the caller's own factor only, so everyone may
        ops.add(new Op("enrol(own)", (tw, c) -> {
            tw.totp().disable(c.userId());
            return tw.w().twoFactor.enrol(c, "totp");
        }, EVERYONE, (tw, c) -> tw.totp().isPending(c.userId())));
        ops.add(new Op("activate(own)", (tw, c) -> {
            tw.totp().disable(c.userId());
            tw.w().twoFactor.enrol(c, "totp");
            tw.w().twoFactor.activate(c, "totp", tw.totp().code(c.userId()));
            return "done";
        }, EVERYONE, (tw, c) -> tw.totp().isActive(c.userId())));
        // disable: the caller's own, or a user the caller manages
        ops.add(disable("carol@alpha", w -> w.carol, only(SA, AA)));
        ops.add(disable("alice@alpha = user A herself", w -> w.alice, only(SA, AA, UA)));
        ops.add(disable("admin@alpha = admin A itself", w -> w.adminA, only(SA, AA)));
        ops.add(disable("bob@beta", w -> w.bob, only(SA, AB)));
        ops.add(disable("admin@beta", w -> w.adminB, only(SA, AB)));
        ops.add(disable("superadmin@default", w -> w.superadmin, only(SA)));
        ops.add(disable("monitor@default = the monitor itself", w -> w.monitor, only(SA, MON)));
        // a domain admin never manages a superadmin, not even one in its own domain
        ops.add(disable("root@alpha = a superadmin in admin A's domain", TwoFactorAccessMatrixTest::rootAlpha,
                only(SA)));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> roleMatrix() {
        return ops().stream().flatMap(op -> Stream.of(Who.values()).map(who -> {
            boolean allowed = op.allowed().contains(who);
            return dynamicTest(op.name() + " by " + who + (allowed ? " is allowed" : " is forbidden"), () -> {
                TW tw = TW.create();
                Caller c = who.caller(tw.w());
                if (allowed) {
                    assertNotNull(op.call().apply(tw, c), "an allowed call returns its result");
                    assertTrue(op.effect().apply(tw, c), "an allowed call does what it says");
                } else {
                    State before = tw.w().f.state();
                    Object factorBefore = tw.totp().state();
                    ForbiddenException x = assertThrows(ForbiddenException.class, () -> op.call().apply(tw, c));
                    assertEquals(403, x.status());
                    assertEquals("", before.diff(tw.w().f.state()), "a forbidden call must change nothing");
                    assertEquals(factorBefore, tw.totp().state(), "nor the factor's state");
                    assertFalse(tw.totp().calls().stream().anyMatch(call -> call.startsWith("disable")));
                }
            });
        }));
    }

    private static Set<String> methods(Class<?> type) {
        return Stream.of(type.getMethods()).map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void matrixCoversEveryMethod() {
        Set<String> covered = ops().stream().map(op -> op.name().replaceAll("\\(.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(methods(TwoFactorService.class), covered);
    }
}
