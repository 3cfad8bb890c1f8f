package io.berth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.settings.SettingChange;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fakes are only worth something if their rollback is real. */
class FakesTest {
    private final Fakes f = new Fakes();

    private static Domain domain(String name) {
        return new Domain(name, null, true, null, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void committedWorkStays() {
        assertEquals("ok", f.tx.inTransaction(() -> {
            f.domains.insert(domain("a"));
            return "ok";
        }));
        assertTrue(f.domains.find("a").isPresent());
        assertEquals(1, f.tx.commits());
    }

    @Test
    void failingWorkIsUndoneInEveryTable() {
        f.tx.run(() -> f.domains.insert(domain("a")));
        Fakes.State before = f.state();
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> f.tx.run(() -> {
            f.domains.insert(domain("b"));
            f.domains.update(new Domain("a", "changed", false, null, List.of(), List.of(), Instant.EPOCH,
                    Instant.EPOCH));
            throw boom;
        })));
        assertEquals(before, f.state());
        assertEquals("", before.diff(f.state()));
        assertEquals(1, f.tx.rollbacks());
    }

    @Test
    void nestedCallsJoinTheOuterTransaction() {
        f.tx.run(() -> {
            long outer = f.tx.currentTransaction();
            f.tx.run(() -> assertEquals(outer, f.tx.currentTransaction()));
            f.domains.insert(domain("a"));
        });
        assertEquals(0, f.tx.currentTransaction());
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            f.domains.insert(domain("b"));
            f.tx.run(() -> {
                throw new IllegalStateException("inner");
            });
        }));
        assertTrue(f.domains.find("b").isEmpty(), "the inner failure undoes the outer work");
        assertEquals(1, f.tx.commits());
    }

    @Test
    void writesOutsideATransactionAreRefused() {
        assertThrows(IllegalStateException.class, () -> f.domains.insert(domain("a")));
        assertTrue(f.domains.find("a").isEmpty());
    }

    @Test
    void duplicateKeysAreRefusedLikeADatabaseWould() {
        f.tx.run(() -> f.domains.insert(domain("a")));
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> f.domains.insert(domain("a"))));
    }

    @Test
    void diffNamesTheChangedRows() {
        Fakes.State before = f.state();
        f.tx.run(() -> f.domains.insert(domain("a")));
        assertNotEquals("", before.diff(f.state()));
        assertTrue(before.diff(f.state()).startsWith("domains/a: null -> "));
    }

    @Test
    void jsonReaderReadsTheShapesTheVectorsUse() {
        assertEquals(java.util.Map.of("a", List.of("x\"y", 1.5, true), "b", java.util.Map.of()),
                Json.parse(" {\"a\": [\"x\\\"y\", 1.5, true], \"b\": {}} "));
        assertEquals("é/", Json.parse("\"\\u00e9\\/\""));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    }

    // ------------------------------------------------------------ the resource and settings fakes

    private static final Instant T = Instant.EPOCH;

    private static KeyPair key(String ak, String userId, boolean active, String policy) {
        return new KeyPair(ak, "s", userId, active, false, policy, 1, T, null, 0);
    }

    private static User user(String id, String email, UserStatus status, String policy) {
        return new User(id, email, email, null, null, "h", "d", Role.USER, status, false, false, null, policy,
                Set.of(), T, T);
    }

    @Test
    void newTablesRefuseWritesOutsideATransactionAndRollBack() {
        List<Runnable> writes = List.of(
                () -> f.keyPairPolicies.insert(KeyPairResourcePolicy.defaults(T)),
                () -> f.userPolicies.insert(UserResourcePolicy.defaults(T)),
                () -> f.projectPolicies.insert(ProjectResourcePolicy.defaults(T)),
                () -> f.presets.insert(new ResourcePreset("p", ResourceSlots.EMPTY, null, null, T, T)),
                () -> f.settings.put("a", "1"),
                () -> f.settings.record(new SettingChange(0, "a", null, "1", "me", T)));
        Fakes.State empty = f.state();
        for (Runnable w : writes) {
            assertThrows(IllegalStateException.class, w::run);
        }
        assertEquals("", empty.diff(f.state()));
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            writes.forEach(Runnable::run);
            assertEquals(6, f.state().diff(empty).lines().count(), f.state().diff(empty));
            throw new IllegalStateException("undo");
        }));
        assertEquals("", empty.diff(f.state()), "every new table is rolled back");
        f.tx.run(() -> writes.forEach(Runnable::run));
        assertEquals(6, f.state().diff(empty).lines().count());
    }

    @Test
    void settingsPutInsertsOrReplacesAndChangesAreNumberedNewestFirst() {
        f.tx.run(() -> {
            f.settings.put("a", "1");
            f.settings.put("a", "2");
            f.settings.put("b", "3");
            f.settings.remove("b");
            f.settings.record(new SettingChange(99, "a", null, "1", "me", T));
            f.settings.record(new SettingChange(99, "a", "1", "2", "me", T));
        });
        assertEquals(java.util.Map.of("a", "2"), f.settings.all());
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> f.settings.remove("b")), "no such row");
        var page = f.settings.changes(io.berth.core.identity.PageRequest.first(10));
        assertEquals(List.of(2L, 1L), page.items().stream().map(SettingChange::id).toList(), "ids are assigned");
        assertEquals(2, page.total());
    }

    @Test
    void referrersCountInactiveHoldersAndSampleFifty() {
        f.tx.run(() -> {
            f.users.insert(user("u1", "a@x", UserStatus.ACTIVE, "gold"));
            f.users.insert(user("u2", "b@x", UserStatus.INACTIVE, "gold"));
            f.users.insert(user("u3", "c@x", UserStatus.ACTIVE, "default"));
            f.keyPairs.insert(key("AK2", "u2", false, "fast"));
            f.keyPairs.insert(key("AK1", "u1", true, "fast"));
            for (int i = 0; i < 60; i++) {
                f.keyPairs.insert(key(String.format("AKM%03d", i), "u3", i % 2 == 0, "many"));
            }
            f.projects.insert(new Project("p1", "d", "lab", null, false, io.berth.core.identity.ProjectType.GENERAL,
                    null, List.of(), List.of(), "proj", T, T));
        });
        assertEquals(new Referrers(List.of("user a@x", "user b@x"), 2), f.userPolicies.referrers("gold"));
        assertEquals(new Referrers(List.of("keypair AK1 (a@x)", "keypair AK2 (b@x)"), 2),
                f.keyPairPolicies.referrers("fast"));
        assertEquals(new Referrers(List.of("project d/lab"), 1), f.projectPolicies.referrers("proj"));
        Referrers many = f.keyPairPolicies.referrers("many");
        assertEquals(60, many.total());
        assertEquals(Referrers.SAMPLE, many.sample().size());
        assertTrue(f.keyPairPolicies.referrers("none").isEmpty());
    }

    // ------------------------------------------------------------ the agent and resource group fakes

    private static io.berth.core.agent.Agent agent(String id, io.berth.core.agent.AgentStatus status, String group,
            long heartbeat) {
        return new io.berth.core.agent.Agent(id, status, "r", null, null, null, null, group, true, ResourceSlots.EMPTY,
                ResourceSlots.EMPTY, 0, 0, 0, List.of(), T, T.plusSeconds(heartbeat), T);
    }

    private static io.berth.core.group.ResourceGroup group(String name) {
        return new io.berth.core.group.ResourceGroup(name, null, true, false, null, "fifo",
                io.berth.core.group.SchedulerOptions.DEFAULTS, T, T);
    }

    @Test
    void agentAndGroupTablesRollBackAndActLikeForeignKeys() {
        Fakes.State empty = f.state();
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            f.resourceGroups.insert(group("g"));
            f.resourceGroups.associate("g", "domain", "d", true);
            f.agents.insert(agent("a", io.berth.core.agent.AgentStatus.ALIVE, "g", 0));
            assertEquals(3, f.state().diff(empty).lines().count(), f.state().diff(empty));
            throw new IllegalStateException("undo");
        }));
        assertEquals("", empty.diff(f.state()));
        assertThrows(IllegalStateException.class, () -> f.agents.insert(agent("a",
                io.berth.core.agent.AgentStatus.ALIVE, "g", 0)), "outside a transaction");
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> f.resourceGroups.associate("none", "domain",
                "d", true)), "no such group");
        f.tx.run(() -> {
            f.resourceGroups.insert(group("g"));
            f.resourceGroups.associate("g", "domain", "d", true);
            f.resourceGroups.associate("g", "domain", "d", true);
        });
        assertEquals(1, f.resourceGroups.links.rows().size(), "adding twice adds once");
        assertThrows(IllegalArgumentException.class, () -> f.tx.run(() -> f.resourceGroups.associate("g", "user",
                "u", true)));
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> f.resourceGroups.delete("g")),
                "a group with associations cannot be deleted");
        f.tx.run(() -> {
            f.resourceGroups.clearAssociations("g");
            f.resourceGroups.delete("g");
        });
        assertEquals("", empty.diff(f.state()));
    }

    @Test
    void groupsAreAvailableByDomainProjectOrKeyPairAndAgentsAreFoundByGroupAndHeartbeat() {
        f.tx.run(() -> {
            for (String g : List.of("a", "b", "c", "d")) {
                f.resourceGroups.insert(group(g));
            }
            f.resourceGroups.associate("a", "domain", "dom", true);
            f.resourceGroups.associate("b", "project", "p1", true);
            f.resourceGroups.associate("c", "keypair", "AK1", true);
            f.resourceGroups.associate("d", "domain", "other", true);
            f.resourceGroups.associate("a", "project", "p1", true);
            f.agents.insert(agent("x1", io.berth.core.agent.AgentStatus.ALIVE, "a", 0));
            f.agents.insert(agent("x2", io.berth.core.agent.AgentStatus.LOST, "a", 0));
            f.agents.insert(agent("x3", io.berth.core.agent.AgentStatus.TERMINATED, "a", 0));
            f.agents.insert(agent("x4", io.berth.core.agent.AgentStatus.ALIVE, "b", 10));
        });
        assertEquals(List.of("a", "b", "c"), f.resourceGroups.availableTo("dom", Set.of("p1"), "AK1"));
        assertEquals(List.of("a", "b"), f.resourceGroups.availableTo(null, Set.of("p1"), null));
        assertEquals(List.of(), f.resourceGroups.availableTo("none", Set.of(), "AK2"));
        assertEquals(new Referrers(List.of("agent x1", "agent x2"), 2), f.agents.inGroup("a"));
        assertTrue(f.agents.inGroup("c").isEmpty());
        assertEquals(List.of("x1"), f.agents.aliveSince(T.plusSeconds(10)), "strictly before the cutoff");
        assertEquals(List.of("x1", "x4"), f.agents.aliveSince(T.plusSeconds(11)));
    }

    private static io.berth.core.storage.VFolder folder(String id, String name) {
        return new io.berth.core.storage.VFolder(id, name, "v", io.berth.core.storage.FolderOwner.USER, "u1", "d",
                "u1", io.berth.core.storage.UsageMode.GENERAL, io.berth.core.storage.FolderPermission.RW, false,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void foldersAreUniquePerOwnerSortedAndRolledBack() {
        f.tx.run(() -> {
            f.folders.insert(folder("2", "b"));
            f.folders.insert(folder("1", "a"));
        });
        assertEquals(List.of("a", "b"), f.folders.all().stream().map(io.berth.core.storage.VFolder::name).toList());
        assertThrows(io.berth.core.error.ConflictException.class, () -> f.tx.run(() -> f.folders.insert(
                folder("3", "a"))));
        assertThrows(io.berth.core.error.NotFoundException.class, () -> f.tx.run(() -> f.folders.update(
                folder("9", "z"))));
        Fakes.State before = f.state();
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            f.folders.delete("1");
            f.quotas.put("v", io.berth.core.storage.FolderOwner.USER, "u1", 10);
            throw new IllegalStateException("boom");
        }));
        assertEquals("", before.diff(f.state()));
    }

    @Test
    void theFakeBackendRefusesWhatItCannotDo() {
        FakeStorageBackend vfs = FakeStorageBackend.vfsLike("fakevfs");
        io.berth.spi.storage.Volume v = io.berth.spi.storage.Volume.of("v", "fakevfs", "/nonexistent-mount");
        io.berth.spi.storage.QuotaScope s = io.berth.spi.storage.QuotaScope.user("u1");
        assertThrows(io.berth.spi.storage.MissingCapabilityException.class, () -> vfs.setQuota(v, s, 10));
        assertThrows(io.berth.spi.storage.MissingCapabilityException.class, () -> vfs.describeQuotaScope(v, s));
        assertThrows(io.berth.spi.storage.MissingCapabilityException.class, () -> vfs.cloneFolder(v,
                new io.berth.spi.storage.FolderPath(s, "a"), new io.berth.spi.storage.FolderPath(s, "b")));
        assertThrows(IllegalArgumentException.class, () -> vfs.createFolder(
                io.berth.spi.storage.Volume.of("v", "other", "/nonexistent-mount"),
                new io.berth.spi.storage.FolderPath(s, "a")));
    }
}
