package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.StorageVolume;
import io.berth.core.storage.VFolder;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * V9 upgrades a database that V1 to V8 created and that holds data: the rows stay as they were, the volume,
 * folder and quota limit tables start empty (core adds the configured volumes itself) and work at once.
 */
class StorageUpgradeTest {
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
                "db/V5__agents_resource_groups.sql", "db/V6__sessions.sql", "db/V7__session_write_counters.sql",
                "db/V8__images.sql"), getClass().getClassLoader(), Clock.systemUTC());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), before.migrate());
        db.execute("INSERT INTO resource_presets (name, resource_slots, shared_memory, resource_group, created_at,"
                + " modified_at) VALUES ('small', '{\"cpu\":\"1\"}', NULL, NULL, " + AT + ", " + AT + ")",
                "INSERT INTO container_registries (hostname, url, registry_type, project, username,"
                + " encrypted_password, ssl_verify, created_at, modified_at) VALUES ('cr.example.org',"
                + " 'https://cr.example.org', 'docker', NULL, NULL, NULL, TRUE, " + AT + ", " + AT + ")",
                "INSERT INTO images (reference, registry, namespace, name, tag, architecture, digest, size_bytes,"
                + " base_distro, min_resources, max_resources, labels, apps, installed_on, scanned_at, modified_at)"
                + " VALUES ('cr.example.org/stable/python:3.12', 'cr.example.org', 'stable', 'python', '3.12',"
                + " 'x86_64', NULL, 42, NULL, '{}', '{}', '{}', '[]', '[]', " + AT + ", " + AT + ")");

        JpaRepositories r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate(), "open() applied V9");
        assertEquals(List.of("9|storage"), db.query("SELECT version, description FROM berth_schema_version"
                + " WHERE version = 9"));
        for (String table : List.of("storage_volumes", "vfolders", "quota_limits")) {
            assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM " + table), table);
        }
        assertEquals(List.of("small"), r.presets().list().stream().map(p -> p.name()).toList());
        assertEquals(List.of("cr.example.org"), r.registries().list().stream().map(g -> g.hostname()).toList());
        assertEquals(42, r.images().find("cr.example.org/stable/python:3.12").orElseThrow().sizeBytes());

        StorageVolume volume = StorageRepositoryTest.volume("local", T0);
        r.volumes().insert(volume);
        assertEquals(List.of(volume), r.volumes().list());
        VFolder folder = StorageRepositoryTest.folder("f-1", "data", "local", FolderOwner.USER, "u1", "default", T0);
        r.folders().insert(folder);
        assertEquals(Optional.of(folder), r.folders().find("f-1"));
        r.quotas().put("local", FolderOwner.USER, "u1", 1024);
        assertEquals(Map.of("u1", 1024L), r.quotas().list("local", FolderOwner.USER));
        r.folders().delete("f-1");
        r.volumes().delete("local");
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM quota_limits"), "the cascade of the new foreign key");
    }
}
