package io.berth.persistence.jpa.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** An embedded Derby database with the {@code berth} unit bootstrapped outside OSGi, plus record fixtures. */
final class TestDb implements AutoCloseable {
    /** Kept so that the level sticks: the migration's INFO lines are noise in test output. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger(
            SchemaMigrator.class.getName());

    static {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456Z");

    final String databaseName;
    final EmbeddedDataSource dataSource;
    private EntityManagerFactory emf;
    private JpaRepositories repos;

    private TestDb(String databaseName) {
        this.databaseName = databaseName;
        this.dataSource = dataSource(databaseName, "create");
    }

    /** A fresh in-memory database (nothing applied yet). */
    static TestDb memory() {
        return new TestDb("memory:berth-test-" + COUNTER.incrementAndGet());
    }

    /** A database in a folder, which survives {@link #close()}. */
    static TestDb file(Path dir) {
        return new TestDb(dir.resolve("berth").toString());
    }

    private static EmbeddedDataSource dataSource(String name, String create) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(name);
        if (create != null) {
            ds.setCreateDatabase(create);
        }
        return ds;
    }

    /** Migrates the schema and bootstraps the persistence unit over this database. */
    JpaRepositories open() {
        return open(Map.of());
    }

    /** As {@link #open()}, with extra persistence unit properties. */
    JpaRepositories open(Map<String, Object> properties) {
        Map<String, Object> props = new HashMap<>(properties);
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        emf = Persistence.createEntityManagerFactory("berth", props);
        repos = JpaRepositories.open(emf, dataSource);
        return repos;
    }

    EntityManagerFactory emf() {
        return emf;
    }

    JpaRepositories repos() {
        return repos;
    }

    /** Closes the entity manager factory and shuts the database down (an in-memory one is dropped). */
    @Override
    public void close() {
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
        emf = null;
        EmbeddedDataSource end = dataSource(databaseName, null);
        end.setConnectionAttributes(databaseName.startsWith("memory:") ? "drop=true" : "shutdown=true");
        try {
            end.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown or drop as an SQLException (08006)
        }
    }

    // ------------------------------------------------------------------ fixtures

    static Domain domain(String name, boolean active, Instant created) {
        return new Domain(name, "Domain " + name, active, ResourceSlots.EMPTY,
                List.of("local:volume1", "nfs.example.org"), List.of("cr.example.org:5000"), created,
                created.plusSeconds(1));
    }

    static Project project(String id, String domain, String name, boolean active, Instant created) {
        return new Project(id, domain, name, "Project " + name, active, ProjectType.GENERAL, ResourceSlots.EMPTY,
                List.of("local:volume1"), List.of(), "default", created, created.plusSeconds(2));
    }

    static User user(String id, String email, String username, String domain, UserStatus status, String mainKey,
            Set<String> projects, Instant created) {
        return new User(id, email, username, "Full " + username, "about " + username, "pbkdf2$hash-of-" + id, domain,
                Role.USER, status, false, true, mainKey, "default", projects, created, created.plusSeconds(3));
    }

    /** Slots from alternating names and wire amounts: {@code slots("cpu", "4", "mem", "Infinity")}. */
    static ResourceSlots slots(String... namesAndAmounts) {
        Map<String, String> wire = new HashMap<>();
        for (int i = 0; i < namesAndAmounts.length; i += 2) {
            wire.put(namesAndAmounts[i], namesAndAmounts[i + 1]);
        }
        return ResourceSlots.fromWire(wire);
    }

    /** A keypair resource policy with the default values but the name. */
    static KeyPairResourcePolicy keyPairPolicy(String name, Instant created) {
        KeyPairResourcePolicy d = KeyPairResourcePolicy.defaults(created);
        return new KeyPairResourcePolicy(name, d.defaultForUnspecified(), d.totalResourceSlots(),
                d.maxSessionLifetime(), d.maxConcurrentSessions(), d.maxPendingSessionCount(),
                d.maxPendingSessionResourceSlots(), d.maxContainersPerSession(), d.idleTimeout(),
                d.allowedVfolderHosts(), created, created);
    }

    /** A user resource policy with the default values but the name. */
    static UserResourcePolicy userPolicy(String name, Instant created) {
        UserResourcePolicy d = UserResourcePolicy.defaults(created);
        return new UserResourcePolicy(name, d.maxVfolderCount(), d.maxQuotaScopeSize(),
                d.maxSessionCountPerModelSession(), d.maxCustomizedImageCount(), created, created);
    }

    /** A project resource policy with the default values but the name. */
    static ProjectResourcePolicy projectPolicy(String name, Instant created) {
        return new ProjectResourcePolicy(name, Amount.INFINITE, Amount.INFINITE, created, created);
    }

    /**
     * An ALIVE agent in {@code group} with two devices, seen first, last and changed at {@code at}; slots
     * include an infinite amount.
     */
    static Agent agent(String id, String group, Instant at) {
        return new Agent(id, AgentStatus.ALIVE, "registered", "eu-west-1", "x86_64", "25.1.0", "10.0.0.7:6001",
                group, true, slots("cpu", "16", "mem", "68719476736", "cuda.shares", "Infinity"),
                slots("cpu", "2.5", "mem", "4294967296"), 12.75, 8_589_934_592L, 3,
                List.of(new DeviceInfo("cuda", "0", "NVIDIA H200", 150_754_820_096L,
                        slots("cuda.device", "1", "cuda.shares", "Infinity"), 37.5, 1_073_741_824L),
                        new DeviceInfo("cuda", "1", null, 0, ResourceSlots.EMPTY, -1, -1)),
                at, at, at);
    }

    /** {@code a} with another status, reason and last heartbeat. */
    static Agent agent(Agent a, AgentStatus status, Instant lastHeartbeat) {
        return new Agent(a.id(), status, status.wire(), a.region(), a.architecture(), a.version(), a.address(),
                a.resourceGroup(), a.schedulable(), a.availableSlots(), a.occupiedSlots(), a.cpuPercent(),
                a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(), lastHeartbeat,
                lastHeartbeat);
    }

    /** A private, active resource group with the default scheduler options. */
    static ResourceGroup group(String name, Instant created) {
        return new ResourceGroup(name, "Group " + name, true, false, null, "fifo", SchedulerOptions.DEFAULTS, created,
                created.plusSeconds(1));
    }

    /** A group with every optional column set and options other than the defaults. */
    static ResourceGroup gpuGroup(String name, Instant created) {
        return new ResourceGroup(name, "GPU nodes", true, true, "https://wsproxy.example.org:5050/x", "drf",
                new SchedulerOptions(Set.of(SessionType.BATCH, SessionType.INTERACTIVE), 600, 3,
                        AgentSelection.CONCENTRATED), created, created.plusSeconds(5));
    }

    /** Runs statements directly on the database, outside JPA (e.g. to build an old schema's rows). */
    void execute(String... statements) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** The rows of a query, each as its columns joined with {@code |}. */
    List<String> query(String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    static KeyPair keyPair(String accessKey, String userId, boolean active, Instant created) {
        return new KeyPair(accessKey, "secret/" + accessKey + "+0123456789012345678", userId, active, false, "default",
                KeyPair.DEFAULT_RATE_LIMIT, created, null, 0);
    }
}
