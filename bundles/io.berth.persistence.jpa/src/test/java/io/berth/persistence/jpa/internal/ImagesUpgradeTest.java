package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import io.berth.core.identity.PageRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * V8 upgrades a database that V1 to V7 created and that holds data: the rows stay as they were, the
 * registry and image tables start empty (core adds the default registry itself) and work at once.
 */
class ImagesUpgradeTest {
    private static final String AT = "TIMESTAMP('2024-01-01 00:00:00')";

    private final TestDb db = TestDb.memory();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void existingRowsStayAndTheNewTablesStartEmpty() throws SQLException {
        SchemaMigrator before = new SchemaMigrator(db.dataSource, List.of("db/V1__identity.sql",
                "db/V2__user_list_indexes.sql", "db/V3__resource_model.sql", "db/V4__plugin_data.sql",
                "db/V5__agents_resource_groups.sql", "db/V6__sessions.sql", "db/V7__session_write_counters.sql"),
                getClass().getClassLoader(), Clock.systemUTC());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), before.migrate());
        db.execute("INSERT INTO resource_presets (name, resource_slots, shared_memory, resource_group, created_at,"
                + " modified_at) VALUES ('small', '{\"cpu\":\"1\"}', NULL, NULL, " + AT + ", " + AT + ")",
                "INSERT INTO sessions (id, name, access_key, user_id, owner_email, project_id, domain_name,"
                + " resource_group, session_type, image, architecture, cluster_size, cluster_mode,"
                + " slots_per_container, requested_slots, environment, mounts, startup_command, priority,"
                + " dependencies, starts_at, sudo, status, status_reason, status_changed_at, pending_reasons,"
                + " retries, created_at, terminated_at, last_activity, version, history_seq, kernel_count)"
                + " VALUES ('s-1', NULL, 'AK1', 'u1', NULL, 'p1', 'default', 'default', 'INTERACTIVE',"
                + " 'cr.backend.ai/stable/python:3.12', 'x86_64', 1, 'SINGLE_NODE', '{\"cpu\":\"1\"}',"
                + " '{\"cpu\":\"1\"}', '{}', '[]', NULL, 0, '[]', NULL, FALSE, 'PENDING', NULL, " + AT
                + ", '[]', 0, " + AT + ", NULL, NULL, 3, 0, 0)");

        JpaRepositories r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate(), "open() applied V8");
        assertEquals(List.of("8|images"), db.query("SELECT version, description FROM berth_schema_version"
                + " WHERE version = 8"));
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM container_registries"), "no default registry row");
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM images"));
        assertEquals(List.of("small"), r.presets().list().stream().map(p -> p.name()).toList());
        assertEquals("cr.backend.ai/stable/python:3.12", r.sessions().find("s-1").orElseThrow().image());

        r.registries().insert(ImageRepositoryTest.registry("cr.backend.ai", T0));
        Image image = ImageRepositoryTest.image("cr.backend.ai", "stable", "python", "3.12", "x86_64", T0);
        r.images().upsert(image);
        assertEquals(Optional.of(image), r.images().find("cr.backend.ai/stable/python:3.12"));
        assertEquals(1, r.images().list(ImageQuery.ALL, PageRequest.first(20)).total());
        r.registries().delete("cr.backend.ai");
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM images"), "the cascade of the new foreign key");
    }
}
