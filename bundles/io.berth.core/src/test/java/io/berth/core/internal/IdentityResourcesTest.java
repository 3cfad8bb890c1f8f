package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.testing.Fakes.State;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** R2 total resource slots of domains and projects, and the resource policies identities refer to. */
class IdentityResourcesTest {
    private static final long GIB = 1L << 30;
    private final World w = new World();

    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        State before = w.f.state();
        X x = assertThrows(type, e);
        assertEquals(field, x.field(), x.getMessage());
        assertEquals("", before.diff(w.f.state()), "the refused call changed the stores");
        return x;
    }

    private static ResourceSlots rs(Object... kv) {
        java.util.TreeMap<String, Amount> m = new java.util.TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Amount) kv[i + 1]);
        }
        return ResourceSlots.of(m);
    }

    private static DomainUpdate domainSlots(Map<String, ?> slots) {
        return new DomainUpdate(null, null, null, null, slots);
    }

    private static ProjectUpdate projectSlots(Map<String, ?> slots) {
        return new ProjectUpdate(null, null, null, null, null, slots);
    }

    private static UserUpdate userPolicy(String policy) {
        return new UserUpdate(null, null, null, null, null, null, null, null, null, policy);
    }

    @Nested
    class DomainTotals {
        @Test
        void setOnCreateReplacedOnUpdateClearedByAnEmptyMapKeptByNull() {
            Domain d = w.svc.createDomain(Caller.SYSTEM, new NewDomain("gamma", null, null, null, null,
                    Map.of("cpu", 64, "mem", "256g", "cuda.device", "inf")));
            ResourceSlots first = rs("cpu", Amount.of(64), "mem", Amount.of(256 * GIB), "cuda.device",
                    Amount.INFINITE);
            assertEquals(first, d.totalResourceSlots());
            assertEquals(first, w.f.domains.find("gamma").orElseThrow().totalResourceSlots());
            assertEquals(first, w.svc.updateDomain(Caller.SYSTEM, "gamma",
                    new DomainUpdate("kept", null, null, null, null)).totalResourceSlots(), "null keeps the map");
            Domain replaced = w.svc.updateDomain(Caller.SYSTEM, "gamma", domainSlots(Map.of("cuda.shares", 8)));
            assertEquals(rs("cuda.shares", Amount.of(8)), replaced.totalResourceSlots(), "the map is replaced whole");
            assertEquals("kept", replaced.description());
            assertEquals(replaced, w.f.domains.find("gamma").orElseThrow());
            assertEquals(ResourceSlots.EMPTY, w.svc.updateDomain(Caller.SYSTEM, "gamma", domainSlots(Map.of()))
                    .totalResourceSlots());
            assertEquals(ResourceSlots.EMPTY, w.f.domains.find("gamma").orElseThrow().totalResourceSlots());
        }

        @Test
        void withoutSlotsADomainIsUnlimited() {
            Domain d = w.f.domains.find("alpha").orElseThrow();
            assertEquals(ResourceSlots.EMPTY, d.totalResourceSlots());
            assertEquals(ResourceSlots.EMPTY, w.modelStore("alpha").totalResourceSlots());
            assertEquals(ResourceSlots.EMPTY, w.researchA.totalResourceSlots());
        }

        @Test
        void aDomainTotalMayExceedThePerPolicyMaxima() {
            // SPEC P1 maxima bound what one keypair policy grants; a domain sums many users
            assertEquals(Amount.of(4096), w.svc.updateDomain(Caller.SYSTEM, "alpha",
                    domainSlots(Map.of("cpu", 4096))).totalResourceSlots().get("cpu"));
        }

        @Test
        void badSlotsAreRefusedNamingTheSlot() {
            refusedUnchanged(ValidationException.class, "total_resource_slots.gpu", () -> w.svc.updateDomain(
                    Caller.SYSTEM, "alpha", domainSlots(Map.of("gpu", 1))));
            refusedUnchanged(ValidationException.class, "total_resource_slots.mem", () -> w.svc.updateDomain(
                    Caller.SYSTEM, "alpha", domainSlots(Map.of("mem", "-4g"))));
            refusedUnchanged(ValidationException.class, "total_resource_slots.cpu", () -> w.svc.createDomain(
                    Caller.SYSTEM, new NewDomain("delta", null, null, null, null, Map.of("cpu", "4k"))));
            assertTrue(w.f.domains.find("delta").isEmpty());
        }

        @Test
        void onlyASuperadminChangesADomainsSlots() {
            for (User u : List.of(w.adminA, w.monitor, w.alice)) {
                refusedUnchanged(ForbiddenException.class, null, () -> w.svc.updateDomain(caller(u), "alpha",
                        domainSlots(Map.of("cpu", 1))));
            }
            assertEquals(Amount.of(1), w.svc.updateDomain(caller(w.superadmin), "alpha",
                    domainSlots(Map.of("cpu", 1))).totalResourceSlots().get("cpu"));
        }
    }

    @Nested
    class ProjectTotals {
        @Test
        void setOnCreateReplacedOnUpdateAndCleared() {
            Project p = w.svc.createProject(caller(w.adminA), new NewProject("alpha", "gpu-lab", null, null, null,
                    null, null, Map.of("cuda.shares", "2.5", "mem", "64g")));
            ResourceSlots first = rs("cuda.shares", Amount.of(new java.math.BigDecimal("2.5")), "mem",
                    Amount.of(64 * GIB));
            assertEquals(first, p.totalResourceSlots());
            assertEquals(first, w.f.projects.find(p.id()).orElseThrow().totalResourceSlots());
            Project kept = w.svc.updateProject(caller(w.adminA), p.id(),
                    new ProjectUpdate("d", null, null, null, null, null));
            assertEquals(first, kept.totalResourceSlots());
            Project replaced = w.svc.updateProject(caller(w.adminA), p.id(), projectSlots(Map.of("cpu", "inf")));
            assertEquals(rs("cpu", Amount.INFINITE), replaced.totalResourceSlots());
            assertEquals("d", replaced.description());
            assertEquals(replaced, w.f.projects.find(p.id()).orElseThrow());
            assertEquals(ResourceSlots.EMPTY, w.svc.updateProject(Caller.SYSTEM, p.id(), projectSlots(Map.of()))
                    .totalResourceSlots());
        }

        @Test
        void aDomainAdminChangesSlotsOfItsOwnDomainsProjectsOnly() {
            assertEquals(Amount.of(8), w.svc.updateProject(caller(w.adminA), w.researchA.id(),
                    projectSlots(Map.of("cpu", 8))).totalResourceSlots().get("cpu"));
            refusedUnchanged(ForbiddenException.class, null, () -> w.svc.updateProject(caller(w.adminB),
                    w.researchA.id(), projectSlots(Map.of("cpu", 1))));
            refusedUnchanged(ForbiddenException.class, null, () -> w.svc.updateProject(caller(w.adminA),
                    w.opsB.id(), projectSlots(Map.of("cpu", 1))));
            refusedUnchanged(ForbiddenException.class, null, () -> w.svc.createProject(caller(w.adminA),
                    new NewProject("beta", "x", null, null, null, null, null, Map.of("cpu", 1))));
            for (User u : List.of(w.alice, w.monitor)) {
                refusedUnchanged(ForbiddenException.class, null, () -> w.svc.updateProject(caller(u),
                        w.researchA.id(), projectSlots(Map.of("cpu", 1))));
            }
            assertEquals(Amount.of(8), w.f.projects.find(w.researchA.id()).orElseThrow().totalResourceSlots()
                    .get("cpu"));
        }

        @Test
        void badSlotsAreRefusedNamingTheSlot() {
            refusedUnchanged(ValidationException.class, "total_resource_slots.tpu", () -> w.svc.updateProject(
                    Caller.SYSTEM, w.researchA.id(), projectSlots(Map.of("tpu", 1))));
            refusedUnchanged(ValidationException.class, "total_resource_slots.cuda.device", () -> w.svc.createProject(
                    Caller.SYSTEM, new NewProject("alpha", "x", null, null, null, null, null,
                            Map.of("cuda.device", 0.5))));
            assertTrue(w.f.projects.findByName("alpha", "x").isEmpty());
        }
    }

    @Nested
    class PolicyReferences {
        @Test
        void unknownKeypairPolicyIsRefusedOnCreateAndUpdate() {
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.carol.email(), null, null, null, null, "nothing", null)));
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.updateKeyPair(Caller.SYSTEM,
                    w.carol.mainAccessKey(), new KeyPairUpdate(null, null, "nothing", null)));
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.updateKeyPair(Caller.SYSTEM,
                    w.carol.mainAccessKey(), new KeyPairUpdate(null, null, "Not A Name", null)));
            // a user policy of that name is not a keypair policy
            w.userPolicy("only-user");
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.carol.email(), null, null, null, null, "only-user", null)));
            w.keyPairPolicy("gpu");
            KeyPair k = w.svc.createKeyPair(caller(w.adminA), new NewKeyPair(w.carol.email(), null, null, null, null,
                    "gpu", null));
            assertEquals("gpu", w.key(k.accessKey()).resourcePolicy());
        }

        @Test
        void unknownUserPolicyIsRefusedOnCreateAndUpdate() {
            NewUser withPolicy = new NewUser("new@alpha.test", null, PASSWORD, null, null, "alpha", Role.USER, null,
                    null, null, null, "nothing");
            refusedUnchanged(ValidationException.class, "resource_policy",
                    () -> w.svc.createUser(Caller.SYSTEM, withPolicy));
            refusedUnchanged(ValidationException.class, "resource_policy",
                    () -> w.svc.updateUser(Caller.SYSTEM, w.carol.email(), userPolicy("nothing")));
            w.projectPolicy("only-project");
            refusedUnchanged(ValidationException.class, "resource_policy",
                    () -> w.svc.updateUser(Caller.SYSTEM, w.carol.email(), userPolicy("only-project")));
        }

        @Test
        void unknownProjectPolicyIsRefusedOnCreateAndUpdate() {
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.createProject(Caller.SYSTEM,
                    new NewProject("alpha", "x", null, null, null, null, "nothing", null)));
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.updateProject(
                    caller(w.adminA), w.researchA.id(), new ProjectUpdate(null, null, null, null, "nothing", null)));
            refusedUnchanged(ValidationException.class, "resource_policy", () -> w.svc.createProject(Caller.SYSTEM,
                    new NewProject("alpha", "x", null, null, null, null, "UPPER", null)));
            w.projectPolicy("lab");
            assertEquals("lab", w.svc.createProject(Caller.SYSTEM, new NewProject("alpha", "x", null, null, null,
                    null, "lab", null)).resourcePolicy());
            assertEquals("default", w.svc.createProject(Caller.SYSTEM, World.newProject("alpha", "y"))
                    .resourcePolicy());
        }

        @Test
        void aNewUserGetsTheChosenUserPolicyAndItsKeypairTheDefaultKeypairPolicy() {
            w.userPolicy("big");
            CreatedUser c = w.createFull(new NewUser("new@alpha.test", null, PASSWORD, null, null, "alpha", Role.USER,
                    null, null, null, null, "big"));
            assertEquals("big", w.reload(c.detail().user()).resourcePolicy());
            assertEquals("default", w.key(c.keyPair().accessKey()).resourcePolicy());
            assertEquals("default", w.carol.resourcePolicy(), "users made without a choice get the default");
        }

        @Test
        void onlyASuperadminAssignsUserPolicies() {
            w.userPolicy("big");
            refusedUnchanged(ForbiddenException.class, null,
                    () -> w.svc.updateUser(caller(w.adminA), w.carol.email(), userPolicy("big")));
            // even when the policy does not exist, the admin learns nothing but "not allowed"
            refusedUnchanged(ForbiddenException.class, null,
                    () -> w.svc.updateUser(caller(w.adminA), w.carol.email(), userPolicy("nothing")));
            // repeating the current policy is no change, so a domain admin may send it
            assertEquals("Carol", w.svc.updateUser(caller(w.adminA), w.carol.email(),
                    new UserUpdate(null, "Carol", null, null, null, null, null, null, null, "default")).user()
                    .fullName());
            assertEquals("big", w.svc.updateUser(caller(w.superadmin), w.carol.email(), userPolicy("big")).user()
                    .resourcePolicy());
            assertEquals("big", w.reload(w.carol).resourcePolicy());
            // other fields of a later update leave the policy alone
            w.svc.updateUser(caller(w.adminA), w.carol.email(),
                    new UserUpdate(null, "C.", null, null, null, null, null, null, null, null));
            assertEquals("big", w.reload(w.carol).resourcePolicy());
        }
    }
}
