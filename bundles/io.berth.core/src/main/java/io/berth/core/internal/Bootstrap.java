package io.berth.core.internal;

import io.berth.core.auth.PasswordHasher;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.repo.UserRepository;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: the default domain with its model-store project, the {@code default} resource group
 * (available to the default domain), and the superadmin — from
 * {@code BERTH_ADMIN_EMAIL} / {@code BERTH_ADMIN_PASSWORD}, or with a generated password printed once
 * on the console and written to {@code <data>/initial-admin.txt} (mode 600). Never logged.
 */
@Component(service = Bootstrap.class, immediate = true)
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    public static final String DEFAULT_ADMIN_EMAIL = "admin@berth.local";

    /** The {@code default} policy of each kind (SPEC P1); the schema migration creates them too. */
    public record DefaultPolicies(KeyPairPolicyRepository keyPair, UserPolicyRepository user,
            ProjectPolicyRepository project) {
        void ensure(Instant now) {
            if (keyPair.find(KeyPairResourcePolicy.DEFAULT).isEmpty()) {
                keyPair.insert(KeyPairResourcePolicy.defaults(now));
            }
            if (user.find(UserResourcePolicy.DEFAULT).isEmpty()) {
                user.insert(UserResourcePolicy.defaults(now));
            }
            if (project.find(ProjectResourcePolicy.DEFAULT).isEmpty()) {
                project.insert(ProjectResourcePolicy.defaults(now));
            }
        }
    }

    /** What the first start did; {@code generatedPassword} is null when it came from the environment. */
    public record Outcome(boolean createdAdmin, String email, String generatedPassword) {
    }

    private final Outcome outcome;

    @Activate
    public Bootstrap(@Reference UnitOfWork tx, @Reference DomainRepository domains,
            @Reference ProjectRepository projects, @Reference UserRepository users,
            @Reference KeyPairRepository keyPairs, @Reference KeyPairPolicyRepository keyPairPolicies,
            @Reference UserPolicyRepository userPolicies, @Reference ProjectPolicyRepository projectPolicies,
            @Reference ResourceGroupRepository groups) {
        this.outcome = run(tx, domains, projects, users, keyPairs, new DefaultPolicies(keyPairPolicies, userPolicies,
                projectPolicies), groups, new PasswordHasher(), Clock.systemUTC(), System.getenv(), dataDir(),
                System.out);
    }

    public Outcome outcome() {
        return outcome;
    }

    private static Path dataDir() {
        String data = System.getProperty("karaf.data");
        return Path.of(data != null ? data : "data");
    }

    /**
     * Creates the {@code default} resource group (scheduler {@code fifo}, default options, active, not
     * public) unless it exists, and makes it available to the default domain when either of them was
     * created just now. The schema migration may have created the group on a fresh database, before the
     * default domain existed; once both exist, the group and its associations (an operator may have
     * withdrawn one) are left as they are. Needs the default domain.
     */
    public static void defaultGroup(ResourceGroupRepository groups, Instant now, boolean domainCreated) {
        boolean groupCreated = groups.find(ResourceGroup.DEFAULT).isEmpty();
        if (groupCreated) {
            groups.insert(new ResourceGroup(ResourceGroup.DEFAULT, "Default resource group", true, false, null,
                    ResourceGroupServiceImpl.DEFAULT_SCHEDULER, SchedulerOptions.DEFAULTS, now, now));
        }
        if ((groupCreated || domainCreated)
                && !groups.associations(ResourceGroup.DEFAULT).domains().contains(Domain.DEFAULT)) {
            groups.associate(ResourceGroup.DEFAULT, ResourceGroupServiceImpl.DOMAIN, Domain.DEFAULT, true);
        }
    }

    public static Outcome run(UnitOfWork tx, DomainRepository domains, ProjectRepository projects,
            UserRepository users, KeyPairRepository keyPairs, DefaultPolicies policies, ResourceGroupRepository groups,
            PasswordHasher hasher, Clock clock, Map<String, String> env, Path dataDir, PrintStream console) {
        Outcome o = tx.inTransaction(() -> {
            Instant now = clock.instant();
            policies.ensure(now);
            boolean newDomain = domains.find(Domain.DEFAULT).isEmpty();
            if (newDomain) {
                domains.insert(new Domain(Domain.DEFAULT, "Default domain", true, ResourceSlots.EMPTY, List.of(),
                        List.of(), now, now));
            }
            Project modelStore = projects.findByName(Domain.DEFAULT, ProjectType.MODEL_STORE_NAME).orElseGet(() -> {
                Project p = IdentityServiceImpl.modelStoreProject(Domain.DEFAULT, now);
                projects.insert(p);
                return p;
            });
            defaultGroup(groups, now, newDomain);
            if (users.count() > 0) {
                return new Outcome(false, null, null);
            }
            String email = env.getOrDefault("BERTH_ADMIN_EMAIL", "").isBlank() ? DEFAULT_ADMIN_EMAIL
                    : Rules.email(env.get("BERTH_ADMIN_EMAIL"));
            String given = env.get("BERTH_ADMIN_PASSWORD");
            String password = given == null || given.isEmpty() ? Keys.password() : Rules.password(given);
            String id = UUID.randomUUID().toString();
            KeyPair kp = new KeyPair(Keys.accessKey(), Keys.secretKey(), id, true, true, KeyPairResourcePolicy.DEFAULT,
                    KeyPair.DEFAULT_RATE_LIMIT, now, null, 0);
            users.insert(new User(id, email, "admin", "Administrator", "Created at first start",
                    hasher.hash(password), Domain.DEFAULT, Role.SUPERADMIN, UserStatus.ACTIVE, false, false,
                    kp.accessKey(), UserResourcePolicy.DEFAULT, Set.of(modelStore.id()), now, now));
            keyPairs.insert(kp);
            return new Outcome(true, email, given == null || given.isEmpty() ? password : null);
        });
        if (o.createdAdmin()) {
            announce(o, dataDir, console);
        }
        return o;
    }

    private static void announce(Outcome o, Path dataDir, PrintStream console) {
        if (o.generatedPassword() == null) {
            console.println("Berth: superadmin " + o.email() + " created with the password from BERTH_ADMIN_PASSWORD.");
            LOG.info("superadmin {} created from the environment", o.email());
            return;
        }
        Path file = dataDir.resolve("initial-admin.txt");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file); // no POSIX modes here: the data directory's own access rules apply
            }
            Files.writeString(file, "domain=" + Domain.DEFAULT + "\nemail=" + o.email() + "\npassword="
                    + o.generatedPassword() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("could not write {}: {}", file, e.toString());
        }
        console.println();
        console.println("Berth: first start - superadmin created");
        console.println("  domain:   " + Domain.DEFAULT);
        console.println("  email:    " + o.email());
        console.println("  password: " + o.generatedPassword());
        console.println("  (also in " + file + ", readable by its owner only; change it after the first login)");
        console.println();
        LOG.info("superadmin {} created; the generated password was printed on the console and written to {}",
                o.email(), file);
    }
}
