package io.berth.persistence.jpa.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates and upgrades the schema from versioned SQL scripts on the class path.
 *
 * <p>Scripts are named {@code db/V<version>__<description>.sql} and listed in {@link #SCRIPTS} (a bundle
 * class loader cannot list a folder, so the list is explicit; a test checks it against the folder). The
 * table {@code berth_schema_version(version, description, applied_at)} records what has been applied.
 * Each pending script runs in its own JDBC transaction together with the insert of its version row, in
 * ascending version order, so a failing script leaves neither its changes nor its row behind.
 *
 * <p>Two servers starting at once against one PostgreSQL database are safe: the loser of the race fails
 * on the primary key of the version row (or on the already created tables), rolls back, sees the version
 * recorded by the winner and carries on.
 *
 * <p>Scripts are split on {@code ;}; lines whose first non-blank characters are {@code --} are comments.
 * Statements therefore must not contain semicolons, also not inside literals.
 */
final class SchemaMigrator {
    /** The migration scripts of this bundle, in any order. */
    static final List<String> SCRIPTS = List.of("db/V1__identity.sql", "db/V2__user_list_indexes.sql",
            "db/V3__resource_model.sql", "db/V4__plugin_data.sql", "db/V5__agents_resource_groups.sql",
            "db/V6__sessions.sql", "db/V7__session_write_counters.sql", "db/V8__images.sql",
            "db/V9__storage.sql");

    static final String VERSION_TABLE = "berth_schema_version";

    private static final System.Logger LOG = System.getLogger(SchemaMigrator.class.getName());
    private static final Pattern NAME = Pattern.compile("(?:.*/)?V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One script: its version, human description and class-path location. */
    record Script(int version, String description, String resource) {
        static Script of(String resource) {
            Matcher m = NAME.matcher(resource);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration script name must be V<n>__<description>.sql: "
                        + resource);
            }
            return new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), resource);
        }
    }

    private final DataSource dataSource;
    private final List<Script> scripts;
    private final ClassLoader loader;
    private final Clock clock;

    SchemaMigrator(DataSource dataSource) {
        this(dataSource, SCRIPTS, SchemaMigrator.class.getClassLoader(), Clock.systemUTC());
    }

    SchemaMigrator(DataSource dataSource, List<String> resources, ClassLoader loader, Clock clock) {
        this.dataSource = dataSource;
        this.loader = loader;
        this.clock = clock;
        List<Script> list = new ArrayList<>(resources.stream().map(Script::of).toList());
        list.sort(Comparator.comparingInt(Script::version));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).version() == list.get(i - 1).version()) {
                throw new IllegalArgumentException("two migration scripts have version " + list.get(i).version());
            }
        }
        this.scripts = List.copyOf(list);
    }

    /**
     * Applies every script whose version is not recorded yet.
     *
     * @return the versions applied by this call, in order (empty when the schema was up to date)
     * @throws IllegalStateException when a script fails; the database keeps the versions before it
     */
    List<Integer> migrate() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                ensureVersionTable(c);
                List<Integer> applied = new ArrayList<>();
                Set<Integer> done = appliedVersions(c);
                for (Script s : scripts) {
                    if (!done.contains(s.version()) && apply(c, s)) {
                        applied.add(s.version());
                    }
                }
                if (!applied.isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "database schema migrated to version {0} (applied {1})",
                            scripts.get(scripts.size() - 1).version(), applied);
                }
                return List.copyOf(applied);
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database schema migration failed: " + e.getMessage(), e);
        }
    }

    /** Hands a pooled connection back as it came; a broken one is discarded by the pool anyway. */
    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException broken) {
            LOG.log(System.Logger.Level.DEBUG, "could not restore auto-commit after the migration", broken);
        }
    }

    /** The versions recorded in the version table, which must exist. */
    Set<Integer> appliedVersions(Connection c) throws SQLException {
        c.setAutoCommit(true);
        Set<Integer> versions = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private void ensureVersionTable(Connection c) throws SQLException {
        if (versionTableExists(c)) {
            return;
        }
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + VERSION_TABLE + " (version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL, CONSTRAINT pk_" + VERSION_TABLE + " PRIMARY KEY (version))");
        } catch (SQLException e) {
            if (!versionTableExists(c)) {
                throw e;
            }
        }
    }

    /** Probes with a query, so that the answer follows the connection's current schema and search path. */
    private boolean versionTableExists(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + VERSION_TABLE)) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs one script and records it; false when another server recorded it first. */
    private boolean apply(Connection c, Script s) throws SQLException {
        List<String> statements = statements(read(s.resource()));
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, s.version());
                ps.setString(2, s.description());
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            if (appliedVersions(c).contains(s.version())) {
                LOG.log(System.Logger.Level.INFO, "schema version {0} was applied concurrently by another server",
                        s.version());
                return false;
            }
            throw new IllegalStateException("migration V" + s.version() + " (" + s.description() + ") failed: "
                    + e.getMessage(), e);
        }
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + resource, e);
        }
    }

    /** Splits a script into statements: comment lines dropped, split on ';', blanks skipped. */
    static List<String> statements(String script) {
        StringBuilder body = new StringBuilder();
        for (String line : script.split("\\R")) {
            if (!line.strip().startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : body.toString().split(";")) {
            String sql = part.strip();
            if (!sql.isEmpty()) {
                out.add(sql);
            }
        }
        return out;
    }
}
