package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ConflictException;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.repo.Referrers;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.ResourceSlots;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** V3 upgrades a database that V1 and V2 created and that holds data; everything is readable afterwards. */
class ResourceModelUpgradeTest {
    private final TestDb db = TestDb.memory();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void existingRowsGetDefaultsAndEveryPolicyNameInUseBecomesAPolicy() throws SQLException {
        SchemaMigrator before = new SchemaMigrator(db.dataSource,
                List.of("db/V1__identity.sql", "db/V2__user_list_indexes.sql"), getClass().getClassLoader(),
                Clock.systemUTC());
        assertEquals(List.of(1, 2), before.migrate());
        db.execute("INSERT INTO domains VALUES ('d1', 'Domain', TRUE, 'local:volume1', '',"
                        + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO projects VALUES ('p1', 'd1', 'web', NULL, TRUE, 'GENERAL', '', '', 'silver',"
                        + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO projects VALUES ('p2', 'd1', 'ml', NULL, FALSE, 'GENERAL', '', '', 'default',"
                        + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO users VALUES ('u1', 'ann@example.org', 'ann', NULL, NULL, 'hash', 'd1', 'USER',"
                        + " 'ACTIVE', FALSE, FALSE, 'AK1', TIMESTAMP('2024-01-01 00:00:00'),"
                        + " TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO users VALUES ('u2', 'bob@example.org', 'bob', NULL, NULL, 'hash', 'd1', 'USER',"
                        + " 'INACTIVE', FALSE, FALSE, NULL, TIMESTAMP('2024-01-01 00:00:00'),"
                        + " TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO user_projects VALUES ('u1', 'p1')",
                "INSERT INTO keypairs VALUES ('AK1', 'u1', 'secret', TRUE, FALSE, 'gold', 100,"
                        + " TIMESTAMP('2024-01-01 00:00:00'), NULL, 3)",
                "INSERT INTO keypairs VALUES ('AK2', 'u2', 'secret', FALSE, FALSE, 'gold', 100,"
                        + " TIMESTAMP('2024-01-01 00:00:00'), NULL, 0)",
                "INSERT INTO keypairs VALUES ('AK3', 'u2', 'secret', TRUE, FALSE, 'default', 100,"
                        + " TIMESTAMP('2024-01-01 00:00:00'), NULL, 0)");

        JpaRepositories r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate(), "open() applied V3");

        List<KeyPairResourcePolicy> keyPolicies = r.keyPairPolicies().list();
        assertEquals(List.of("default", "gold"), keyPolicies.stream().map(KeyPairResourcePolicy::name).toList());
        KeyPairResourcePolicy gold = keyPolicies.get(1);
        assertNotNull(gold.createdAt());
        assertEquals(TestDb.keyPairPolicy("gold", gold.createdAt()), gold, "a name in use gets the default values");
        assertEquals(List.of("default", "silver"),
                r.projectPolicies().list().stream().map(ProjectResourcePolicy::name).toList());
        assertEquals(List.of("default"), r.userPolicies().list().stream().map(UserResourcePolicy::name).toList());

        User ann = r.users().findById("u1").orElseThrow();
        assertEquals("default", ann.resourcePolicy());
        assertEquals(Set.of("p1"), ann.projectIds());
        assertEquals(ResourceSlots.EMPTY, r.domains().find("d1").orElseThrow().totalResourceSlots());
        assertEquals(ResourceSlots.EMPTY, r.projects().find("p1").orElseThrow().totalResourceSlots());
        assertEquals("silver", r.projects().find("p1").orElseThrow().resourcePolicy());
        KeyPair ak1 = r.keyPairs().find("AK1").orElseThrow();
        assertEquals("gold", ak1.resourcePolicy());
        assertEquals(3, ak1.numQueries());
        assertEquals(2, r.users().list(null, PageRequest.first(10)).total());

        assertEquals(new Referrers(List.of("keypair AK1 (ann@example.org)", "keypair AK2 (bob@example.org)"), 2),
                r.keyPairPolicies().referrers("gold"));
        assertEquals(new Referrers(List.of("user ann@example.org", "user bob@example.org"), 2),
                r.userPolicies().referrers("default"));
        assertEquals(new Referrers(List.of("project d1/ml"), 1), r.projectPolicies().referrers("default"));
        assertEquals("resource_policy",
                assertThrows(ConflictException.class, () -> r.keyPairPolicies().delete("gold")).field(),
                "the foreign keys hold for the old rows too");
        assertEquals("resource_policy",
                assertThrows(ConflictException.class, () -> r.projectPolicies().delete("silver")).field());
    }
}
