package io.berth.persistence.jpa.internal;

import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The real JPA repositories over a fresh embedded Derby database in a temporary folder, schema migrated,
 * bootstrapped outside OSGi the way the persistence module's tests do it (EclipseLink, the {@code berth}
 * unit, its non-JTA data source given as a property). {@link #close()} shuts Derby down and deletes the
 * folder.
 */
public final class BenchDatabase implements AutoCloseable {
    /** Kept so that the level sticks: the migration's INFO lines are noise in benchmark output. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger(
            SchemaMigrator.class.getName());

    private final Path dir;
    private final String databaseName;
    private final EntityManagerFactory emf;
    private final JpaRepositories repos;

    private BenchDatabase(Path dir) {
        this.dir = dir;
        this.databaseName = dir.resolve("berth").toString();
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        QUIET.setLevel(java.util.logging.Level.WARNING);
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(databaseName);
        ds.setCreateDatabase("create");
        emf = Persistence.createEntityManagerFactory("berth", Map.of("javax.persistence.nonJtaDataSource", ds));
        repos = JpaRepositories.open(emf, ds);
    }

    /** A new database in a new temporary folder. */
    public static BenchDatabase create() {
        try {
            return new BenchDatabase(Files.createTempDirectory("berth-bench-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public UnitOfWork tx() {
        return repos.unitOfWork();
    }

    public SessionRepository sessions() {
        return repos.sessions();
    }

    public AgentRepository agents() {
        return repos.agents();
    }

    public ResourceGroupRepository groups() {
        return repos.resourceGroups();
    }

    public KeyPairRepository keyPairs() {
        return repos.keyPairs();
    }

    public KeyPairPolicyRepository keyPairPolicies() {
        return repos.keyPairPolicies();
    }

    public ProjectRepository projects() {
        return repos.projects();
    }

    public DomainRepository domains() {
        return repos.domains();
    }

    public io.berth.core.repo.SettingsRepository settings() {
        return repos.settings();
    }

    public UserRepository users() {
        return repos.users();
    }

    @Override
    public void close() {
        if (emf.isOpen()) {
            emf.close();
        }
        EmbeddedDataSource end = new EmbeddedDataSource();
        end.setDatabaseName(databaseName);
        end.setConnectionAttributes("shutdown=true");
        try {
            end.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as an SQLException (08006)
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
