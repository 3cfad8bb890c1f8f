package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.MIB;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.slots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** SPEC C1, P1, P6: what session creation accepts, what it refuses, and that a refusal writes nothing. */
class SessionCreateTest {
    private final SessionWorld w = new SessionWorld();

    private <X extends BerthException> X refused(Class<X> type, String field, int status,
            SessionWorld.In input) {
        X x = ResourcePolicyServiceImplTest.refusedUnchanged(w.f, type, field, () -> w.create(w.alice, input));
        assertEquals(status, x.status(), x.getMessage());
        return x;
    }

    private <X extends BerthException> X refused(Class<X> type, String field, int status, Executable e) {
        X x = ResourcePolicyServiceImplTest.refusedUnchanged(w.f, type, field, e);
        assertEquals(status, x.status(), x.getMessage());
        return x;
    }

    @Test
    void defaults() {
        Session s = w.create(w.alice, in());
        assertEquals(SessionType.INTERACTIVE, s.type());
        assertEquals(cpuMem(1, 512 * MIB), s.slotsPerContainer());
        assertEquals(cpuMem(1, 512 * MIB), s.requested());
        assertEquals(10, s.priority());
        assertEquals("default", s.resourceGroup());
        assertEquals(w.research.id(), s.projectId());
        assertEquals("default", s.domain());
        assertEquals("AK-ALICE", s.accessKey());
        assertEquals("alice@example.test", s.ownerEmail());
        assertEquals(1, s.clusterSize());
        assertEquals(ClusterMode.SINGLE_NODE, s.clusterMode());
        assertEquals(SessionStatus.PENDING, s.status());
        assertNull(s.architecture());
        assertNull(s.startupCommand());
        assertTrue(s.name().matches("s-[0-9a-f]{8}"), s.name());
        assertEquals(1, s.kernels().size());
        Kernel k = s.mainKernel();
        assertEquals(0, k.index());
        assertNull(k.agentId());
        assertEquals(SessionStatus.PENDING, k.status());
        assertEquals(s, w.get(s.id()), "stored as returned");
        List<StatusChange> h = w.f.sessions.history(s.id());
        assertEquals(1, h.size());
        assertEquals(SessionStatus.PENDING, h.get(0).status());
        assertEquals(w.clock.instant(), h.get(0).at());
    }

    @Test
    void givenFieldsAreKept() {
        Session dep = w.create(w.alice, in().name("first"));
        Session s = w.create(w.alice, in().name("train-1").batch("python train.py").res("cpu", 4, "mem", "8g")
                .cluster(2, "multi-node").env(Map.of("EPOCHS", "3")).priority(50).deps(dep.id()).arch("X86_64")
                .project("research"));
        assertEquals("train-1", s.name());
        assertEquals(SessionType.BATCH, s.type());
        assertEquals("python train.py", s.startupCommand());
        assertEquals(cpuMem(4, 8 * GIB), s.slotsPerContainer());
        assertEquals(cpuMem(8, 16 * GIB), s.requested());
        assertEquals(2, s.kernels().size());
        assertEquals(ClusterMode.MULTI_NODE, s.clusterMode());
        assertEquals(Map.of("EPOCHS", "3"), s.environment());
        assertEquals(50, s.priority());
        assertEquals(List.of(dep.id()), s.dependencies());
        assertEquals("x86_64", s.architecture());
    }

    @Test
    void presetGivesTheSlots() {
        w.preset("small", cpuMem(2, 4 * GIB));
        Session s = w.create(w.alice, in().preset("small"));
        assertEquals(cpuMem(2, 4 * GIB), s.slotsPerContainer());
    }

    @Test
    void presetAndResourcesTogetherAreRefused() {
        w.preset("small", cpuMem(2, 4 * GIB));
        refused(ValidationException.class, "preset", 400, in().preset("small").res("cpu", 1));
    }

    @Test
    void unknownPreset() {
        refused(ValidationException.class, "preset", 400, in().preset("huge"));
    }

    @Test
    void infiniteResource() {
        refused(ValidationException.class, "resources.cpu", 400, in().res("cpu", "inf"));
    }

    @Test
    void zeroCpu() {
        refused(ValidationException.class, "resources.cpu", 400, in().res("cpu", 0));
    }

    @Test
    void unknownSlot() {
        refused(ValidationException.class, "resources.tpu", 400, in().res("tpu", 1));
    }

    @Test
    void badImageReference() {
        refused(ValidationException.class, "image", 400, in().image("Not An Image!"));
        refused(ValidationException.class, "image", 400, in().image(null));
    }

    @Test
    void badName() {
        refused(ValidationException.class, "name", 400, in().name("-starts-with-dash"));
        refused(ValidationException.class, "name", 400, in().name("x".repeat(65)));
    }

    @Test
    void duplicateLiveNameIsAConflictUntilTheFirstHasEnded() {
        Session first = w.create(w.alice, in().name("notebook"));
        refused(ConflictException.class, "name", 409, in().name("notebook"));
        // another user may use the name
        assertEquals("notebook", w.create(w.bob, in().name("notebook")).name());
        w.mgr.terminate(w.alice, first.id(), false);
        assertEquals(SessionStatus.CANCELLED, w.status(first));
        assertEquals("notebook", w.create(w.alice, in().name("notebook")).name());
    }

    @Test
    void batchNeedsAStartupCommand() {
        refused(ValidationException.class, "startup_command", 400, in().type("batch"));
        refused(ValidationException.class, "startup_command", 400, in().type("batch").command("   "));
    }

    @Test
    void unknownType() {
        refused(ValidationException.class, "type", 400, in().type("daemon"));
    }

    @Test
    void typeNotAllowedInTheGroup() {
        w.setGroup("default", null, o -> new SchedulerOptions(Set.of(SessionType.INTERACTIVE), 0, null,
                o.agentSelection()));
        refused(ValidationException.class, "type", 400, in().batch("true"));
        assertNotNull(w.create(w.alice, in()));
    }

    @Test
    void groupNotAvailable() {
        refused(ForbiddenException.class, "resource_group", 403, in().group("private"));
        refused(ForbiddenException.class, "resource_group", 403, in().group("nowhere"));
        // a superadmin may use every active group
        assertEquals("private", w.create(w.root, in().group("private")).resourceGroup());
    }

    @Test
    void clusterSizeAbovePolicyMaximum() {
        w.setPolicy(p -> p.containers(2));
        refused(ValidationException.class, "cluster_size", 400, in().cluster(3, null));
        refused(ValidationException.class, "cluster_size", 400, in().cluster(0, null));
        assertEquals(2, w.create(w.alice, in().cluster(2, null)).kernels().size());
    }

    @Test
    void badClusterMode() {
        refused(ValidationException.class, "cluster_mode", 400, in().cluster(2, "every-node"));
    }

    @Test
    void mountsAreRefused() {
        refused(ValidationException.class, "mounts", 400, in().mounts(List.of("data")));
        assertNotNull(w.create(w.alice, in().mounts(List.of())));
    }

    @Test
    void invalidEnvironmentKey() {
        refused(ValidationException.class, "environment", 400, in().env(Map.of("1BAD", "x")));
        refused(ValidationException.class, "environment", 400, in().env(Map.of("A-B", "x")));
    }

    @Test
    void unknownDependency() {
        refused(ValidationException.class, "dependencies", 400, in().deps("no-such-session"));
    }

    @Test
    void dependencyOnAnotherUsersSessionIsUnknown() {
        Session bobs = w.create(w.bob, in());
        refused(ValidationException.class, "dependencies", 400, in().deps(bobs.id()));
    }

    @Test
    void priorityOutOfRange() {
        refused(ValidationException.class, "priority", 400, in().priority(101));
        refused(ValidationException.class, "priority", 400, in().priority(-1));
    }

    @Test
    void badArchitecture() {
        refused(ValidationException.class, "architecture", 400, in().arch("x86 64"));
    }

    @Test
    void unknownProject() {
        refused(ValidationException.class, "project", 400, in().project("nothing"));
    }

    @Test
    void projectOfAnotherDomain() {
        refused(ForbiddenException.class, "project", 403, in().project("p-lab"));
    }

    @Test
    void pendingCountLimit() {
        w.setPolicy(p -> p.pendingCount(2));
        w.create(w.alice, in());
        w.create(w.alice, in());
        refused(ConflictException.class, null, 409, in());
        // another keypair is not affected
        assertNotNull(w.create(w.bob, in()));
    }

    @Test
    void pendingSlotsLimit() {
        w.setPolicy(p -> p.pendingSlots(slots("cpu", 3)));
        w.create(w.alice, in().res("cpu", 2));
        refused(ConflictException.class, null, 409, in().res("cpu", 2));
        assertNotNull(w.create(w.alice, in().res("cpu", 1)));
    }

    @Test
    void requestAboveTheKeypairTotalIsRefusedOutright() {
        w.setPolicy(p -> p.total(slots("cpu", 4)));
        refused(ValidationException.class, "resources.cpu", 400, in().res("cpu", 5));
        // a cluster counts all of its containers
        refused(ValidationException.class, "resources.cpu", 400, in().res("cpu", 2).cluster(3, null));
        assertNotNull(w.create(w.alice, in().res("cpu", 4)));
    }

    @Test
    void requestAboveTheProjectOrDomainTotalIsRefusedOutright() {
        w.setProjectLimit(w.research, slots("cpu", 2));
        refused(ValidationException.class, "resources.cpu", 400, in().res("cpu", 3));
        w.setProjectLimit(w.research, slots());
        w.setDomainLimit("default", slots("mem", 2 * GIB));
        refused(ValidationException.class, "resources.mem", 400, in().res("mem", "3g"));
    }

    @Test
    void monitorMayNotCreate() {
        refused(ForbiddenException.class, null, 403, () -> w.create(w.mon, in()));
    }

    @Test
    void inactiveKeypairMayNotCreate() {
        w.f.tx.run(() -> w.f.keyPairs.update(w.f.keyPairs.find("AK-ALICE").orElseThrow().withActive(false)));
        refused(ForbiddenException.class, null, 403, in());
    }

    @Test
    void noBody() {
        refused(ValidationException.class, "body", 400, () -> w.mgr.create(w.alice, null));
    }

    @Test
    void creationCountsForTheKeypair() {
        w.create(w.alice, in());
        w.create(w.alice, in());
        w.create(w.bob, in());
        assertEquals(2, w.f.sessions.countByAccessKey("AK-ALICE"));
        assertEquals(1, w.f.sessions.countByAccessKey("AK-BOB"));
    }
}
