package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.UnprocessableException;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.QuotaView;
import io.berth.core.testing.Fakes;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC S4: quota scopes follow the explicit limit, else the owner's policy, on quota-capable backends. */
class StorageQuotaTest extends StorageFixture {
    static final long GIB = 1L << 30;

    QuotaScope aliceScope() {
        return QuotaScope.user(w.alice.id());
    }

    @Test
    void theFirstFolderCreatesTheScopeWithThePolicysSize() {
        userPolicy(null, "1g");
        assertNull(qfs.limit("qv", aliceScope()));
        mine(alice, "data", "qv");
        assertEquals(GIB, qfs.limit("qv", aliceScope()));
        assertTrue(qfs.calls().contains("createQuotaScope qv " + aliceScope() + " " + GIB), qfs.calls().toString());
        QuotaView q = svc.getQuota(adminA, "qv", FolderOwner.USER, w.alice.email());
        assertEquals(GIB, q.hardLimitBytes());
        assertEquals("policy", q.source());
        assertEquals(GIB, q.policyLimitBytes());
        assertNull(q.explicitLimitBytes());
        assertEquals(0L, q.usedBytes());
        assertTrue(q.quotaSupported());
    }

    @Test
    void aChangedPolicySizeReachesItsHoldersQuotasAtOnceExceptExplicitOnes() {
        w.policies.setPolicyQuotas(svc);
        userPolicy(null, "1g");
        mine(alice, "data", "qv");
        mine(carol, "data", "qv");
        svc.setQuota(root, "qv", FolderOwner.USER, w.carol.email(), 5000);

        userPolicy(null, "2g");
        assertEquals(2 * GIB, qfs.limit("qv", aliceScope()), "no folder or quota call was needed");
        assertEquals(5000L, qfs.limit("qv", QuotaScope.user(w.carol.id())), "an explicit limit stays");
        userPolicy(null, "inf");
        assertEquals(QuotaUsage.NO_LIMIT, qfs.limit("qv", aliceScope()));

        // a policy nobody on the volume holds changes nothing there
        w.userPolicy("other");
        List<String> before = List.copyOf(qfs.calls());
        w.policies.updateUserPolicy(io.berth.core.identity.Caller.SYSTEM, "other",
                new io.berth.core.resource.ResourceInputs.UserPolicyInput(null, null, "3g", null, null));
        assertEquals(before.stream().filter(c -> c.startsWith("set") || c.startsWith("unset")).count(),
                qfs.calls().stream().filter(c -> c.startsWith("set") || c.startsWith("unset")).count());
    }

    @Test
    void setAndUnsetReachTheBackend() {
        userPolicy(null, "1g");
        mine(alice, "data", "qv");
        put(alice, "data", "f.bin", "x".repeat(100));

        QuotaView set = svc.setQuota(adminA, "qv", FolderOwner.USER, w.alice.email(), 5000);
        assertEquals(5000L, qfs.limit("qv", aliceScope()));
        assertEquals(5000L, set.hardLimitBytes());
        assertEquals(5000L, set.explicitLimitBytes());
        assertEquals("explicit", set.source());
        assertEquals(5000L, f.quotas.find("qv", FolderOwner.USER, w.alice.id()).orElseThrow());
        QuotaView got = svc.getQuota(root, "qv", FolderOwner.USER, w.alice.id());
        assertEquals(100L, got.usedBytes());
        assertEquals(5000L, got.hardLimitBytes());
        assertEquals("explicit", got.source());
        assertEquals(List.of(w.alice.email()), svc.listQuotas(adminA, "qv", FolderOwner.USER).stream()
                .map(QuotaView::scopeName).toList());

        QuotaView unset = svc.unsetQuota(adminA, "qv", FolderOwner.USER, w.alice.email());
        assertEquals(GIB, qfs.limit("qv", aliceScope()));
        assertEquals(GIB, unset.hardLimitBytes());
        assertEquals("policy", unset.source());
        assertNull(unset.explicitLimitBytes());
        assertTrue(f.quotas.find("qv", FolderOwner.USER, w.alice.id()).isEmpty());

        userPolicy(null, "inf");
        svc.setQuota(root, "qv", FolderOwner.USER, w.alice.email(), 7000);
        QuotaView none = svc.unsetQuota(root, "qv", FolderOwner.USER, w.alice.email());
        assertEquals(QuotaUsage.NO_LIMIT, qfs.limit("qv", aliceScope()));
        assertNull(none.hardLimitBytes());
        assertEquals("none", none.source());
    }

    @Test
    void projectScopesFollowTheProjectPolicy() {
        projectPolicy(null, "2g");
        svc.createFolder(adminA, projectFolder("research", "shared", "qv", null));
        assertEquals(2 * GIB, qfs.limit("qv", QuotaScope.project(w.researchA.id())));
        svc.setQuota(adminA, "qv", FolderOwner.PROJECT, w.researchA.id(), 4096);
        assertEquals(4096L, qfs.limit("qv", QuotaScope.project(w.researchA.id())));
        assertEquals("explicit", svc.getQuota(adminA, "qv", FolderOwner.PROJECT, "alpha/research").source());
    }

    @Test
    void onlyAdminsOfTheScopesDomainSetQuotas() {
        mine(alice, "data", "qv");
        Fakes.State before = f.state();
        // another domain's admin does not see alpha's users and projects
        assertThrows(NotFoundException.class, () -> svc.setQuota(adminB, "qv", FolderOwner.USER, w.alice.id(), 10));
        assertThrows(NotFoundException.class, () -> svc.unsetQuota(adminB, "qv", FolderOwner.USER, w.alice.id()));
        assertThrows(NotFoundException.class, () -> svc.getQuota(adminB, "qv", FolderOwner.USER, w.alice.id()));
        assertThrows(NotFoundException.class, () -> svc.setQuota(adminB, "qv", FolderOwner.PROJECT,
                w.researchA.id(), 10));
        assertEquals(List.of(), svc.listQuotas(adminB, "qv", FolderOwner.USER));
        // users and monitors may not set them
        assertThrows(ForbiddenException.class, () -> svc.setQuota(alice, "qv", FolderOwner.USER, w.alice.id(), 10));
        assertThrows(ForbiddenException.class, () -> svc.getQuota(alice, "qv", FolderOwner.USER, w.alice.id()));
        assertThrows(ForbiddenException.class, () -> svc.listQuotas(alice, "qv", FolderOwner.USER));
        assertThrows(ForbiddenException.class, () -> svc.setQuota(mon, "qv", FolderOwner.USER, w.alice.id(), 10));
        assertEquals("", before.diff(f.state()));
        assertTrue(qfs.calls().stream().noneMatch(c -> c.startsWith("setQuota")), qfs.calls().toString());
        assertEquals(w.alice.id(), svc.getQuota(mon, "qv", FolderOwner.USER, w.alice.id()).scopeId());
    }

    @Test
    void aBackendWithoutQuotasRefusesSettingButShowsTheScope() {
        mine(alice, "data", "vv");
        Fakes.State before = f.state();
        UnprocessableException set = assertThrows(UnprocessableException.class, () -> svc.setQuota(adminA, "vv",
                FolderOwner.USER, w.alice.email(), 5000));
        assertEquals(422, set.status());
        assertThrows(UnprocessableException.class, () -> svc.unsetQuota(adminA, "vv", FolderOwner.USER,
                w.alice.email()));
        assertEquals("", before.diff(f.state()));
        QuotaView q = svc.getQuota(adminA, "vv", FolderOwner.USER, w.alice.email());
        assertFalse(q.quotaSupported());
        assertNull(q.usedBytes());
        assertEquals("none", q.source());
        assertTrue(vfs.calls().stream().noneMatch(c -> c.contains("Quota")), vfs.calls().toString());
    }

    @Test
    void aFullScopeRefusesANewFolder() {
        mine(alice, "data", "qv");
        put(alice, "data", "big.bin", "x".repeat(64));
        svc.setQuota(adminA, "qv", FolderOwner.USER, w.alice.email(), 32);
        Fakes.State before = f.state();
        List<String> dirs = dirs("qv", "user", w.alice.id());
        refused(ConflictException.class, "volume", () -> mine(alice, "more", "qv"));
        assertEquals("", before.diff(f.state()));
        assertEquals(dirs, dirs("qv", "user", w.alice.id()));
        svc.setQuota(adminA, "qv", FolderOwner.USER, w.alice.email(), 1024);
        mine(alice, "more", "qv");
    }
}
