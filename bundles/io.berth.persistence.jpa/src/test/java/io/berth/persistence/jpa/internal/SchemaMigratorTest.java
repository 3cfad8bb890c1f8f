package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    private final TestDb db = TestDb.memory();
    private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void close() {
        db.close();
    }

    private SchemaMigrator migrator(String... scripts) {
        return new SchemaMigrator(db.dataSource, List.of(scripts), getClass().getClassLoader(), clock);
    }

    @Test
    void appliesEveryScriptOnceAndASecondRunDoesNothing() throws SQLException {
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), new SchemaMigrator(db.dataSource).migrate());
        assertEquals(List.of(), new SchemaMigrator(db.dataSource).migrate());

        List<String> rows = db.query("SELECT version, description, applied_at FROM berth_schema_version"
                + " ORDER BY version");
        assertEquals(9, rows.size());
        assertTrue(rows.get(0).startsWith("1|identity|"), rows.get(0));
        assertTrue(rows.get(1).startsWith("2|user list indexes|"), rows.get(1));
        assertTrue(rows.get(2).startsWith("3|resource model|"), rows.get(2));
        assertTrue(rows.get(3).startsWith("4|plugin data|"), rows.get(3));
        assertTrue(rows.get(4).startsWith("5|agents resource groups|"), rows.get(4));
        assertTrue(rows.get(5).startsWith("6|sessions|"), rows.get(5));
        assertTrue(rows.get(6).startsWith("7|session write counters|"), rows.get(6));
        assertTrue(rows.get(7).startsWith("8|images|"), rows.get(7));
        assertTrue(rows.get(8).startsWith("9|storage|"), rows.get(8));
        for (String table : List.of("domains", "projects", "users", "user_projects", "keypairs", "resource_presets",
                "system_settings", "setting_changes", "plugin_data", "agents", "resource_group_domains",
                "resource_group_projects", "resource_group_keypairs", "sessions", "kernels", "session_history",
                "container_registries", "images", "storage_volumes", "vfolders", "quota_limits")) {
            assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM " + table), table);
        }
        for (String table : List.of("keypair_resource_policies", "user_resource_policies",
                "project_resource_policies", "resource_groups")) {
            assertEquals(List.of("default"), db.query("SELECT name FROM " + table), table);
        }
    }

    @Test
    void anUpgradeAppliesOnlyTheNewScriptsInVersionOrder() throws SQLException {
        assertEquals(List.of(1), migrator("db/V1__identity.sql").migrate());
        assertEquals(List.of(2), migrator("testdb/V2__extra_table.sql", "db/V1__identity.sql").migrate());
        assertEquals(List.of(), migrator("db/V1__identity.sql", "testdb/V2__extra_table.sql").migrate());
        assertEquals(List.of("1|identity", "2|extra table"),
                db.query("SELECT version, description FROM berth_schema_version ORDER BY version"));
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM extra_things"));
    }

    @Test
    void aFreshDatabaseGetsAllScriptsInVersionOrder() throws SQLException {
        assertEquals(List.of(1, 2), migrator("testdb/V2__extra_table.sql", "db/V1__identity.sql").migrate());
        assertEquals(List.of("0"), db.query("SELECT COUNT(*) FROM extra_things"));
    }

    @Test
    void aFailingScriptLeavesNothingBehindAndKeepsTheVersionsBeforeIt() throws SQLException {
        SchemaMigrator broken = migrator("db/V1__identity.sql", "testdb/V3__broken.sql");
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::migrate);
        assertTrue(e.getMessage().contains("V3 (broken)"), e.getMessage());

        assertEquals(List.of("1"), db.query("SELECT version FROM berth_schema_version"));
        assertThrows(SQLException.class, () -> db.query("SELECT COUNT(*) FROM half_done"));
        assertEquals(List.of(), migrator("db/V1__identity.sql").migrate());
    }

    @Test
    void everyScriptInTheDbFolderIsListed() throws IOException, URISyntaxException {
        URL folder = SchemaMigrator.class.getClassLoader().getResource("db");
        List<String> found;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            found = files.map(p -> "db/" + p.getFileName()).sorted().toList();
        }
        assertEquals(found, SchemaMigrator.SCRIPTS.stream().sorted().toList());
        SchemaMigrator.SCRIPTS.forEach(SchemaMigrator.Script::of);
    }

    @Test
    void scriptNamesAndVersionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> migrator("db/identity.sql"));
        assertThrows(IllegalArgumentException.class, () -> migrator("db/V1__a.sql", "db/V1__b.sql"));
        SchemaMigrator.Script s = SchemaMigrator.Script.of("db/V12__add_sessions_table.sql");
        assertEquals(12, s.version());
        assertEquals("add sessions table", s.description());
    }

    @Test
    void statementsAreSplitOnSemicolonsWithCommentLinesDropped() {
        String script = "-- header; with a semicolon\nCREATE TABLE a (x INTEGER);\n\n  -- note\n"
                + "CREATE INDEX ix ON a (x)\n;\n;  \nINSERT INTO a VALUES (1)";
        assertEquals(List.of("CREATE TABLE a (x INTEGER)", "CREATE INDEX ix ON a (x)", "INSERT INTO a VALUES (1)"),
                SchemaMigrator.statements(script));
    }

    @Test
    void aMissingScriptFailsTheMigration() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> migrator("db/V1__identity.sql", "db/V9__not_there.sql").migrate());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
