package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * V7 upgrades a database that V1 to V6 created and that holds sessions: each gets the seq after its last
 * history row and the number of its kernels, and updates go on from there.
 */
class SessionWriteCountersUpgradeTest {
    private static final String AT = "TIMESTAMP('2024-01-01 00:00:00')";

    private final TestDb db = TestDb.memory();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void existingSessionsContinueTheirHistoryAndKeepTheirKernels() throws SQLException {
        SchemaMigrator before = new SchemaMigrator(db.dataSource, List.of("db/V1__identity.sql",
                "db/V2__user_list_indexes.sql", "db/V3__resource_model.sql", "db/V4__plugin_data.sql",
                "db/V5__agents_resource_groups.sql", "db/V6__sessions.sql"), getClass().getClassLoader(),
                Clock.systemUTC());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), before.migrate());
        db.execute(session("s-1"), session("s-2"), session("s-3"),
                kernel("s-1-a", "s-1", 0), kernel("s-1-b", "s-1", 1), kernel("s-2-a", "s-2", 0),
                history("s-1", 0), history("s-1", 1), history("s-1", 2), history("s-2", 0));

        JpaRepositories r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate(), "open() applied V7");
        assertEquals(List.of("s-1|3|2", "s-2|1|1", "s-3|0|0"),
                db.query("SELECT id, history_seq, kernel_count FROM sessions ORDER BY id"));

        JpaSessionRepository sessions = r.sessions();
        Instant t = Instant.parse("2024-01-02T00:00:00Z");
        for (String id : List.of("s-1", "s-2", "s-3")) {
            Session s = sessions.find(id).orElseThrow();
            List<Kernel> placed = s.kernels().stream().map(k -> k.placedOn("i-1")).toList();
            Session n = new Session(s.id(), s.name(), s.accessKey(), s.userId(), s.ownerEmail(), s.projectId(),
                    s.domain(), s.resourceGroup(), s.type(), s.image(), s.architecture(), s.clusterSize(),
                    s.clusterMode(), s.slotsPerContainer(), s.requested(), s.environment(), s.mounts(),
                    s.startupCommand(), s.priority(), s.dependencies(), s.startsAt(), s.sudo(),
                    SessionStatus.SCHEDULED, "placed", t, s.pendingReasons(), s.retries(), s.createdAt(),
                    s.terminatedAt(), s.lastActivity(), s.version() + 1, placed);
            assertTrue(sessions.update(n, new StatusChange(SessionStatus.SCHEDULED, "placed", t)), id);
            assertEquals(n, sessions.find(id).orElseThrow(), id);
        }
        assertEquals(List.of("s-1|0", "s-1|1", "s-1|2", "s-1|3", "s-2|0", "s-2|1", "s-3|0"),
                db.query("SELECT session_id, seq FROM session_history ORDER BY session_id, seq"));
        assertEquals(new StatusChange(SessionStatus.SCHEDULED, "placed", t), sessions.history("s-1").get(3));
        assertEquals(List.of("s-1-a|i-1", "s-1-b|i-1", "s-2-a|i-1"),
                db.query("SELECT id, agent_id FROM kernels ORDER BY id"));
    }

    private static String session(String id) {
        return "INSERT INTO sessions (id, name, access_key, user_id, owner_email, project_id, domain_name,"
                + " resource_group, session_type, image, architecture, cluster_size, cluster_mode,"
                + " slots_per_container, requested_slots, environment, mounts, startup_command, priority,"
                + " dependencies, starts_at, sudo, status, status_reason, status_changed_at, pending_reasons,"
                + " retries, created_at, terminated_at, last_activity, version) VALUES ('" + id + "', NULL, 'AK1',"
                + " 'u1', NULL, 'p1', 'default', 'default', 'INTERACTIVE', 'python:3.12', 'x86_64', 1,"
                + " 'SINGLE_NODE', '{\"cpu\":\"1\"}', '{\"cpu\":\"1\"}', '{}', '[]', NULL, 0, '[]', NULL, FALSE,"
                + " 'PENDING', NULL, " + AT + ", '[]', 0, " + AT + ", NULL, NULL, 3)";
    }

    private static String kernel(String id, String session, int index) {
        return "INSERT INTO kernels (id, session_id, kernel_index, agent_id, container_id, status, status_reason,"
                + " slots, exit_code, log_tail, created_at, terminated_at) VALUES ('" + id + "', '" + session
                + "', " + index + ", NULL, NULL, 'PENDING', NULL, '{\"cpu\":\"1\"}', NULL, NULL, " + AT + ", NULL)";
    }

    private static String history(String session, int seq) {
        return "INSERT INTO session_history (session_id, seq, status, reason, changed_at) VALUES ('" + session
                + "', " + seq + ", 'PENDING', 'r" + seq + "', " + AT + ")";
    }
}
