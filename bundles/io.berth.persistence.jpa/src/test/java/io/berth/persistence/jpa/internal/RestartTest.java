package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentStatus;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.settings.SettingChange;
import io.berth.spi.data.PluginStore.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data in a file-based Derby database survives closing the persistence unit and the database. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void dataSurvivesClosingAndReopening() {
        Domain d = TestDb.domain("d1", true, T0);
        Project p = TestDb.project("p1", "d1", "one", true, T0);
        User u = TestDb.user("u1", "ann@example.org", "ann", "d1", UserStatus.ACTIVE, "AK1", Set.of("p1"), T0);
        KeyPair k = TestDb.keyPair("AK1", "u1", true, T0);

        try (TestDb first = TestDb.file(dir)) {
            JpaRepositories r = first.open();
            r.unitOfWork().run(() -> {
                r.domains().insert(d);
                r.projects().insert(p);
                r.users().insert(u);
                r.keyPairs().insert(k);
            });
            r.keyPairs().recordUsage("AK1", 7, T0.plusSeconds(60));
        }
        assertTrue(Files.isDirectory(dir.resolve("berth")), "the database lives in the folder");

        try (TestDb second = TestDb.file(dir)) {
            JpaRepositories r = second.open();
            assertEquals(List.of(), new SchemaMigrator(second.dataSource).migrate(), "nothing left to migrate");
            assertEquals(Optional.of(d), r.domains().find("d1"));
            assertEquals(Optional.of(p), r.projects().find("p1"));
            assertEquals(Optional.of(u), r.users().findByEmail("ann@example.org"));
            KeyPair stored = r.keyPairs().find("AK1").orElseThrow();
            assertEquals(7, stored.numQueries());
            assertEquals(T0.plusSeconds(60), stored.lastUsed());
            assertEquals(1, r.users().list(null, PageRequest.first(10)).total());
        }
    }

    @Test
    void theResourceModelSurvivesClosingAndReopening() {
        Domain d = new Domain("d1", null, true, TestDb.slots("cpu", "128", "cuda.device", "Infinity"), List.of(),
                List.of(), T0, T0);
        Project p = new Project("p1", "d1", "one", null, true, ProjectType.GENERAL,
                TestDb.slots("mem", "Infinity", "cuda.shares", "1.25"), List.of(), List.of(), "team", T0, T0);
        User u = new User("u1", "ann@example.org", "ann", null, null, "hash", "d1", Role.USER, UserStatus.ACTIVE,
                false, false, "AK1", "power", Set.of("p1"), T0, T0);
        KeyPair k = new KeyPair("AK1", "secret", "u1", false, false, "gold", 10, T0, null, 0);
        KeyPairResourcePolicy gold = ResourcePolicyRepositoryTest.gold();
        UserResourcePolicy power = ResourcePolicyRepositoryTest.power();
        ProjectResourcePolicy team = ResourcePolicyRepositoryTest.team();
        ResourcePreset preset = new ResourcePreset("small", TestDb.slots("cpu", "0.5", "mem", "536870912"), null,
                null, T0, T0);

        try (TestDb first = TestDb.file(dir)) {
            JpaRepositories r = first.open();
            r.unitOfWork().run(() -> {
                r.keyPairPolicies().insert(gold);
                r.userPolicies().insert(power);
                r.projectPolicies().insert(team);
                r.presets().insert(preset);
                r.domains().insert(d);
                r.projects().insert(p);
                r.users().insert(u);
                r.keyPairs().insert(k);
                r.settings().put("network.overlay.mtu", "9000");
                r.settings().record(new SettingChange(0, "network.overlay.mtu", null, "9000", "ann@example.org", T0));
            });
        }

        try (TestDb second = TestDb.file(dir)) {
            JpaRepositories r = second.open();
            assertEquals(Optional.of(gold), r.keyPairPolicies().find("gold"));
            assertEquals(Optional.of(power), r.userPolicies().find("power"));
            assertEquals(Optional.of(team), r.projectPolicies().find("team"));
            assertEquals(List.of(preset), r.presets().list());
            assertEquals(Optional.of(d), r.domains().find("d1"));
            assertEquals(Optional.of(p), r.projects().find("p1"));
            assertEquals(Optional.of(u), r.users().findById("u1"));
            assertEquals(Optional.of(k), r.keyPairs().find("AK1"));
            assertEquals(Map.of("network.overlay.mtu", "9000"), r.settings().all());
            SettingChange change = r.settings().changes(PageRequest.first(5)).items().get(0);
            assertEquals(new SettingChange(change.id(), "network.overlay.mtu", null, "9000", "ann@example.org", T0),
                    change);
            assertEquals(new Referrers(List.of("keypair AK1 (ann@example.org)"), 1),
                    r.keyPairPolicies().referrers("gold"));
        }
    }

    @Test
    void pluginDataSurvivesClosingAndReopeningWithItsVersions() {
        try (TestDb first = TestDb.file(dir)) {
            JpaRepositories r = first.open();
            r.pluginData().put("auth.totp", "u1", "seed-1");
            r.pluginData().put("auth.totp", "u1", "seed-2");
            r.unitOfWork().run(() -> {
                r.pluginData().put("auth.totp", "u2", "seed-x");
                r.pluginData().put("other.plugin", "u1", "other");
            });
            r.pluginData().delete("auth.totp", "u2");
        }

        try (TestDb second = TestDb.file(dir)) {
            JpaRepositories r = second.open();
            assertEquals(Optional.of(new Entry("seed-2", 2)), r.pluginData().get("auth.totp", "u1"));
            assertEquals(Optional.empty(), r.pluginData().get("auth.totp", "u2"));
            assertEquals(Optional.of(new Entry("other", 1)), r.pluginData().get("other.plugin", "u1"));
            assertTrue(r.pluginData().replace("auth.totp", "u1", "seed-3", 2), "the version carried over");
            assertEquals(Optional.of(new Entry("seed-3", 3)), r.pluginData().get("auth.totp", "u1"));
        }
    }

    @Test
    void agentsGroupsAndAssociationsSurviveClosingAndReopening() {
        ResourceGroup gpu = TestDb.gpuGroup("gpu", T0);
        Agent alive = TestDb.agent("i-1", "gpu", T0);
        Agent lost = TestDb.agent(TestDb.agent("i-2", ResourceGroup.DEFAULT, T0), AgentStatus.LOST, T0.plusSeconds(9));

        try (TestDb first = TestDb.file(dir)) {
            JpaRepositories r = first.open();
            r.unitOfWork().run(() -> {
                r.domains().insert(TestDb.domain("d1", true, T0));
                r.projects().insert(TestDb.project("p1", "d1", "one", true, T0));
                r.users().insert(TestDb.user("u1", "ann@example.org", "ann", "d1", UserStatus.ACTIVE, "AK1",
                        Set.of("p1"), T0));
                r.keyPairs().insert(TestDb.keyPair("AK1", "u1", true, T0));
                r.resourceGroups().insert(gpu);
                r.resourceGroups().associate("gpu", "domain", "d1", true);
                r.resourceGroups().associate("gpu", "project", "p1", true);
                r.resourceGroups().associate("gpu", "keypair", "AK1", true);
                r.agents().insert(alive);
                r.agents().insert(lost);
            });
        }

        try (TestDb second = TestDb.file(dir)) {
            JpaRepositories r = second.open();
            assertEquals(List.of(), new SchemaMigrator(second.dataSource).migrate(), "nothing left to migrate");
            assertEquals(Optional.of(gpu), r.resourceGroups().find("gpu"));
            assertEquals(List.of("default", "gpu"), r.resourceGroups().list().stream().map(ResourceGroup::name)
                    .toList(), "the default group was created once");
            assertEquals(new Associations(List.of("d1"), List.of("p1"), List.of("AK1")),
                    r.resourceGroups().associations("gpu"));
            assertEquals(Optional.of(alive), r.agents().find("i-1"));
            assertEquals(Optional.of(lost), r.agents().find("i-2"));
            assertEquals(List.of("i-1"), r.agents().aliveSince(T0.plusSeconds(1)));
        }
    }
}
