package io.berth.core.internal;

import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes.State;
import io.berth.core.testing.Fakes;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** SPEC P1–P5 and A5 through {@link ResourcePolicyServiceImpl} over the fakes. */
class ResourcePolicyServiceImplTest {
    private static final Caller SA = Caller.SYSTEM;
    private static final long GIB = 1L << 30;

    private final World w = new World();
    private final ResourcePolicyServiceImpl svc = w.policies;

    // ------------------------------------------------------------ helpers

    /** Asserts the call fails with {@code type} naming {@code field} and leaves every store as it was. */
    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        return refusedUnchanged(w.f, type, field, e);
    }

    static <X extends BerthException> X refusedUnchanged(Fakes f, Class<X> type, String field, Executable e) {
        State before = f.state();
        int commits = f.tx.commits();
        X x = assertThrows(type, e);
        assertEquals(field, x.field(), x.getMessage());
        assertEquals("", before.diff(f.state()), "the refused call changed the stores");
        assertEquals(commits, f.tx.commits(), "a refused call commits nothing");
        return x;
    }

    /** A keypair policy input with only {@code field} (named as in the API) set to {@code v}. */
    @SuppressWarnings("unchecked")
    static KeyPairPolicyInput kp(String name, String field, Object v) {
        return new KeyPairPolicyInput(name,
                field.equals("default_for_unspecified") ? (String) v : null,
                field.equals("total_resource_slots") ? (Map<String, ?>) v : null,
                field.equals("max_session_lifetime") ? (Long) v : null,
                field.equals("max_concurrent_sessions") ? (Integer) v : null,
                field.equals("max_pending_session_count") ? v : null,
                field.equals("max_pending_session_resource_slots") ? (Map<String, ?>) v : null,
                field.equals("max_containers_per_session") ? (Integer) v : null,
                field.equals("idle_timeout") ? (Long) v : null,
                field.equals("allowed_vfolder_hosts") ? (List<String>) v : null);
    }

    static UserPolicyInput up(String name, String field, Object v) {
        return new UserPolicyInput(name, field.equals("max_vfolder_count") ? v : null,
                field.equals("max_quota_scope_size") ? v : null,
                field.equals("max_session_count_per_model_session") ? (Integer) v : null,
                field.equals("max_customized_image_count") ? v : null);
    }

    static ProjectPolicyInput pp(String name, String field, Object v) {
        return new ProjectPolicyInput(name, field.equals("max_vfolder_count") ? v : null,
                field.equals("max_quota_scope_size") ? v : null);
    }

    private static KeyPairPolicyInput kpEmpty(String name) {
        return kp(name, "-", null);
    }

    private static Map<String, Object> slots(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static KeyPairResourcePolicy named(KeyPairResourcePolicy p, String name) {
        return new KeyPairResourcePolicy(name, p.defaultForUnspecified(), p.totalResourceSlots(),
                p.maxSessionLifetime(), p.maxConcurrentSessions(), p.maxPendingSessionCount(),
                p.maxPendingSessionResourceSlots(), p.maxContainersPerSession(), p.idleTimeout(),
                p.allowedVfolderHosts(), p.createdAt(), p.modifiedAt());
    }

    // ------------------------------------------------------------ keypair policies

    @Nested
    class KeyPairPolicies {
        @Test
        void createAppliesTheDefaultsAndStoresThePolicy() {
            w.clock.advance(Duration.ofMinutes(3));
            Instant now = w.clock.instant();
            KeyPairResourcePolicy p = svc.createKeyPairPolicy(SA, kpEmpty("small"));
            assertEquals(named(KeyPairResourcePolicy.defaults(now), "small"), p);
            assertEquals(p, w.f.keyPairPolicies.find("small").orElseThrow());
            assertEquals(p, svc.getKeyPairPolicy(SA, "small"));
            assertEquals(List.of("default", "small"),
                    svc.listKeyPairPolicies(SA).stream().map(KeyPairResourcePolicy::name).toList());
        }

        @Test
        void createTakesEveryGivenField() {
            KeyPairResourcePolicy p = svc.createKeyPairPolicy(SA, new KeyPairPolicyInput("gpu", "LIMITED",
                    slots("cpu", 8, "mem", "32g", "cuda.device", "2"), 7200L, 5, "20", slots("cpu", "16"), 4, 600L,
                    List.of("nfs", "nfs", "local:1")));
            assertEquals(UnspecifiedSlots.LIMITED, p.defaultForUnspecified());
            assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(8), "mem", Amount.of(32 * GIB), "cuda.device",
                    Amount.of(2))), p.totalResourceSlots());
            assertEquals(7200, p.maxSessionLifetime());
            assertEquals(5, p.maxConcurrentSessions());
            assertEquals(Amount.of(20), p.maxPendingSessionCount());
            assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(16))), p.maxPendingSessionResourceSlots());
            assertEquals(4, p.maxContainersPerSession());
            assertEquals(600, p.idleTimeout());
            assertEquals(List.of("nfs", "local:1"), p.allowedVfolderHosts(), "duplicates dropped, order kept");
            assertEquals(Amount.ZERO, p.limit("cuda.shares"), "limited: an unnamed slot allows nothing");
            assertEquals(Amount.of(8), p.limit("cpu"));
            assertEquals(p, w.f.keyPairPolicies.find("gpu").orElseThrow());
        }

        @Test
        void updateChangesOnlyTheGivenFieldsAndKeepsCreatedAt() {
            KeyPairResourcePolicy before = svc.createKeyPairPolicy(SA, new KeyPairPolicyInput("gpu", "limited",
                    slots("cpu", 8, "mem", "32g"), 7200L, 5, 20, slots("cpu", 16), 4, 600L, List.of("nfs")));
            w.clock.advance(Duration.ofHours(1));
            KeyPairResourcePolicy after = svc.updateKeyPairPolicy(SA, "gpu", kp(null, "idle_timeout", 60L));
            assertEquals(new KeyPairResourcePolicy("gpu", UnspecifiedSlots.LIMITED, before.totalResourceSlots(), 7200,
                    5, Amount.of(20), before.maxPendingSessionResourceSlots(), 4, 60, List.of("nfs"),
                    before.createdAt(), w.clock.instant()), after);
            assertEquals(after, w.f.keyPairPolicies.find("gpu").orElseThrow());
            // the name may be repeated in the body
            assertEquals(3, svc.updateKeyPairPolicy(SA, "gpu", kp("gpu", "max_concurrent_sessions", 3))
                    .maxConcurrentSessions());
        }

        @Test
        void aSlotMapReplacesTheWholeMapAndAnEmptyOneClearsIt() {
            svc.createKeyPairPolicy(SA, kp("gpu", "total_resource_slots", slots("cpu", 8, "mem", "32g")));
            assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(2))), svc.updateKeyPairPolicy(SA, "gpu",
                    kp(null, "total_resource_slots", slots("cpu", 2))).totalResourceSlots());
            assertEquals(ResourceSlots.EMPTY, svc.updateKeyPairPolicy(SA, "gpu",
                    kp(null, "total_resource_slots", Map.of())).totalResourceSlots());
            assertEquals(ResourceSlots.EMPTY, w.f.keyPairPolicies.find("gpu").orElseThrow().totalResourceSlots());
        }

        @Test
        void theNameIsTheKeyAndCannotBeChanged() {
            svc.createKeyPairPolicy(SA, kpEmpty("gpu"));
            refusedUnchanged(ValidationException.class, "name",
                    () -> svc.updateKeyPairPolicy(SA, "gpu", kpEmpty("renamed")));
            assertTrue(w.f.keyPairPolicies.find("renamed").isEmpty());
            refusedUnchanged(NotFoundException.class, null,
                    () -> svc.updateKeyPairPolicy(SA, "nothing", kp(null, "idle_timeout", 1L)));
            assertThrows(NotFoundException.class, () -> svc.getKeyPairPolicy(SA, "nothing"));
        }

        @Test
        void namesAreSlugsAndUnique() {
            for (String bad : List.of("", "Upper", "with space", "-dash", "x".repeat(65))) {
                refusedUnchanged(ValidationException.class, "name", () -> svc.createKeyPairPolicy(SA, kpEmpty(bad)));
            }
            refusedUnchanged(ValidationException.class, "name", () -> svc.createKeyPairPolicy(SA, kpEmpty(null)));
            svc.createKeyPairPolicy(SA, kpEmpty("gpu"));
            ConflictException x = refusedUnchanged(ConflictException.class, "name",
                    () -> svc.createKeyPairPolicy(SA, kpEmpty("gpu")));
            assertEquals(409, x.status());
            refusedUnchanged(ConflictException.class, "name", () -> svc.createKeyPairPolicy(SA, kpEmpty("default")));
        }

        /** One SPEC P1 bound: {@code ok} is accepted and stored as {@code stored}; each of {@code bad} is refused. */
        record Edge(String field, String errorField, Object ok, Object stored,
                Function<KeyPairResourcePolicy, Object> read, List<Object> bad) {
        }

        static List<Edge> edges() {
            Function<String, Function<KeyPairResourcePolicy, Object>> slot = s -> p -> p.totalResourceSlots().get(s);
            String t = "total_resource_slots";
            return List.of(
                    new Edge(t, t + ".cpu", slots("cpu", 512), Amount.of(512), slot.apply("cpu"),
                            List.of(slots("cpu", "512.001"), slots("cpu", 513))),
                    new Edge(t, t + ".cpu", slots("cpu", "0.5"), Amount.of(new BigDecimal("0.5")), slot.apply("cpu"),
                            List.of(slots("cpu", -1), slots("cpu", "-0.5"))),
                    new Edge(t, t + ".mem", slots("mem", "1024g"), Amount.of(1024 * GIB), slot.apply("mem"),
                            List.of(slots("mem", "1025g"), slots("mem", 1024 * GIB + 1), slots("mem", "1t1"))),
                    new Edge(t, t + ".mem", slots("mem", "1t"), Amount.of(1024 * GIB), slot.apply("mem"),
                            List.of(slots("mem", "4x"), slots("mem", "4 gigabytes"), slots("mem", "0.5"))),
                    new Edge(t, t + ".cuda.device", slots("cuda.device", 64), Amount.of(64),
                            slot.apply("cuda.device"), List.of(slots("cuda.device", 65), slots("cuda.device", 1.5),
                                    slots("cuda.device", "2g"))),
                    new Edge(t, t + ".cuda.shares", slots("cuda.shares", 256), Amount.of(256),
                            slot.apply("cuda.shares"), List.of(slots("cuda.shares", 257),
                                    slots("cuda.shares", "256.0000001"))),
                    new Edge("max_containers_per_session", "max_containers_per_session", 100, 100,
                            KeyPairResourcePolicy::maxContainersPerSession, List.of(101, 0, -1)),
                    new Edge("max_concurrent_sessions", "max_concurrent_sessions", 100, 100,
                            KeyPairResourcePolicy::maxConcurrentSessions, List.of(101, 0)),
                    new Edge("max_concurrent_sessions", "max_concurrent_sessions", 1, 1,
                            KeyPairResourcePolicy::maxConcurrentSessions, List.of(Integer.MIN_VALUE)),
                    new Edge("idle_timeout", "idle_timeout", 15_552_000L, 15_552_000L,
                            KeyPairResourcePolicy::idleTimeout, List.of(15_552_001L, -1L)),
                    new Edge("idle_timeout", "idle_timeout", 0L, 0L, KeyPairResourcePolicy::idleTimeout,
                            List.of(Long.MAX_VALUE)),
                    new Edge("max_session_lifetime", "max_session_lifetime", KeyPairResourcePolicy.MAX_SESSION_LIFETIME,
                            KeyPairResourcePolicy.MAX_SESSION_LIFETIME, KeyPairResourcePolicy::maxSessionLifetime,
                            List.of(KeyPairResourcePolicy.MAX_SESSION_LIFETIME + 1, -1L)),
                    new Edge("max_session_lifetime", "max_session_lifetime", 0L, 0L,
                            KeyPairResourcePolicy::maxSessionLifetime, List.of(Long.MIN_VALUE)),
                    new Edge("max_pending_session_count", "max_pending_session_count", 10_000, Amount.of(10_000),
                            KeyPairResourcePolicy::maxPendingSessionCount,
                            List.of(10_001, "10001", -1, "1.5", 2.5, "5g", true, "")),
                    new Edge("max_pending_session_count", "max_pending_session_count", "inf", Amount.INFINITE,
                            KeyPairResourcePolicy::maxPendingSessionCount, List.of(Double.POSITIVE_INFINITY, "-inf")),
                    new Edge("max_pending_session_count", "max_pending_session_count", 0, Amount.ZERO,
                            KeyPairResourcePolicy::maxPendingSessionCount, List.of("many")),
                    new Edge("max_pending_session_resource_slots", "max_pending_session_resource_slots.mem",
                            slots("mem", "2t"), Amount.of(2048 * GIB), p -> p.maxPendingSessionResourceSlots().get("mem"),
                            List.of(slots("mem", "-1"), slots("mem", "2q"))),
                    new Edge("max_pending_session_resource_slots", "max_pending_session_resource_slots.gpu",
                            slots("cpu", "inf"), Amount.INFINITE, p -> p.maxPendingSessionResourceSlots().get("cpu"),
                            List.of(slots("gpu", 1))),
                    new Edge("default_for_unspecified", "default_for_unspecified", "Limited", UnspecifiedSlots.LIMITED,
                            KeyPairResourcePolicy::defaultForUnspecified, List.of("sometimes", "", "limited ")),
                    new Edge("allowed_vfolder_hosts", "allowed_vfolder_hosts", List.of("nfs-1", "ceph:pool"),
                            List.of("nfs-1", "ceph:pool"), KeyPairResourcePolicy::allowedVfolderHosts,
                            List.of(List.of("bad host"), java.util.Arrays.asList("nfs", null))));
        }

        @TestFactory
        Stream<DynamicTest> everyBoundIsExactOnCreateAndUpdate() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Edge e : edges()) {
                // dynamic tests share one instance of this class: each gets a fresh store
                tests.add(dynamicTest("create " + e.field() + " = " + e.ok() + " is stored", () -> {
                    World x = new World();
                    KeyPairResourcePolicy p = x.policies.createKeyPairPolicy(SA, kp("edge", e.field(), e.ok()));
                    assertEquals(e.stored(), e.read().apply(p));
                    assertEquals(e.stored(), e.read().apply(x.f.keyPairPolicies.find("edge").orElseThrow()));
                }));
                tests.add(dynamicTest("update " + e.field() + " = " + e.ok() + " is stored", () -> {
                    World x = new World();
                    x.policies.createKeyPairPolicy(SA, kpEmpty("edge"));
                    assertEquals(e.stored(), e.read().apply(x.policies.updateKeyPairPolicy(SA, "edge",
                            kp(null, e.field(), e.ok()))));
                    assertEquals(e.stored(), e.read().apply(x.f.keyPairPolicies.find("edge").orElseThrow()));
                }));
                for (Object bad : e.bad()) {
                    tests.add(dynamicTest(e.field() + " = " + bad + " is refused naming " + e.errorField(), () -> {
                        World x = new World();
                        refusedUnchanged(x.f, ValidationException.class, e.errorField(),
                                () -> x.policies.createKeyPairPolicy(SA, kp("edge", e.field(), bad)));
                        x.policies.createKeyPairPolicy(SA, kpEmpty("edge"));
                        refusedUnchanged(x.f, ValidationException.class, e.errorField(),
                                () -> x.policies.updateKeyPairPolicy(SA, "edge", kp(null, e.field(), bad)));
                    }));
                }
            }
            return tests.stream();
        }

        @Test
        void infinityIsAcceptedForEverySlotInEverySpelling() {
            for (String slot : List.of("cpu", "mem", "cuda.device", "cuda.shares")) {
                for (String inf : List.of("inf", "Infinity", "unlimited", "∞")) {
                    KeyPairResourcePolicy p = svc.updateKeyPairPolicy(SA, "default",
                            kp(null, "total_resource_slots", slots(slot, inf)));
                    assertEquals(Amount.INFINITE, p.totalResourceSlots().get(slot), slot + "=" + inf);
                }
            }
        }

        @Test
        void unknownSlotIsRefusedNamingItAndListingTheKnownOnes() {
            ValidationException x = refusedUnchanged(ValidationException.class, "total_resource_slots.gpu",
                    () -> svc.createKeyPairPolicy(SA, kp("p", "total_resource_slots", slots("cpu", 1, "gpu", 1))));
            assertTrue(x.getMessage().contains("gpu") && x.getMessage().contains("cuda.shares"), x.getMessage());
            refusedUnchanged(ValidationException.class, "total_resource_slots.CPU",
                    () -> svc.createKeyPairPolicy(SA, kp("p", "total_resource_slots", slots("CPU", 1))));
        }

        @Test
        void malformedValuesAreRefusedNamingTheSlot() {
            for (Object bad : List.of("", "4x", "--1", "1e3", List.of(1), Double.NaN)) {
                refusedUnchanged(ValidationException.class, "total_resource_slots.cpu",
                        () -> svc.createKeyPairPolicy(SA, kp("p", "total_resource_slots", slots("cpu", bad))));
            }
            refusedUnchanged(ValidationException.class, "total_resource_slots.mem",
                    () -> svc.createKeyPairPolicy(SA, kp("p", "total_resource_slots", slots("mem", null))));
        }
    }

    // ------------------------------------------------------------ user and project policies

    @Nested
    class UserAndProjectPolicies {
        @Test
        void userPolicyCrudWithDefaults() {
            Instant now = w.clock.instant();
            UserResourcePolicy p = svc.createUserPolicy(SA, up("team", "-", null));
            UserResourcePolicy d = UserResourcePolicy.defaults(now);
            assertEquals(new UserResourcePolicy("team", d.maxVfolderCount(), d.maxQuotaScopeSize(),
                    d.maxSessionCountPerModelSession(), d.maxCustomizedImageCount(), now, now), p);
            w.clock.advance(Duration.ofSeconds(30));
            UserResourcePolicy u = svc.updateUserPolicy(SA, "team", new UserPolicyInput(null, 10, "100g", null, "inf"));
            assertEquals(new UserResourcePolicy("team", Amount.of(10), Amount.of(100 * GIB),
                    d.maxSessionCountPerModelSession(), Amount.INFINITE, now, w.clock.instant()), u);
            assertEquals(u, svc.getUserPolicy(SA, "team"));
            assertEquals(List.of("default", "team"), svc.listUserPolicies(SA).stream().map(UserResourcePolicy::name)
                    .toList());
            refusedUnchanged(ValidationException.class, "name",
                    () -> svc.updateUserPolicy(SA, "team", up("other", "-", null)));
            refusedUnchanged(ConflictException.class, "name", () -> svc.createUserPolicy(SA, up("team", "-", null)));
            assertThrows(NotFoundException.class, () -> svc.getUserPolicy(SA, "nothing"));
        }

        @Test
        void userPolicyBounds() {
            svc.createUserPolicy(SA, up("p", "-", null));
            Map<String, List<Object>> ok = Map.of("max_vfolder_count", List.of(100_000, 0, "inf"),
                    "max_quota_scope_size", List.of("1e", "1024p", "inf", 0),
                    "max_session_count_per_model_session", List.of(1, 100),
                    "max_customized_image_count", List.of(10_000, "inf"));
            Map<String, List<Object>> bad = Map.of("max_vfolder_count", List.of(100_001, -1, "1.5", "10g"),
                    "max_quota_scope_size", List.of("1025p", "2e", -1, "1.5", "lots"),
                    "max_session_count_per_model_session", List.of(0, 101),
                    "max_customized_image_count", List.of(10_001, -1));
            ok.forEach((field, values) -> values.forEach(v -> svc.updateUserPolicy(SA, "p", up(null, field, v))));
            UserResourcePolicy last = svc.getUserPolicy(SA, "p");
            assertEquals(Amount.INFINITE, last.maxVfolderCount());
            assertEquals(Amount.ZERO, last.maxQuotaScopeSize());
            assertEquals(100, last.maxSessionCountPerModelSession());
            bad.forEach((field, values) -> values.forEach(v -> refusedUnchanged(ValidationException.class, field,
                    () -> svc.updateUserPolicy(SA, "p", up(null, field, v)))));
            assertEquals(Amount.of(1L << 60), svc.updateUserPolicy(SA, "p", up(null, "max_quota_scope_size", "1e"))
                    .maxQuotaScopeSize());
        }

        @Test
        void projectPolicyCrudWithDefaultsAndBounds() {
            Instant now = w.clock.instant();
            ProjectResourcePolicy p = svc.createProjectPolicy(SA, pp("lab", "-", null));
            assertEquals(new ProjectResourcePolicy("lab", Amount.INFINITE, Amount.INFINITE, now, now), p);
            w.clock.advance(Duration.ofSeconds(1));
            ProjectResourcePolicy u = svc.updateProjectPolicy(SA, "lab", pp(null, "max_vfolder_count", 100_000));
            assertEquals(new ProjectResourcePolicy("lab", Amount.of(100_000), Amount.INFINITE, now, w.clock.instant()),
                    u);
            assertEquals(u, w.f.projectPolicies.find("lab").orElseThrow());
            assertEquals(Amount.of(5 * GIB), svc.updateProjectPolicy(SA, "lab",
                    pp("lab", "max_quota_scope_size", "5g")).maxQuotaScopeSize());
            assertEquals(Amount.of(100_000), svc.getProjectPolicy(SA, "lab").maxVfolderCount(), "kept");
            refusedUnchanged(ValidationException.class, "max_vfolder_count",
                    () -> svc.updateProjectPolicy(SA, "lab", pp(null, "max_vfolder_count", 100_001)));
            refusedUnchanged(ValidationException.class, "max_quota_scope_size",
                    () -> svc.updateProjectPolicy(SA, "lab", pp(null, "max_quota_scope_size", "-5g")));
            refusedUnchanged(ValidationException.class, "max_quota_scope_size",
                    () -> svc.createProjectPolicy(SA, pp("lab2", "max_quota_scope_size", "1025p")));
            refusedUnchanged(ValidationException.class, "name",
                    () -> svc.updateProjectPolicy(SA, "lab", pp("lab2", "-", null)));
            refusedUnchanged(ConflictException.class, "name", () -> svc.createProjectPolicy(SA, pp("lab", "-", null)));
            assertEquals(List.of("default", "lab"), svc.listProjectPolicies(SA).stream()
                    .map(ProjectResourcePolicy::name).toList());
            assertThrows(NotFoundException.class, () -> svc.getProjectPolicy(SA, "nothing"));
        }
    }

    // ------------------------------------------------------------ delete protection (SPEC P4)

    @Nested
    class DeleteProtection {
        @Test
        void keypairPolicyUsedByAnInactiveUsersKeypairIsNotDeleted() {
            svc.createKeyPairPolicy(SA, kpEmpty("gpu"));
            w.svc.updateKeyPair(SA, w.bob.mainAccessKey(), new KeyPairUpdate(null, null, "gpu", null));
            w.svc.deactivateUser(SA, w.bob.email());
            assertFalse(w.key(w.bob.mainAccessKey()).active());
            ReferencedException x = refusedUnchanged(ReferencedException.class, null,
                    () -> svc.deletePolicy(SA, PolicyKind.KEYPAIR, "gpu"));
            assertEquals(409, x.status());
            assertEquals(List.of("keypair " + w.bob.mainAccessKey() + " (bob@beta.test)"), x.referrers());
            assertEquals(1, x.total());
            assertEquals(Map.of("referrers", x.referrers(), "referrer_count", 1L), x.extensions());
            assertTrue(x.getMessage().contains(w.bob.mainAccessKey()), x.getMessage());
            // once nothing refers to it, it goes
            w.svc.updateKeyPair(SA, w.bob.mainAccessKey(), new KeyPairUpdate(null, null, "default", null));
            w.f.tx.clearWrites();
            svc.deletePolicy(SA, PolicyKind.KEYPAIR, "gpu");
            assertTrue(w.f.keyPairPolicies.find("gpu").isEmpty());
            assertEquals(List.of(new Write(w.f.tx.writes().get(0).tx(), "keypair_policies", "delete", "gpu")),
                    w.f.tx.writes());
        }

        @Test
        void manyReferrersAreCountedAndSampled() {
            svc.createKeyPairPolicy(SA, kpEmpty("gpu"));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < Referrers.SAMPLE + 5; i++) {
                KeyPair k = w.svc.createKeyPair(SA, new NewKeyPair(w.carol.email(), null, null, i % 2 == 0, null,
                        "gpu", null));
                keys.add(k.accessKey());
            }
            ReferencedException x = assertThrows(ReferencedException.class,
                    () -> svc.deletePolicy(SA, PolicyKind.KEYPAIR, "gpu"));
            assertEquals(keys.size(), x.total());
            assertEquals(Referrers.SAMPLE, x.referrers().size());
            assertTrue(keys.containsAll(x.referrers().stream().map(r -> r.split(" ")[1]).toList()), x.referrers()
                    .toString());
            assertTrue(x.getMessage().contains(keys.size() + " holders"), x.getMessage());
            assertTrue(x.getMessage().endsWith(", ..."), x.getMessage());
        }

        @Test
        void userPolicyHeldByUsersOfAnyStatusIsNotDeleted() {
            svc.createUserPolicy(SA, up("big", "-", null));
            w.svc.updateUser(SA, w.carol.email(), policyOnly("big"));
            w.svc.updateUser(SA, w.bob.email(), policyOnly("big"));
            w.svc.deactivateUser(SA, w.bob.email());
            ReferencedException x = refusedUnchanged(ReferencedException.class, null,
                    () -> svc.deletePolicy(SA, PolicyKind.USER, "big"));
            assertEquals(List.of("user bob@beta.test", "user carol@alpha.test"), x.referrers());
            assertEquals(2, x.total());
            w.svc.updateUser(SA, w.carol.email(), policyOnly("default"));
            w.svc.updateUser(SA, w.bob.email(), policyOnly("default"));
            svc.deletePolicy(SA, PolicyKind.USER, "big");
            assertTrue(w.f.userPolicies.find("big").isEmpty());
        }

        private UserUpdate policyOnly(String policy) {
            return new UserUpdate(null, null, null, null, null, null, null, null, null, policy);
        }

        @Test
        void projectPolicyHeldByAnInactiveProjectIsNotDeleted() {
            svc.createProjectPolicy(SA, pp("lab", "-", null));
            w.svc.updateProject(SA, w.researchA.id(), new ProjectUpdate(null, false, null, null, "lab", null));
            ReferencedException x = refusedUnchanged(ReferencedException.class, null,
                    () -> svc.deletePolicy(SA, PolicyKind.PROJECT, "lab"));
            assertEquals(List.of("project alpha/research"), x.referrers());
            w.svc.updateProject(SA, w.researchA.id(), new ProjectUpdate(null, null, null, null, "default", null));
            svc.deletePolicy(SA, PolicyKind.PROJECT, "lab");
            assertTrue(w.f.projectPolicies.find("lab").isEmpty());
        }

        @Test
        void unreferencedPoliciesOfEveryKindAreDeleted() {
            svc.createKeyPairPolicy(SA, kpEmpty("x"));
            svc.createUserPolicy(SA, up("x", "-", null));
            svc.createProjectPolicy(SA, pp("x", "-", null));
            for (PolicyKind k : PolicyKind.values()) {
                svc.deletePolicy(SA, k, "x");
            }
            assertEquals(List.of("default"), svc.listKeyPairPolicies(SA).stream().map(p -> p.name()).toList());
            assertEquals(List.of("default"), svc.listUserPolicies(SA).stream().map(p -> p.name()).toList());
            assertEquals(List.of("default"), svc.listProjectPolicies(SA).stream().map(p -> p.name()).toList());
        }

        @Test
        void theDefaultPolicyOfEachKindIsNeverDeleted() {
            // in use here, and in a store where nothing refers to the defaults
            Fakes bare = new Fakes();
            bare.tx.run(() -> new Bootstrap.DefaultPolicies(bare.keyPairPolicies, bare.userPolicies,
                    bare.projectPolicies).ensure(World.T0));
            ResourcePolicyServiceImpl bareSvc = new ResourcePolicyServiceImpl(bare.tx, bare.keyPairPolicies,
                    bare.userPolicies, bare.projectPolicies, bare.presets, new SlotRegistryImpl(), w.clock);
            assertFalse(w.f.keyPairPolicies.referrers("default").isEmpty());
            assertTrue(bare.keyPairPolicies.referrers("default").isEmpty());
            assertTrue(bare.userPolicies.referrers("default").isEmpty());
            assertTrue(bare.projectPolicies.referrers("default").isEmpty());
            for (Fakes f : List.of(w.f, bare)) {
                ResourcePolicyServiceImpl s = f == bare ? bareSvc : svc;
                for (PolicyKind k : PolicyKind.values()) {
                    State before = f.state();
                    ConflictException x = assertThrows(ConflictException.class, () -> s.deletePolicy(SA, k, "default"));
                    assertFalse(x instanceof ReferencedException, "refused for being the default, not for its use");
                    assertEquals("name", x.field());
                    assertTrue(x.getMessage().contains("default"), x.getMessage());
                    assertEquals("", before.diff(f.state()));
                }
            }
        }

        @Test
        void deletingAnUnknownPolicyIsNotFound() {
            for (PolicyKind k : PolicyKind.values()) {
                refusedUnchanged(NotFoundException.class, null, () -> svc.deletePolicy(SA, k, "nothing"));
            }
            // a keypair policy named like a user policy is a different thing
            svc.createUserPolicy(SA, up("only-user", "-", null));
            refusedUnchanged(NotFoundException.class, null, () -> svc.deletePolicy(SA, PolicyKind.KEYPAIR,
                    "only-user"));
        }
    }

    // ------------------------------------------------------------ roles

    @Nested
    class Roles {
        @Test
        void onlyASuperadminWritesPolicies() {
            svc.createKeyPairPolicy(caller(w.superadmin), kpEmpty("by-superadmin"));
            for (Caller c : List.of(caller(w.monitor), caller(w.adminA), caller(w.alice))) {
                refusedUnchanged(ForbiddenException.class, null, () -> svc.createKeyPairPolicy(c, kpEmpty("p")));
                refusedUnchanged(ForbiddenException.class, null, () -> svc.updateKeyPairPolicy(c, "by-superadmin",
                        kp(null, "idle_timeout", 1L)));
                refusedUnchanged(ForbiddenException.class, null, () -> svc.createUserPolicy(c, up("p", "-", null)));
                refusedUnchanged(ForbiddenException.class, null, () -> svc.createProjectPolicy(c, pp("p", "-", null)));
                refusedUnchanged(ForbiddenException.class, null,
                        () -> svc.deletePolicy(c, PolicyKind.KEYPAIR, "by-superadmin"));
            }
        }

        @Test
        void monitorsAndAdminsReadPoliciesUsersDoNot() {
            for (Caller c : List.of(caller(w.monitor), caller(w.adminA), caller(w.adminB))) {
                assertEquals(1, svc.listKeyPairPolicies(c).size());
                assertEquals("default", svc.getUserPolicy(c, "default").name());
                assertEquals("default", svc.getProjectPolicy(c, "default").name());
            }
            ForbiddenException x = assertThrows(ForbiddenException.class,
                    () -> svc.listKeyPairPolicies(caller(w.alice)));
            assertEquals(403, x.status());
            assertThrows(ForbiddenException.class, () -> svc.getKeyPairPolicy(caller(w.alice), "default"));
        }
    }

    // ------------------------------------------------------------ presets (A5)

    @Nested
    class Presets {
        private PresetInput preset(String name, Map<String, ?> slots, Object shm, String group) {
            return new PresetInput(name, slots, shm, group);
        }

        @Test
        void createReadUpdateDelete() {
            Instant t = w.clock.instant();
            ResourcePreset p = svc.createPreset(SA, preset("small", slots("cpu", 2, "mem", "4g", "cuda.shares", 0.5),
                    "1g", "gpu-a"));
            ResourcePreset expected = new ResourcePreset("small", ResourceSlots.of(Map.of("cpu", Amount.of(2), "mem",
                    Amount.of(4 * GIB), "cuda.shares", Amount.of(new BigDecimal("0.5")))), GIB, "gpu-a", t, t);
            assertEquals(expected, p);
            assertEquals(p, w.f.presets.find("small").orElseThrow());
            assertEquals(p, svc.getPreset(caller(w.alice), "small"), "everyone signed in reads presets");
            w.clock.advance(Duration.ofMinutes(1));
            ResourcePreset u = svc.updatePreset(SA, "small", preset(null, null, "2g", null));
            assertEquals(new ResourcePreset("small", expected.resourceSlots(), 2 * GIB, "gpu-a", t,
                    w.clock.instant()), u, "unspecified fields are kept");
            assertEquals(u, w.f.presets.find("small").orElseThrow());
            svc.deletePreset(SA, "small");
            assertTrue(w.f.presets.find("small").isEmpty());
            refusedUnchanged(NotFoundException.class, null, () -> svc.deletePreset(SA, "small"));
            assertThrows(NotFoundException.class, () -> svc.getPreset(SA, "small"));
            refusedUnchanged(NotFoundException.class, null,
                    () -> svc.updatePreset(SA, "small", preset(null, null, "1g", null)));
        }

        @Test
        void cpuAndMemAreRequiredAndFinite() {
            refusedUnchanged(ValidationException.class, "resource_slots",
                    () -> svc.createPreset(SA, preset("p", null, null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.cpu",
                    () -> svc.createPreset(SA, preset("p", slots("mem", "1g"), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.mem",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 1), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.cpu",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 0, "mem", "1g"), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.cpu",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", "inf", "mem", "1g"), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.cuda.device",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g", "cuda.device", "inf"), null,
                            null)));
            refusedUnchanged(ValidationException.class, "resource_slots.gpu",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g", "gpu", 1), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.cpu",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 513, "mem", "1g"), null, null)));
            refusedUnchanged(ValidationException.class, "resource_slots.mem",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "-1g"), null, null)));
            // zero entries other than cpu and mem are dropped
            assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(1), "mem", Amount.of(GIB))), svc.createPreset(SA,
                    preset("p", slots("cpu", 1, "mem", "1g", "cuda.device", 0), null, null)).resourceSlots());
            svc.createPreset(SA, preset("q", slots("cpu", 1, "mem", "1g"), null, null));
            refusedUnchanged(ValidationException.class, "resource_slots.mem",
                    () -> svc.updatePreset(SA, "q", preset(null, slots("cpu", 2), null, null)));
        }

        @Test
        void sharedMemoryFitsInMemoryAndZeroMeansNone() {
            assertEquals(GIB, svc.createPreset(SA, preset("eq", slots("cpu", 1, "mem", "1g"), "1g", null))
                    .sharedMemory(), "equal to mem is fine");
            refusedUnchanged(ValidationException.class, "shared_memory",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g"), GIB + 1, null)));
            for (Object bad : List.of("inf", -1, "1.5", "lots", true)) {
                refusedUnchanged(ValidationException.class, "shared_memory",
                        () -> svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g"), bad, null)));
            }
            assertNull(svc.createPreset(SA, preset("zero", slots("cpu", 1, "mem", "1g"), 0, null)).sharedMemory());
            assertNull(svc.updatePreset(SA, "eq", preset(null, null, "0", null)).sharedMemory(), "0 clears it");
            svc.updatePreset(SA, "eq", preset(null, null, "512m", null));
            // lowering mem below the stored shared memory is refused too
            refusedUnchanged(ValidationException.class, "shared_memory",
                    () -> svc.updatePreset(SA, "eq", preset(null, slots("cpu", 1, "mem", "256m"), null, null)));
        }

        @Test
        void resourceGroupIsSetKeptAndClearedByTheEmptyString() {
            svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g"), null, "g1"));
            assertEquals("g1", svc.updatePreset(SA, "p", preset(null, null, "1m", null)).resourceGroup());
            assertEquals("g2", svc.updatePreset(SA, "p", preset(null, null, null, "g2")).resourceGroup());
            assertNull(svc.updatePreset(SA, "p", preset(null, null, null, "")).resourceGroup());
            assertNull(w.f.presets.find("p").orElseThrow().resourceGroup());
            refusedUnchanged(ValidationException.class, "resource_group",
                    () -> svc.updatePreset(SA, "p", preset(null, null, null, "Bad Group")));
        }

        @Test
        void duplicateNameAndRenameAreRefused() {
            svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g"), null, null));
            ConflictException x = refusedUnchanged(ConflictException.class, "name",
                    () -> svc.createPreset(SA, preset("p", slots("cpu", 2, "mem", "2g"), null, null)));
            assertEquals(409, x.status());
            refusedUnchanged(ValidationException.class, "name",
                    () -> svc.updatePreset(SA, "p", preset("q", null, null, null)));
            refusedUnchanged(ValidationException.class, "name",
                    () -> svc.createPreset(SA, preset("Not A Slug", slots("cpu", 1, "mem", "1g"), null, null)));
        }

        @Test
        void listIsSortedAndAGroupFilterKeepsGrouplessPresets() {
            svc.createPreset(SA, preset("c-g2", slots("cpu", 1, "mem", "1g"), null, "g2"));
            svc.createPreset(SA, preset("a-all", slots("cpu", 1, "mem", "1g"), null, null));
            svc.createPreset(SA, preset("b-g1", slots("cpu", 1, "mem", "1g"), null, "g1"));
            Function<String, List<String>> list = g -> svc.listPresets(caller(w.alice), g).stream()
                    .map(ResourcePreset::name).toList();
            assertEquals(List.of("a-all", "b-g1", "c-g2"), list.apply(null));
            assertEquals(List.of("a-all", "b-g1"), list.apply("g1"));
            assertEquals(List.of("a-all", "c-g2"), list.apply("g2"));
            assertEquals(List.of("a-all"), list.apply("g3"));
        }

        @Test
        void onlyASuperadminWritesPresets() {
            svc.createPreset(SA, preset("p", slots("cpu", 1, "mem", "1g"), null, null));
            for (Caller c : List.of(caller(w.monitor), caller(w.adminA), caller(w.alice))) {
                refusedUnchanged(ForbiddenException.class, null,
                        () -> svc.createPreset(c, preset("q", slots("cpu", 1, "mem", "1g"), null, null)));
                refusedUnchanged(ForbiddenException.class, null,
                        () -> svc.updatePreset(c, "p", preset(null, null, "1m", null)));
                refusedUnchanged(ForbiddenException.class, null, () -> svc.deletePreset(c, "p"));
                assertEquals(1, svc.listPresets(c, null).size());
            }
        }
    }

    @Test
    void everyWriteRunsInOneTransaction() {
        w.f.tx.clearWrites();
        svc.createKeyPairPolicy(SA, kpEmpty("a"));
        svc.updateKeyPairPolicy(SA, "a", kp(null, "idle_timeout", 5L));
        svc.createPreset(SA, new PresetInput("p", slots("cpu", 1, "mem", "1g"), null, null));
        svc.deletePolicy(SA, PolicyKind.KEYPAIR, "a");
        List<Write> writes = w.f.tx.writes();
        assertEquals(4, writes.size(), writes.toString());
        assertTrue(writes.stream().allMatch(x -> x.tx() != 0), writes.toString());
        assertEquals(4, writes.stream().map(Write::tx).distinct().count(), "one transaction per call");
    }
}
