package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.auth.PasswordHasher;
import io.berth.core.error.ValidationException;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
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
import io.berth.core.testing.Fakes.State;
import io.berth.core.testing.Fakes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private final Fakes f = new Fakes();
    private final PasswordHasher hasher = new PasswordHasher(1000);
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);

    @TempDir
    Path data;

    private Bootstrap.Outcome run(Map<String, String> env, Path dir) {
        return Bootstrap.run(f.tx, f.domains, f.projects, f.users, f.keyPairs, policies(f), f.resourceGroups, hasher,
                clock, env, dir, console);
    }

    private static Bootstrap.DefaultPolicies policies(Fakes f) {
        return new Bootstrap.DefaultPolicies(f.keyPairPolicies, f.userPolicies, f.projectPolicies);
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private User onlyUser() {
        List<User> users = List.copyOf(f.users.rows().values());
        assertEquals(1, users.size());
        return users.get(0);
    }

    @Test
    void firstRunCreatesDefaultDomainModelStoreAndSuperadmin() {
        Bootstrap.Outcome o = run(Map.of(), data);
        assertTrue(o.createdAdmin());
        assertEquals(Bootstrap.DEFAULT_ADMIN_EMAIL, o.email());
        String pw = o.generatedPassword();
        assertEquals(pw, Rules.password(pw), "the generated password meets the policy");

        Domain d = f.domains.find(Domain.DEFAULT).orElseThrow();
        assertTrue(d.active());
        Project ms = f.projects.findByName(Domain.DEFAULT, ProjectType.MODEL_STORE_NAME).orElseThrow();
        assertEquals(ProjectType.MODEL_STORE, ms.type());

        User admin = onlyUser();
        assertEquals(Bootstrap.DEFAULT_ADMIN_EMAIL, admin.email());
        assertEquals(Role.SUPERADMIN, admin.role());
        assertEquals(UserStatus.ACTIVE, admin.status());
        assertEquals(Domain.DEFAULT, admin.domainName());
        assertEquals(Set.of(ms.id()), admin.projectIds());
        assertTrue(hasher.verify(pw, admin.passwordHash()));
        assertEquals(T0, admin.createdAt());

        List<KeyPair> keys = f.keyPairs.findByUser(admin.id());
        assertEquals(1, keys.size());
        KeyPair kp = keys.get(0);
        assertEquals(kp.accessKey(), admin.mainAccessKey());
        assertTrue(kp.active());
        assertTrue(kp.admin());
        assertEquals(kp.accessKey(), Rules.accessKey(kp.accessKey()));
        assertEquals(kp.secretKey(), Rules.secretKey(kp.secretKey()));
        // one transaction for all of it
        assertEquals(1, f.tx.commits());
        assertEquals(1, f.tx.writes().stream().map(w -> w.tx()).distinct().count());
    }

    @Test
    void generatedPasswordIsPrintedAndWrittenToAnOwnerOnlyFile() throws IOException {
        Bootstrap.Outcome o = run(Map.of(), data);
        Path file = data.resolve("initial-admin.txt");
        assertTrue(Files.exists(file));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file), "mode 600");
        String content = Files.readString(file);
        assertTrue(content.contains("password=" + o.generatedPassword() + "\n"), content);
        assertTrue(content.contains("email=" + Bootstrap.DEFAULT_ADMIN_EMAIL), content);
        assertTrue(content.contains("domain=default"), content);
        assertTrue(console().contains(o.generatedPassword()), console());
        assertTrue(console().contains(Bootstrap.DEFAULT_ADMIN_EMAIL), console());
    }

    @Test
    void missingDataDirectoryIsCreatedAndAStaleFileReplacedWithMode600() throws IOException {
        Path dir = data.resolve("a/b");
        Files.createDirectories(dir);
        Path stale = Files.writeString(dir.resolve("initial-admin.txt"), "old");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-r--r--"));
        Bootstrap.Outcome o = run(Map.of(), dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stale)));
        assertTrue(Files.readString(stale).contains(o.generatedPassword()));

        Fakes other = new Fakes();
        Path fresh = data.resolve("x/y/z");
        Bootstrap.run(other.tx, other.domains, other.projects, other.users, other.keyPairs, policies(other),
                other.resourceGroups, hasher, clock, Map.of(), fresh, console);
        assertTrue(Files.exists(fresh.resolve("initial-admin.txt")));
    }

    @Test
    void secondRunDoesNothing() throws IOException {
        run(Map.of(), data);
        State after = f.state();
        Path file = data.resolve("initial-admin.txt");
        Files.delete(file);
        out.reset();
        Bootstrap.Outcome o = run(Map.of("BERTH_ADMIN_EMAIL", "other@x.test", "BERTH_ADMIN_PASSWORD", "An0ther-pw"),
                data);
        assertFalse(o.createdAdmin());
        assertNull(o.email());
        assertNull(o.generatedPassword());
        assertEquals("", after.diff(f.state()));
        assertFalse(Files.exists(file), "no file on later starts");
        assertEquals("", console());
    }

    @Test
    void environmentCredentialsAreHonoured() {
        Bootstrap.Outcome o = run(Map.of("BERTH_ADMIN_EMAIL", " Ops@Example.COM ", "BERTH_ADMIN_PASSWORD",
                "Env-pass-123"), data);
        assertTrue(o.createdAdmin());
        assertEquals("ops@example.com", o.email());
        assertNull(o.generatedPassword(), "a password from the environment is not 'generated'");
        User admin = onlyUser();
        assertEquals("ops@example.com", admin.email());
        assertTrue(hasher.verify("Env-pass-123", admin.passwordHash()));
        assertFalse(Files.exists(data.resolve("initial-admin.txt")), "nothing to write down");
        assertFalse(console().contains("Env-pass-123"), "the password is never echoed");
        assertTrue(console().contains("ops@example.com"));
    }

    @Test
    void blankEnvironmentValuesFallBackToDefaults() {
        Bootstrap.Outcome o = run(Map.of("BERTH_ADMIN_EMAIL", " ", "BERTH_ADMIN_PASSWORD", ""), data);
        assertEquals(Bootstrap.DEFAULT_ADMIN_EMAIL, o.email());
        assertTrue(hasher.verify(o.generatedPassword(), onlyUser().passwordHash()));
    }

    @Test
    void weakEnvironmentPasswordIsRefusedAndNothingIsCreated() {
        State before = f.state();
        ValidationException x = assertThrows(ValidationException.class,
                () -> run(Map.of("BERTH_ADMIN_PASSWORD", "password"), data));
        assertEquals("password", x.field());
        assertEquals("", before.diff(f.state()), "the default domain is rolled back too");
        assertFalse(Files.exists(data.resolve("initial-admin.txt")));
        assertFalse(console().contains("password"), console());
    }

    @Test
    void invalidEnvironmentEmailIsRefused() {
        ValidationException x = assertThrows(ValidationException.class,
                () -> run(Map.of("BERTH_ADMIN_EMAIL", "not-an-email"), data));
        assertEquals("email", x.field());
        assertEquals(0, f.users.count());
    }

    @Test
    void existingDefaultDomainIsKeptAndOnlyWhatIsMissingIsAdded() {
        Domain existing = new Domain(Domain.DEFAULT, "mine", false, null, List.of("nfs"), List.of(),
                T0.minusSeconds(60), T0.minusSeconds(60));
        f.tx.run(() -> f.domains.insert(existing));
        run(Map.of(), data);
        assertEquals(existing, f.domains.find(Domain.DEFAULT).orElseThrow());
        assertEquals(1, f.projects.rows().size());
        assertEquals(1, f.users.count());
    }

    @Test
    void firstRunCreatesTheDefaultPolicyOfEachKindAndGivesItToTheAdmin() {
        run(Map.of(), data);
        assertEquals(Map.of(KeyPairResourcePolicy.DEFAULT, KeyPairResourcePolicy.defaults(T0)),
                f.keyPairPolicies.rows());
        assertEquals(Map.of(UserResourcePolicy.DEFAULT, UserResourcePolicy.defaults(T0)), f.userPolicies.rows());
        assertEquals(Map.of(ProjectResourcePolicy.DEFAULT, ProjectResourcePolicy.defaults(T0)),
                f.projectPolicies.rows());
        User admin = onlyUser();
        assertEquals(UserResourcePolicy.DEFAULT, admin.resourcePolicy());
        assertEquals(KeyPairResourcePolicy.DEFAULT, f.keyPairs.find(admin.mainAccessKey()).orElseThrow()
                .resourcePolicy());
        assertEquals(ProjectResourcePolicy.DEFAULT, f.projects.findByName(Domain.DEFAULT,
                ProjectType.MODEL_STORE_NAME).orElseThrow().resourcePolicy());
        assertTrue(f.tx.writes().stream().allMatch(w -> w.tx() == 1), "the policies are written in the same "
                + "transaction as the rest");
    }

    @Test
    void defaultPoliciesAreIdempotentAndNeverOverwritten() {
        KeyPairResourcePolicy tuned = new KeyPairResourcePolicy(KeyPairResourcePolicy.DEFAULT,
                io.berth.core.resource.UnspecifiedSlots.LIMITED, io.berth.spi.resource.ResourceSlots.EMPTY, 60, 2,
                io.berth.spi.resource.Amount.of(5), io.berth.spi.resource.ResourceSlots.EMPTY, 1, 0, List.of(),
                T0.minusSeconds(5), T0.minusSeconds(5));
        f.tx.run(() -> f.keyPairPolicies.insert(tuned));
        run(Map.of(), data);
        assertEquals(tuned, f.keyPairPolicies.find(KeyPairResourcePolicy.DEFAULT).orElseThrow(),
                "an existing default policy (changed by an operator) is kept as it is");
        assertEquals(1, f.userPolicies.rows().size());
        assertEquals(1, f.projectPolicies.rows().size());
        State after = f.state();
        f.tx.clearWrites();
        run(Map.of(), data);
        f.tx.run(() -> policies(f).ensure(T0.plusSeconds(60)));
        assertEquals("", after.diff(f.state()));
        assertEquals(List.of(), f.tx.writes());
    }

    @Test
    void policiesAlreadyThereAreNotWrittenAgainButMissingOnesAre() {
        f.tx.run(() -> f.userPolicies.insert(UserResourcePolicy.defaults(T0.minusSeconds(1))));
        f.tx.clearWrites();
        f.tx.run(() -> policies(f).ensure(T0));
        assertEquals(Set.of("keypair_policies", "project_policies"),
                f.tx.writes().stream().map(w -> w.table()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(T0.minusSeconds(1), f.userPolicies.find("default").orElseThrow().createdAt());
    }

    // ------------------------------------------------------------ the default resource group

    @Test
    void firstRunCreatesTheDefaultResourceGroupForTheDefaultDomainInTheSameTransaction() {
        run(Map.of(), data);
        assertEquals(Map.of(ResourceGroup.DEFAULT, new ResourceGroup(ResourceGroup.DEFAULT, "Default resource group",
                true, false, null, "fifo", SchedulerOptions.DEFAULTS, T0, T0)), f.resourceGroups.rows());
        assertEquals(new Associations(List.of(Domain.DEFAULT), List.of(), List.of()),
                f.resourceGroups.associations(ResourceGroup.DEFAULT));
        assertEquals(1, f.tx.commits());
        assertTrue(f.tx.writes().stream().anyMatch(w -> w.table().equals("resource_groups")));
        assertTrue(f.tx.writes().stream().allMatch(w -> w.tx() == 1));
    }

    @Test
    void theDefaultGroupIsCreatedEvenWhenTheAdminExistsAndOnlyOnce() {
        run(Map.of(), data);
        Fakes.State after = f.state();
        f.tx.clearWrites();
        run(Map.of(), data);
        f.tx.run(() -> Bootstrap.defaultGroup(f.resourceGroups, T0.plusSeconds(60), false));
        assertEquals("", after.diff(f.state()));
        assertEquals(List.of(), f.tx.writes(), "idempotent");

        // an installation from before resource groups: the admin exists, the group does not
        f.tx.run(() -> {
            f.resourceGroups.clearAssociations(ResourceGroup.DEFAULT);
            f.resourceGroups.delete(ResourceGroup.DEFAULT);
        });
        run(Map.of(), data);
        assertTrue(f.resourceGroups.find(ResourceGroup.DEFAULT).isPresent());
        assertEquals(List.of(Domain.DEFAULT), f.resourceGroups.associations(ResourceGroup.DEFAULT).domains());
    }

    private static final ResourceGroup TUNED = new ResourceGroup(ResourceGroup.DEFAULT, "ours", false, true,
            "http://proxy", "drf", SchedulerOptions.DEFAULTS, T0.minusSeconds(9), T0.minusSeconds(9));

    @Test
    void aGroupTheSchemaMigrationMadeBeforeTheDefaultDomainIsMadeAvailableToIt() {
        f.tx.run(() -> f.resourceGroups.insert(TUNED)); // a fresh database: the group, no domain yet
        run(Map.of(), data);
        assertEquals(TUNED, f.resourceGroups.find(ResourceGroup.DEFAULT).orElseThrow(), "the group is kept");
        assertEquals(new Associations(List.of(Domain.DEFAULT), List.of(), List.of()),
                f.resourceGroups.associations(ResourceGroup.DEFAULT));
    }

    @Test
    void anExistingDefaultGroupAndItsAssociationsAreLeftAsTheyAre() {
        Domain existing = new Domain(Domain.DEFAULT, "mine", true, null, List.of(), List.of(), T0, T0);
        f.tx.run(() -> {
            f.domains.insert(existing);
            f.resourceGroups.insert(TUNED); // with the default domain's association withdrawn
        });
        run(Map.of(), data);
        assertEquals(TUNED, f.resourceGroups.find(ResourceGroup.DEFAULT).orElseThrow());
        assertEquals(new Associations(List.of(), List.of(), List.of()),
                f.resourceGroups.associations(ResourceGroup.DEFAULT), "an operator's withdrawal stays");
        f.tx.clearWrites();
        f.tx.run(() -> Bootstrap.defaultGroup(f.resourceGroups, T0, true));
        assertEquals(List.of(new io.berth.core.testing.FakeUnitOfWork.Write(f.tx.writes().get(0).tx(),
                "resource_group_associations", "insert", "default/domain/default")), f.tx.writes(),
                "a newly created default domain gets it");
        f.tx.clearWrites();
        f.tx.run(() -> Bootstrap.defaultGroup(f.resourceGroups, T0, true));
        assertEquals(List.of(), f.tx.writes(), "once");
    }
}
