package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keypair, user and project resource policy repositories, their referrers and their foreign keys. */
class ResourcePolicyRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs every failed flush as a warning; here they are expected outcomes
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        r.domains().insert(TestDb.domain("d1", true, T0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static KeyPairResourcePolicy gold() {
        return new KeyPairResourcePolicy("gold", UnspecifiedSlots.LIMITED,
                TestDb.slots("cpu", "8", "mem", "17179869184", "cuda.shares", "0.5", "cuda.device", "Infinity"),
                86_400, 5, Amount.of(3), TestDb.slots("cpu", "16"), 2, 600, List.of("local:volume1", "nfs"), T0,
                T0.plusSeconds(1));
    }

    static UserResourcePolicy power() {
        return new UserResourcePolicy("power", Amount.of(20), Amount.of(1_099_511_627_776L), 4, Amount.INFINITE, T0,
                T0.plusSeconds(2));
    }

    static ProjectResourcePolicy team() {
        return new ProjectResourcePolicy("team", Amount.INFINITE, Amount.of(new BigDecimal("5497558138880")), T0,
                T0.plusSeconds(3));
    }

    private static ConflictException conflict(Runnable r) {
        ConflictException e = assertThrows(ConflictException.class, r::run);
        assertNotNull(e.getCause(), "the database error is kept as the cause");
        return e;
    }

    @Test
    void theMigrationCreatesTheDefaultOfEachKind() {
        KeyPairResourcePolicy k = r.keyPairPolicies().find(KeyPairResourcePolicy.DEFAULT).orElseThrow();
        assertEquals(KeyPairResourcePolicy.defaults(k.createdAt()), k);
        assertEquals(k.createdAt(), k.modifiedAt());
        UserResourcePolicy u = r.userPolicies().find(UserResourcePolicy.DEFAULT).orElseThrow();
        assertEquals(UserResourcePolicy.defaults(u.createdAt()), u);
        ProjectResourcePolicy p = r.projectPolicies().find(ProjectResourcePolicy.DEFAULT).orElseThrow();
        assertEquals(ProjectResourcePolicy.defaults(p.createdAt()), p);
    }

    @Test
    void keyPairPolicyRoundTripUpdateAndDelete() {
        KeyPairResourcePolicy gold = gold();
        r.keyPairPolicies().insert(gold);
        assertEquals(Optional.of(gold), r.keyPairPolicies().find("gold"));
        assertEquals(Optional.empty(), r.keyPairPolicies().find("nope"));
        assertEquals(Optional.empty(), r.keyPairPolicies().find(null));

        KeyPairResourcePolicy changed = new KeyPairResourcePolicy("gold", UnspecifiedSlots.UNLIMITED,
                ResourceSlots.EMPTY, 0, 100, Amount.INFINITE, TestDb.slots("mem", "Infinity"), 1, 0, List.of(), T0,
                T0.plusSeconds(60));
        r.keyPairPolicies().update(changed);
        assertEquals(Optional.of(changed), r.keyPairPolicies().find("gold"));
        assertThrows(NotFoundException.class, () -> r.keyPairPolicies().update(TestDb.keyPairPolicy("ghost", T0)));

        r.keyPairPolicies().delete("gold");
        assertEquals(Optional.empty(), r.keyPairPolicies().find("gold"));
        r.keyPairPolicies().delete("gold");
        r.keyPairPolicies().delete(null);
    }

    @Test
    void userPolicyRoundTripUpdateAndDelete() {
        UserResourcePolicy power = power();
        r.userPolicies().insert(power);
        assertEquals(Optional.of(power), r.userPolicies().find("power"));
        assertEquals(Optional.empty(), r.userPolicies().find(null));

        UserResourcePolicy changed = new UserResourcePolicy("power", Amount.INFINITE, Amount.ZERO, 0, Amount.of(7),
                T0, T0.plusSeconds(60));
        r.userPolicies().update(changed);
        assertEquals(Optional.of(changed), r.userPolicies().find("power"));
        assertThrows(NotFoundException.class, () -> r.userPolicies().update(TestDb.userPolicy("ghost", T0)));

        r.userPolicies().delete("power");
        assertEquals(Optional.empty(), r.userPolicies().find("power"));
        r.userPolicies().delete("power");
    }

    @Test
    void projectPolicyRoundTripUpdateAndDelete() {
        ProjectResourcePolicy team = team();
        r.projectPolicies().insert(team);
        assertEquals(Optional.of(team), r.projectPolicies().find("team"));
        assertEquals(Optional.empty(), r.projectPolicies().find(null));

        ProjectResourcePolicy changed = new ProjectResourcePolicy("team", Amount.of(12), Amount.INFINITE, T0,
                T0.plusSeconds(60));
        r.projectPolicies().update(changed);
        assertEquals(Optional.of(changed), r.projectPolicies().find("team"));
        assertThrows(NotFoundException.class, () -> r.projectPolicies().update(TestDb.projectPolicy("ghost", T0)));

        r.projectPolicies().delete("team");
        assertEquals(Optional.empty(), r.projectPolicies().find("team"));
        r.projectPolicies().delete("team");
    }

    @Test
    void listsAreSortedByName() {
        for (String name : List.of("zeta", "alpha", "m-mid")) {
            r.keyPairPolicies().insert(TestDb.keyPairPolicy(name, T0));
            r.userPolicies().insert(TestDb.userPolicy(name, T0));
            r.projectPolicies().insert(TestDb.projectPolicy(name, T0));
        }
        List<String> sorted = List.of("alpha", "default", "m-mid", "zeta");
        assertEquals(sorted, r.keyPairPolicies().list().stream().map(KeyPairResourcePolicy::name).toList());
        assertEquals(sorted, r.userPolicies().list().stream().map(UserResourcePolicy::name).toList());
        assertEquals(sorted, r.projectPolicies().list().stream().map(ProjectResourcePolicy::name).toList());
        assertEquals(TestDb.keyPairPolicy("alpha", T0), r.keyPairPolicies().list().get(0));
    }

    @Test
    void duplicateNamesConflictOnTheName() {
        assertEquals("name", conflict(() -> r.keyPairPolicies().insert(TestDb.keyPairPolicy("default", T0))).field());
        assertEquals("name", conflict(() -> r.userPolicies().insert(TestDb.userPolicy("default", T0))).field());
        assertEquals("name", conflict(() -> r.projectPolicies().insert(TestDb.projectPolicy("default", T0))).field());
        assertEquals(1, r.keyPairPolicies().list().size());
    }

    @Test
    void referrersCountInactiveOnesAndSampleAtMostFiftySortedNames() {
        r.keyPairPolicies().insert(gold());
        r.userPolicies().insert(power());
        r.projectPolicies().insert(team());
        r.unitOfWork().run(() -> {
            r.users().insert(user("u-a", "ann@example.org", UserStatus.ACTIVE, "power"));
            r.users().insert(user("u-b", "bob@example.org", UserStatus.INACTIVE, "power"));
            r.users().insert(user("u-c", "cid@example.org", UserStatus.BEFORE_VERIFICATION, "default"));
            // 60 keypairs on gold, every other one inactive, inserted in reverse order
            IntStream.iterate(59, i -> i >= 0, i -> i - 1).forEach(i -> r.keyPairs().insert(keyPair(
                    "AK%03d".formatted(i), i % 3 == 0 ? "u-b" : "u-a", i % 2 == 0, "gold")));
            r.keyPairs().insert(keyPair("AKother", "u-c", true, "default"));
            r.projects().insert(project("p-1", "d1", "web", true, "team"));
            r.projects().insert(project("p-2", "d1", "old", false, "team"));
            r.projects().insert(project("p-3", "d1", "misc", true, "default"));
        });

        Referrers keys = r.keyPairPolicies().referrers("gold");
        assertEquals(60, keys.total());
        assertEquals(Referrers.SAMPLE, keys.sample().size());
        assertEquals(IntStream.range(0, Referrers.SAMPLE).mapToObj(i -> "keypair AK%03d (%s)".formatted(i,
                i % 3 == 0 ? "bob@example.org" : "ann@example.org")).toList(), keys.sample());

        assertEquals(new Referrers(List.of("user ann@example.org", "user bob@example.org"), 2),
                r.userPolicies().referrers("power"));
        assertEquals(new Referrers(List.of("project d1/old", "project d1/web"), 2),
                r.projectPolicies().referrers("team"));
        assertEquals(new Referrers(List.of("keypair AKother (cid@example.org)"), 1),
                r.keyPairPolicies().referrers("default"));

        Referrers none = r.keyPairPolicies().referrers("unused");
        assertTrue(none.isEmpty());
        assertEquals(List.of(), none.sample());
        assertTrue(r.userPolicies().referrers("nope").isEmpty());
        assertTrue(r.projectPolicies().referrers(null).isEmpty());
    }

    @Test
    void aPolicyStillReferredToCannotBeDeleted() {
        r.keyPairPolicies().insert(gold());
        r.userPolicies().insert(power());
        r.projectPolicies().insert(team());
        r.users().insert(user("u-a", "ann@example.org", UserStatus.INACTIVE, "power"));
        r.keyPairs().insert(keyPair("AK1", "u-a", false, "gold"));
        r.projects().insert(project("p-1", "d1", "web", false, "team"));

        ConflictException k = conflict(() -> r.keyPairPolicies().delete("gold"));
        assertEquals("resource_policy", k.field());
        assertEquals("the keypair resource policy is still used by keypairs", k.getMessage());
        ConflictException u = conflict(() -> r.userPolicies().delete("power"));
        assertEquals("resource_policy", u.field());
        assertEquals("the user resource policy is still held by users", u.getMessage());
        ConflictException p = conflict(() -> r.projectPolicies().delete("team"));
        assertEquals("resource_policy", p.field());
        assertEquals("the project resource policy is still held by projects", p.getMessage());
        assertTrue(r.keyPairPolicies().find("gold").isPresent());
        assertTrue(r.userPolicies().find("power").isPresent());
        assertTrue(r.projectPolicies().find("team").isPresent());

        r.keyPairs().delete("AK1");
        r.keyPairPolicies().delete("gold");
        assertEquals(Optional.empty(), r.keyPairPolicies().find("gold"));
    }

    @Test
    void referringToAnUnknownPolicyConflictsOnResourcePolicy() {
        ConflictException u = conflict(() -> r.users().insert(user("u-a", "ann@example.org", UserStatus.ACTIVE,
                "nope")));
        assertEquals("resource_policy", u.field());
        assertEquals("the user's resource policy does not exist", u.getMessage());

        r.users().insert(user("u-a", "ann@example.org", UserStatus.ACTIVE, "default"));
        ConflictException k = conflict(() -> r.keyPairs().insert(keyPair("AK1", "u-a", true, "nope")));
        assertEquals("resource_policy", k.field());
        assertEquals("the keypair's resource policy does not exist", k.getMessage());

        r.projects().insert(project("p-1", "d1", "web", true, "default"));
        ConflictException p = conflict(() -> r.projects().update(project("p-1", "d1", "web", true, "nope")));
        assertEquals("resource_policy", p.field());
        assertEquals("the project's resource policy does not exist", p.getMessage());
        assertEquals("default", r.projects().find("p-1").orElseThrow().resourcePolicy());
    }

    private static User user(String id, String email, UserStatus status, String policy) {
        return new User(id, email, id, null, null, "hash", "d1", Role.USER, status, false, false, null, policy,
                Set.of(), T0, T0);
    }

    private static KeyPair keyPair(String accessKey, String userId, boolean active, String policy) {
        return new KeyPair(accessKey, "secret-" + accessKey, userId, active, false, policy, KeyPair.DEFAULT_RATE_LIMIT,
                T0, null, 0);
    }

    private static Project project(String id, String domain, String name, boolean active, String policy) {
        return new Project(id, domain, name, null, active, ProjectType.GENERAL, null, List.of(), List.of(), policy,
                T0, T0);
    }
}
