package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.AgentStatus;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.spi.resource.ResourceSlots;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** V6 upgrades a database that V1 to V5 created and that holds agents; they get an empty allocation. */
class SessionsUpgradeTest {
    private final TestDb db = TestDb.memory();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void existingAgentsGetAnEmptyAllocationAtVersionZeroAndSessionsCanBeStored() throws SQLException {
        SchemaMigrator before = new SchemaMigrator(db.dataSource, List.of("db/V1__identity.sql",
                "db/V2__user_list_indexes.sql", "db/V3__resource_model.sql", "db/V4__plugin_data.sql",
                "db/V5__agents_resource_groups.sql"), getClass().getClassLoader(), Clock.systemUTC());
        assertEquals(List.of(1, 2, 3, 4, 5), before.migrate());
        db.execute("INSERT INTO agents VALUES ('i-1', 'ALIVE', NULL, 'eu', 'x86_64', '25.1', '10.0.0.1:6001',"
                        + " 'default', TRUE, '{\"cpu\":\"8\"}', '{\"cpu\":\"1\"}', 0, 0, 0, '[]',"
                        + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'),"
                        + " TIMESTAMP('2024-01-01 00:00:00'))",
                "INSERT INTO agents VALUES ('i-2', 'TERMINATED', NULL, 'eu', 'x86_64', '25.1', '10.0.0.2:6001',"
                        + " 'default', TRUE, '{}', '{}', 0, 0, 0, '[]', TIMESTAMP('2024-01-01 00:00:00'),"
                        + " TIMESTAMP('2024-01-01 00:00:00'), TIMESTAMP('2024-01-01 00:00:00'))");

        JpaRepositories r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate(), "open() applied V6");

        List<AgentCapacity> all = r.agents().allCapacities();
        assertEquals(List.of(new AgentCapacity("i-1", "default", "x86_64", AgentStatus.ALIVE, true,
                TestDb.slots("cpu", "8"), ResourceSlots.EMPTY, 0)), all);
        assertTrue(r.agents().allocate("i-1", 0, TestDb.slots("cpu", "4")));
        Agent i1 = r.agents().find("i-1").orElseThrow();
        assertEquals(TestDb.slots("cpu", "1"), i1.occupiedSlots(), "the agent's own columns are unchanged");
        r.agents().update(TestDb.agent(i1, AgentStatus.ALIVE, T0));
        assertEquals(TestDb.slots("cpu", "4"), r.agents().capacities("default").get(0).allocated());

        Session s = SessionRepositoryTest.session("s-1", "AK1", T0);
        r.sessions().insert(s, new StatusChange(SessionStatus.PENDING, "created", T0));
        assertEquals(Optional.of(s), r.sessions().find("s-1"));
        assertEquals(List.of("1 session was created with it"), r.sessionKeyPairReferences().referencesTo("AK1"));
    }
}
