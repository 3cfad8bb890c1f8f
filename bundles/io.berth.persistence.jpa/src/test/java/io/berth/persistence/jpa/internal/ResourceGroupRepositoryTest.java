package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.AgentStatus;
import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.UserStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resource groups: the migration's default, round trips, deletion rules, associations and availability. */
class ResourceGroupRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs every failed flush as a warning; here they are expected outcomes
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Domains d1, d2; projects p1, p2 (d1), p3 (d2); users u1 (AK1, AK2), u2 (AK3). */
    private void seedIdentities() {
        r.unitOfWork().run(() -> {
            r.domains().insert(TestDb.domain("d1", true, T0));
            r.domains().insert(TestDb.domain("d2", true, T0));
            r.projects().insert(TestDb.project("p1", "d1", "one", true, T0));
            r.projects().insert(TestDb.project("p2", "d1", "two", true, T0));
            r.projects().insert(TestDb.project("p3", "d2", "three", true, T0));
            r.users().insert(TestDb.user("u1", "ann@example.org", "ann", "d1", UserStatus.ACTIVE, "AK1", Set.of("p1"),
                    T0));
            r.users().insert(TestDb.user("u2", "bob@example.org", "bob", "d2", UserStatus.ACTIVE, "AK3", Set.of(),
                    T0));
            r.keyPairs().insert(TestDb.keyPair("AK1", "u1", true, T0));
            r.keyPairs().insert(TestDb.keyPair("AK2", "u1", true, T0));
            r.keyPairs().insert(TestDb.keyPair("AK3", "u2", true, T0));
        });
    }

    private static Associations associations(List<String> domains, List<String> projects, List<String> keyPairs) {
        return new Associations(domains, projects, keyPairs);
    }

    private static final Associations NONE = associations(List.of(), List.of(), List.of());

    @Test
    void theMigrationCreatesTheDefaultGroup() throws SQLException {
        ResourceGroup d = r.resourceGroups().find(ResourceGroup.DEFAULT).orElseThrow();
        assertNotNull(d.createdAt());
        assertEquals(new ResourceGroup("default", "Default resource group", true, false, null, "fifo",
                SchedulerOptions.DEFAULTS, d.createdAt(), d.createdAt()), d);
        assertEquals(List.of(d), r.resourceGroups().list());
        assertEquals(List.of("default|default resource group|true|false|null|fifo|interactive,batch,inference|0|null"
                + "|DISPERSED"), db.query("SELECT name, LOWER(description), is_active, is_public, wsproxy_address,"
                + " scheduler, allowed_session_types, pending_timeout, retries_to_skip, agent_selection"
                + " FROM resource_groups"));
        assertEquals(NONE, r.resourceGroups().associations(ResourceGroup.DEFAULT),
                "on a fresh database the default domain does not exist yet at migration time");
    }

    @Test
    void groupsRoundTripUpdateAndDelete() {
        ResourceGroup gpu = TestDb.gpuGroup("gpu", T0);
        ResourceGroup plain = TestDb.group("a-plain", T0);
        r.resourceGroups().insert(gpu);
        r.resourceGroups().insert(plain);
        assertEquals(Optional.of(gpu), r.resourceGroups().find("gpu"));
        assertEquals(Optional.of(plain), r.resourceGroups().find("a-plain"));
        assertEquals(Optional.empty(), r.resourceGroups().find("nope"));
        assertEquals(Optional.empty(), r.resourceGroups().find(null));
        assertEquals(List.of("a-plain", "default", "gpu"),
                r.resourceGroups().list().stream().map(ResourceGroup::name).toList());

        ResourceGroup changed = new ResourceGroup("gpu", null, false, false, null, "lifo",
                new SchedulerOptions(Set.of(SessionType.INFERENCE), SchedulerOptions.MAX_PENDING_TIMEOUT, null,
                        AgentSelection.ROUND_ROBIN), T0, T0.plusSeconds(60));
        r.resourceGroups().update(changed);
        assertEquals(Optional.of(changed), r.resourceGroups().find("gpu"));
        ResourceGroup zero = new ResourceGroup("gpu", "", true, true, "", "drf",
                new SchedulerOptions(Set.of(), 0, 0, AgentSelection.DISPERSED), T0, T0);
        r.resourceGroups().update(zero);
        assertEquals(Optional.of(zero), r.resourceGroups().find("gpu"), "empty values are not nulls");
        assertThrows(NotFoundException.class, () -> r.resourceGroups().update(TestDb.group("ghost", T0)));

        r.resourceGroups().delete("gpu");
        assertEquals(Optional.empty(), r.resourceGroups().find("gpu"));
        r.resourceGroups().delete("gpu");
        r.resourceGroups().delete(null);
        assertEquals(List.of("a-plain", "default"),
                r.resourceGroups().list().stream().map(ResourceGroup::name).toList());
    }

    @Test
    void duplicatesConflictOnTheNameAndLongValuesAreRejected() {
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        ConflictException dup = assertThrows(ConflictException.class,
                () -> r.resourceGroups().insert(TestDb.gpuGroup("gpu", T0)));
        assertEquals("name", dup.field());
        assertNotNull(dup.getCause());
        assertEquals(Optional.of(TestDb.group("gpu", T0)), r.resourceGroups().find("gpu"));

        ResourceGroup longProxy = new ResourceGroup("far", null, true, false, "https://" + "x".repeat(2041), "fifo",
                SchedulerOptions.DEFAULTS, T0, T0);
        assertEquals("wsproxy_address",
                assertThrows(ValidationException.class, () -> r.resourceGroups().insert(longProxy)).field());
        ResourceGroup fits = new ResourceGroup("far", "d".repeat(1024), true, false, "https://" + "x".repeat(2040),
                "s".repeat(64), SchedulerOptions.DEFAULTS, T0, T0);
        r.resourceGroups().insert(fits);
        assertEquals(Optional.of(fits), r.resourceGroups().find("far"));
    }

    @Test
    void aGroupWithAgentsThatAreNotTerminatedCannotBeDeleted() {
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        r.agents().insert(TestDb.agent("alive", "gpu", T0));
        r.agents().insert(TestDb.agent(TestDb.agent("done", "gpu", T0), AgentStatus.TERMINATED, T0));

        ConflictException inUse = assertThrows(ConflictException.class, () -> r.resourceGroups().delete("gpu"));
        assertTrue(inUse.getMessage().contains("still has agents"), inUse.getMessage());
        assertTrue(r.resourceGroups().find("gpu").isPresent());
        assertEquals("gpu", r.agents().find("done").orElseThrow().resourceGroup(),
                "the failed delete moved nobody: it was one transaction");

        r.agents().update(TestDb.agent(TestDb.agent("alive", "gpu", T0), AgentStatus.TERMINATED, T0));
        r.resourceGroups().delete("gpu");
        assertEquals(Optional.empty(), r.resourceGroups().find("gpu"));
        assertEquals(ResourceGroup.DEFAULT, r.agents().find("alive").orElseThrow().resourceGroup(),
                "terminated agents of a deleted group move to the default group");
        assertEquals(ResourceGroup.DEFAULT, r.agents().find("done").orElseThrow().resourceGroup());

        ConflictException defaultInUse = assertThrows(ConflictException.class,
                () -> r.resourceGroups().delete(ResourceGroup.DEFAULT));
        assertTrue(defaultInUse.getMessage().contains("still has agents"), defaultInUse.getMessage());
        assertTrue(r.resourceGroups().find(ResourceGroup.DEFAULT).isPresent());
    }

    @Test
    void associationsAreIdempotentAndSorted() throws SQLException {
        seedIdentities();
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        var g = r.resourceGroups();
        g.associate("gpu", "domain", "d2", true);
        g.associate("gpu", "domain", "d1", true);
        g.associate("gpu", "domain", "d1", true);
        g.associate("gpu", "project", "p3", true);
        g.associate("gpu", "project", "p1", true);
        g.associate("gpu", "keypair", "AK2", true);
        r.unitOfWork().run(() -> {
            g.associate("gpu", "keypair", "AK1", true);
            g.associate("gpu", "keypair", "AK1", true);
        });
        assertEquals(associations(List.of("d1", "d2"), List.of("p1", "p3"), List.of("AK1", "AK2")),
                g.associations("gpu"));
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM resource_group_domains WHERE group_name = 'gpu'"));
        assertEquals(List.of("2"), db.query("SELECT COUNT(*) FROM resource_group_keypairs WHERE group_name = 'gpu'"));

        g.associate("gpu", "domain", "d1", false);
        g.associate("gpu", "domain", "d1", false);
        g.associate("gpu", "project", "p2", false);
        g.associate("gpu", "keypair", "AK-none", false);
        assertEquals(associations(List.of("d2"), List.of("p1", "p3"), List.of("AK1", "AK2")), g.associations("gpu"));
        assertEquals(NONE, g.associations(ResourceGroup.DEFAULT), "another group's associations are its own");
        assertEquals(NONE, g.associations("nowhere"));
        assertEquals(NONE, g.associations(null));

        g.clearAssociations("gpu");
        assertEquals(NONE, g.associations("gpu"));
        g.clearAssociations("gpu");
        g.clearAssociations(null);
        g.associate("gpu", "domain", "d1", true);
        assertEquals(associations(List.of("d1"), List.of(), List.of()), g.associations("gpu"),
                "clearing then allowing again in the same repository works");
    }

    @Test
    void associationsWithWhatDoesNotExistFailOnTheirField() {
        seedIdentities();
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        var g = r.resourceGroups();
        assertEquals("domain_name", failure(ValidationException.class, () -> g.associate("gpu", "domain", "d9", true)));
        assertEquals("project_id", failure(ValidationException.class, () -> g.associate("gpu", "project", "p9", true)));
        assertEquals("access_key",
                failure(ValidationException.class, () -> g.associate("gpu", "keypair", "AK9", true)));
        assertEquals("name", failure(NotFoundException.class, () -> g.associate("nowhere", "domain", "d1", true)));
        assertEquals("kind", failure(ValidationException.class, () -> g.associate("gpu", "user", "u1", true)));
        assertEquals("kind", failure(ValidationException.class, () -> g.associate("gpu", null, "d1", true)));
        assertEquals("target", failure(ValidationException.class, () -> g.associate("gpu", "domain", null, true)));
        assertEquals("name", failure(ValidationException.class, () -> g.associate(null, "domain", "d1", true)));

        assertThrows(ValidationException.class, () -> r.unitOfWork().run(() -> {
            g.associate("gpu", "domain", "d1", true);
            g.associate("gpu", "project", "p9", true);
        }));
        assertEquals(NONE, g.associations("gpu"), "a failure rolls the whole unit of work back");
        g.associate("gpu", "project", "p1", true);
        assertEquals(associations(List.of(), List.of("p1"), List.of()), g.associations("gpu"));
    }

    @Test
    void aGroupWithAssociationsCannotBeDeletedUntilTheyAreCleared() {
        seedIdentities();
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        r.resourceGroups().associate("gpu", "keypair", "AK1", true);
        ConflictException e = assertThrows(ConflictException.class, () -> r.resourceGroups().delete("gpu"));
        assertTrue(e.getMessage().contains("still available to keypairs"), e.getMessage());
        assertTrue(r.resourceGroups().find("gpu").isPresent());

        r.unitOfWork().run(() -> {
            r.resourceGroups().clearAssociations("gpu");
            r.resourceGroups().delete("gpu");
        });
        assertEquals(Optional.empty(), r.resourceGroups().find("gpu"));
    }

    @Test
    void availableToCombinesDomainProjectsAndKeyPair() {
        seedIdentities();
        var g = r.resourceGroups();
        for (String name : List.of("g-domain", "g-project", "g-keypair", "g-mixed", "g-public", "g-other")) {
            g.insert(TestDb.group(name, T0));
        }
        g.update(new ResourceGroup("g-public", null, true, true, null, "fifo", SchedulerOptions.DEFAULTS, T0, T0));
        g.associate("g-domain", "domain", "d1", true);
        g.associate("g-project", "project", "p1", true);
        g.associate("g-keypair", "keypair", "AK1", true);
        g.associate("g-mixed", "project", "p2", true);
        g.associate("g-mixed", "domain", "d1", true);
        g.associate("g-mixed", "keypair", "AK1", true);
        g.associate("g-other", "domain", "d2", true);
        g.associate("g-other", "project", "p3", true);
        g.associate("g-other", "keypair", "AK3", true);

        assertEquals(List.of("g-domain", "g-mixed"), g.availableTo("d1", List.of(), null));
        assertEquals(List.of("g-domain", "g-mixed"), g.availableTo("d1", null, null));
        assertEquals(List.of("g-project"), g.availableTo(null, List.of("p1"), null));
        assertEquals(List.of("g-mixed", "g-project"), g.availableTo(null, Set.of("p1", "p2"), null));
        assertEquals(List.of("g-keypair", "g-mixed"), g.availableTo(null, List.of(), "AK1"));
        assertEquals(List.of(), g.availableTo(null, List.of(), "AK2"));
        assertEquals(List.of("g-domain", "g-keypair", "g-mixed", "g-project"),
                g.availableTo("d1", List.of("p1", "p2", "p1"), "AK1"), "distinct and sorted");
        assertEquals(List.of("g-domain", "g-mixed", "g-other"), g.availableTo("d1", List.of("p3"), "AK2"));
        assertEquals(List.of("g-other"), g.availableTo("d2", List.of("p3"), "AK3"));
        assertEquals(List.of(), g.availableTo(null, null, null));
        assertEquals(List.of(), g.availableTo("d9", List.of("p9"), "AK9"), "the public group is not included");

        g.update(new ResourceGroup("g-domain", null, false, false, null, "fifo", SchedulerOptions.DEFAULTS, T0, T0));
        assertEquals(List.of("g-domain", "g-mixed"), g.availableTo("d1", null, null),
                "inactive groups are listed: the service filters them");
    }

    @Test
    void deletingAKeyPairProjectOrDomainTakesItsAssociationsWithIt() throws SQLException {
        seedIdentities();
        var g = r.resourceGroups();
        g.insert(TestDb.group("gpu", T0));
        g.associate("gpu", "keypair", "AK1", true);
        g.associate("gpu", "keypair", "AK2", true);
        g.associate("gpu", "project", "p1", true);
        g.associate("gpu", "project", "p3", true);
        g.associate("gpu", "domain", "d1", true);
        g.associate("gpu", "domain", "d2", true);

        r.keyPairs().delete("AK1");
        assertEquals(Optional.empty(), r.keyPairs().find("AK1"));
        assertEquals(List.of("AK2"), g.associations("gpu").keyPairs());
        assertEquals(List.of(), g.availableTo(null, null, "AK1"));

        // core has no way to delete projects and domains yet: the rows go directly
        db.execute("DELETE FROM user_projects WHERE project_id = 'p3'", "DELETE FROM projects WHERE id = 'p3'");
        assertEquals(List.of("p1"), g.associations("gpu").projects());
        db.execute("DELETE FROM keypairs WHERE user_id = 'u2'", "DELETE FROM users WHERE id = 'u2'",
                "DELETE FROM domains WHERE name = 'd2'");
        assertEquals(associations(List.of("d1"), List.of("p1"), List.of("AK2")), g.associations("gpu"));
        assertEquals(List.of(), g.availableTo("d2", null, "AK3"));
    }

    @Test
    void anUpgradedDatabaseMakesTheDefaultGroupAvailableToTheExistingDefaultDomain() throws SQLException {
        TestDb old = TestDb.memory();
        try {
            SchemaMigrator before = new SchemaMigrator(old.dataSource, List.of("db/V1__identity.sql",
                    "db/V2__user_list_indexes.sql", "db/V3__resource_model.sql", "db/V4__plugin_data.sql"),
                    getClass().getClassLoader(), java.time.Clock.systemUTC());
            assertEquals(List.of(1, 2, 3, 4), before.migrate());
            try (Connection c = old.dataSource.getConnection(); Statement st = c.createStatement()) {
                for (String name : List.of("default", "other")) {
                    st.execute("INSERT INTO domains VALUES ('" + name + "', NULL, TRUE, '', '',"
                            + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'), '{}')");
                }
            }
            JpaRepositories upgraded = old.open(Map.of("eclipselink.logging.level", "SEVERE"));
            assertEquals(associations(List.of("default"), List.of(), List.of()),
                    upgraded.resourceGroups().associations(ResourceGroup.DEFAULT));
            assertEquals(List.of(ResourceGroup.DEFAULT), upgraded.resourceGroups().availableTo("default", null, null));
            assertEquals(List.of(), upgraded.resourceGroups().availableTo("other", null, null));
            assertNull(upgraded.resourceGroups().find(ResourceGroup.DEFAULT).orElseThrow().wsproxyAddress());
        } finally {
            old.close();
        }
    }

    private static String failure(Class<? extends BerthException> type, Runnable r) {
        BerthException e = assertThrows(type, r::run);
        assertEquals(type, e.getClass());
        return e.field();
    }
}
