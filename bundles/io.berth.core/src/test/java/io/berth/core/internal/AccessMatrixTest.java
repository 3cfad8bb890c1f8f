package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.core.testing.Fakes.State;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** SPEC R3 as a role × domain matrix over every identity service method. */
class AccessMatrixTest {
    private static final PageRequest ALL = PageRequest.first(500);

    /** The callers of the matrix. Targets of the operations live in domain alpha ("A") unless named. */
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

    record Op(String name, BiFunction<World, Caller, Object> call, Set<Who> allowed) {
    }

    private static Set<Who> only(Who... who) {
        return who.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(who));
    }

    private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
    private static final Who SA = Who.SUPERADMIN;
    private static final Who MON = Who.MONITOR;
    private static final Who AA = Who.ADMIN_A;
    private static final Who AB = Who.ADMIN_B;
    private static final Who UA = Who.USER_A;

    private static UserUpdate rename(String fullName) {
        return new UserUpdate(null, fullName, null, null, null, null, null, null, null, null);
    }

    static List<Op> ops() {
        List<Op> ops = new ArrayList<>();
        // domains
        ops.add(new Op("listDomains", (w, c) -> w.svc.listDomains(c, null, ALL), EVERYONE));
        ops.add(new Op("getDomain(alpha)", (w, c) -> w.svc.getDomain(c, "alpha"), only(SA, MON, AA, UA)));
        ops.add(new Op("getDomain(beta)", (w, c) -> w.svc.getDomain(c, "beta"), only(SA, MON, AB)));
        ops.add(new Op("createDomain", (w, c) -> w.svc.createDomain(c,
                new NewDomain("gamma", null, null, null, null, null)), only(SA)));
        ops.add(new Op("updateDomain(alpha)", (w, c) -> w.svc.updateDomain(c, "alpha",
                new DomainUpdate("x", null, null, null, null)), only(SA)));
        // projects
        ops.add(new Op("listProjects", (w, c) -> w.svc.listProjects(c, null, null, ALL), EVERYONE));
        ops.add(new Op("listProjects(alpha)", (w, c) -> w.svc.listProjects(c, "alpha", null, ALL),
                only(SA, MON, AA, UA)));
        ops.add(new Op("listProjects(beta)", (w, c) -> w.svc.listProjects(c, "beta", null, ALL), only(SA, MON, AB)));
        ops.add(new Op("getProject(alpha/research, alice is member)", (w, c) -> w.svc.getProject(c, w.researchA.id()),
                only(SA, MON, AA, UA)));
        ops.add(new Op("getProject(alpha/secret)", (w, c) -> w.svc.getProject(c, w.secretA.id()), only(SA, MON, AA)));
        ops.add(new Op("getProject(beta/ops)", (w, c) -> w.svc.getProject(c, w.opsB.id()), only(SA, MON, AB)));
        ops.add(new Op("createProject(alpha)", (w, c) -> w.svc.createProject(c, World.newProject("alpha", "new")),
                only(SA, AA)));
        ops.add(new Op("createProject(beta)", (w, c) -> w.svc.createProject(c, World.newProject("beta", "new")),
                only(SA, AB)));
        ops.add(new Op("updateProject(alpha/research)", (w, c) -> w.svc.updateProject(c, w.researchA.id(),
                new ProjectUpdate("x", null, null, null, null, null)), only(SA, AA)));
        ops.add(new Op("updateProject(beta/ops)", (w, c) -> w.svc.updateProject(c, w.opsB.id(),
                new ProjectUpdate("x", null, null, null, null, null)), only(SA, AB)));
        // users
        ops.add(new Op("listUsers", (w, c) -> w.svc.listUsers(c, new UserQuery(null, null, null, null, null), ALL),
                only(SA, MON, AA, AB)));
        ops.add(new Op("listUsers(alpha)", (w, c) -> w.svc.listUsers(c,
                new UserQuery(null, null, null, null, "alpha"), ALL), only(SA, MON, AA)));
        ops.add(new Op("getUser(carol@alpha)", (w, c) -> w.svc.getUser(c, w.carol.email()), only(SA, MON, AA)));
        ops.add(new Op("getUser(alice@alpha = user A herself)", (w, c) -> w.svc.getUser(c, w.alice.email()),
                only(SA, MON, AA, UA)));
        ops.add(new Op("getUser(bob@beta)", (w, c) -> w.svc.getUser(c, w.bob.email()), only(SA, MON, AB)));
        ops.add(new Op("getUser(superadmin@default)", (w, c) -> w.svc.getUser(c, w.superadmin.email()),
                only(SA, MON)));
        ops.add(new Op("createUser(alpha)", (w, c) -> w.svc.createUser(c,
                World.newUser("new@alpha.test", "alpha", Role.USER)), only(SA)));
        ops.add(new Op("createUser(beta)", (w, c) -> w.svc.createUser(c,
                World.newUser("new@beta.test", "beta", Role.USER)), only(SA)));
        ops.add(new Op("updateUser(carol@alpha)", (w, c) -> w.svc.updateUser(c, w.carol.email(), rename("C")),
                only(SA, AA)));
        ops.add(new Op("updateUser(alice@alpha = user A herself)", (w, c) -> w.svc.updateUser(c, w.alice.email(),
                rename("A")), only(SA, AA)));
        ops.add(new Op("updateUser(bob@beta)", (w, c) -> w.svc.updateUser(c, w.bob.email(), rename("B")),
                only(SA, AB)));
        ops.add(new Op("updateUser(monitor@default)", (w, c) -> w.svc.updateUser(c, w.monitor.email(), rename("M")),
                only(SA)));
        ops.add(new Op("deactivateUser(carol@alpha)", (w, c) -> w.svc.deactivateUser(c, w.carol.email()),
                only(SA, AA)));
        ops.add(new Op("deactivateUser(bob@beta)", (w, c) -> w.svc.deactivateUser(c, w.bob.email()), only(SA, AB)));
        ops.add(new Op("changeOwnPassword", (w, c) -> {
            w.svc.changeOwnPassword(c, PASSWORD, "n3w-Pass!");
            return null;
        }, EVERYONE));
        // keypairs
        ops.add(new Op("listKeyPairs", (w, c) -> w.svc.listKeyPairs(c, new KeyPairQuery(null, null, null, null, null),
                ALL), EVERYONE));
        ops.add(new Op("listKeyPairs(alpha)", (w, c) -> w.svc.listKeyPairs(c,
                new KeyPairQuery(null, null, null, null, "alpha"), ALL), only(SA, MON, AA, UA)));
        ops.add(new Op("listKeyPairs(beta)", (w, c) -> w.svc.listKeyPairs(c,
                new KeyPairQuery(null, null, null, null, "beta"), ALL), only(SA, MON, AB, UA)));
        // filters instead of refusing; what each caller sees is checked in UserEmailsTest
        ops.add(new Op("userEmails", (w, c) -> w.svc.userEmails(c, java.util.List.of(w.carol.id(), w.bob.id())),
                EVERYONE));
        ops.add(new Op("getKeyPair(carol@alpha)", (w, c) -> w.svc.getKeyPair(c, w.carol.mainAccessKey()),
                only(SA, MON, AA)));
        ops.add(new Op("getKeyPair(alice@alpha = user A's own)", (w, c) -> w.svc.getKeyPair(c,
                w.alice.mainAccessKey()), only(SA, MON, AA, UA)));
        ops.add(new Op("getKeyPair(bob@beta)", (w, c) -> w.svc.getKeyPair(c, w.bob.mainAccessKey()),
                only(SA, MON, AB)));
        ops.add(new Op("createKeyPair(carol@alpha)", (w, c) -> w.svc.createKeyPair(c,
                new NewKeyPair(w.carol.email(), null, null, null, null, null, null)), only(SA, AA)));
        ops.add(new Op("createKeyPair(alice@alpha = user A herself)", (w, c) -> w.svc.createKeyPair(c,
                new NewKeyPair(w.alice.email(), null, null, null, null, null, null)), only(SA, AA)));
        ops.add(new Op("createKeyPair(bob@beta)", (w, c) -> w.svc.createKeyPair(c,
                new NewKeyPair(w.bob.email(), null, null, null, null, null, null)), only(SA, AB)));
        ops.add(new Op("updateKeyPair(carol@alpha)", (w, c) -> w.svc.updateKeyPair(c, w.carol.mainAccessKey(),
                new KeyPairUpdate(null, null, null, 10)), only(SA, AA)));
        ops.add(new Op("updateKeyPair(alice@alpha = user A's own)", (w, c) -> w.svc.updateKeyPair(c,
                w.alice.mainAccessKey(), new KeyPairUpdate(null, null, null, 10)), only(SA, AA)));
        ops.add(new Op("updateKeyPair(bob@beta)", (w, c) -> w.svc.updateKeyPair(c, w.bob.mainAccessKey(),
                new KeyPairUpdate(null, null, null, 10)), only(SA, AB)));
        ops.add(new Op("deleteKeyPair(carol@alpha)", (w, c) -> {
            w.svc.deleteKeyPair(c, w.carol.mainAccessKey());
            return null;
        }, only(SA, AA)));
        ops.add(new Op("deleteKeyPair(bob@beta)", (w, c) -> {
            w.svc.deleteKeyPair(c, w.bob.mainAccessKey());
            return null;
        }, only(SA, AB)));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> roleByDomainMatrix() {
        return ops().stream().flatMap(op -> Stream.of(Who.values()).map(who -> {
            boolean allowed = op.allowed().contains(who);
            return dynamicTest(op.name() + " by " + who + (allowed ? " is allowed" : " is forbidden"), () -> {
                World w = new World();
                Caller c = who.caller(w);
                if (allowed) {
                    Object result = op.call().apply(w, c);
                    if (!op.name().startsWith("delete") && !op.name().startsWith("changeOwnPassword")) {
                        assertTrue(result != null, "an allowed call returns its result");
                    }
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
    void matrixCoversEveryServiceMethod() {
        Set<String> covered = ops().stream().map(op -> op.name().replaceAll("\\(.*", "")).collect(Collectors.toSet());
        Set<String> methods = Stream.of(io.berth.core.identity.IdentityService.class.getMethods())
                .map(java.lang.reflect.Method::getName).collect(Collectors.toSet());
        assertEquals(methods, covered);
    }

    // ------------------------------------------------------------ scoping of lists

    private static <T> Set<String> names(Page<T> page, Function<T, String> f) {
        return page.items().stream().map(f).collect(Collectors.toSet());
    }

    @Test
    void domainListsAreScoped() {
        World w = new World();
        Function<Who, Set<String>> list = who -> names(w.svc.listDomains(who.caller(w), null, ALL), Domain::name);
        assertEquals(Set.of("default", "alpha", "beta"), list.apply(SA));
        assertEquals(Set.of("default", "alpha", "beta"), list.apply(MON));
        assertEquals(Set.of("alpha"), list.apply(AA));
        assertEquals(Set.of("alpha"), list.apply(UA));
        assertEquals(Set.of("beta"), list.apply(AB));
    }

    @Test
    void userListsAreScoped() {
        World w = new World();
        UserQuery any = new UserQuery(null, null, null, null, null);
        Function<Who, Set<String>> list = who -> names(w.svc.listUsers(who.caller(w), any, ALL), User::email);
        Set<String> everyone = Stream.of(w.superadmin, w.monitor, w.adminA, w.alice, w.carol, w.adminB, w.bob)
                .map(User::email).collect(Collectors.toSet());
        assertEquals(everyone, list.apply(SA));
        assertEquals(everyone, list.apply(MON));
        assertEquals(Set.of(w.adminA.email(), w.alice.email(), w.carol.email()), list.apply(AA));
        assertEquals(Set.of(w.adminB.email(), w.bob.email()), list.apply(AB));
        // filters still apply inside the scope, and the total counts only the scope
        Page<User> p = w.svc.listUsers(AA.caller(w), new UserQuery("a", null, null, Set.of(UserStatus.ACTIVE), null),
                PageRequest.first(1));
        assertEquals(1, p.items().size());
        assertEquals(3, p.total());
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        assertEquals(Set.of(w.carol.email()), names(w.svc.listUsers(AA.caller(w),
                new UserQuery(null, null, null, Set.of(UserStatus.INACTIVE), null), ALL), User::email));
    }

    @Test
    void keypairListsAreScopedAndWithoutSecrets() {
        World w = new World();
        KeyPair second = w.addKey(w.alice, true);
        KeyPairQuery any = new KeyPairQuery(null, null, null, null, null);
        Function<Caller, Page<KeyPair>> list = c -> w.svc.listKeyPairs(c, any, ALL);
        assertEquals(Set.of(w.alice.mainAccessKey(), second.accessKey()),
                names(list.apply(UA.caller(w)), KeyPair::accessKey));
        // a user asking for someone else's keypairs still sees only their own
        assertEquals(Set.of(w.alice.mainAccessKey(), second.accessKey()), names(w.svc.listKeyPairs(UA.caller(w),
                new KeyPairQuery(null, w.carol.id(), null, null, null), ALL), KeyPair::accessKey));
        assertEquals(Set.of(), names(w.svc.listKeyPairs(UA.caller(w),
                new KeyPairQuery(null, null, null, null, "beta"), ALL), KeyPair::accessKey));
        assertEquals(Set.of(w.adminA.mainAccessKey(), w.alice.mainAccessKey(), second.accessKey(),
                w.carol.mainAccessKey()), names(list.apply(AA.caller(w)), KeyPair::accessKey));
        assertEquals(Set.of(w.adminB.mainAccessKey(), w.bob.mainAccessKey()),
                names(list.apply(AB.caller(w)), KeyPair::accessKey));
        assertEquals(8, list.apply(SA.caller(w)).total());
        assertEquals(8, list.apply(MON.caller(w)).total());
        for (Who who : Who.values()) {
            assertTrue(list.apply(who.caller(w)).items().stream().allMatch(k -> k.secretKey() == null), who.name());
        }
        assertEquals(null, w.svc.getKeyPair(SA.caller(w), w.alice.mainAccessKey()).secretKey());
    }

    @Test
    void projectListsAreScoped() {
        World w = new World();
        Function<Who, Set<String>> list = who -> names(w.svc.listProjects(who.caller(w), null, null, ALL),
                p -> p.domainName() + "/" + p.name());
        assertEquals(Set.of("default/model-store", "alpha/model-store", "alpha/research", "alpha/secret",
                "beta/model-store", "beta/ops"), list.apply(SA));
        assertEquals(list.apply(SA), list.apply(MON));
        assertEquals(Set.of("alpha/model-store", "alpha/research", "alpha/secret"), list.apply(AA));
        assertEquals(Set.of("alpha/model-store", "alpha/research"), list.apply(UA));
        assertEquals(Set.of("beta/model-store", "beta/ops"), list.apply(AB));
        assertEquals(Set.of("beta/model-store", "beta/ops"), names(w.svc.listProjects(SA.caller(w), "beta", null,
                ALL), p -> p.domainName() + "/" + p.name()));
    }
}
