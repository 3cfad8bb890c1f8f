package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.core.repo.KeyPairReferences;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes.State;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class IdentityServiceImplTest {
    private final World w = new World();

    private static <X extends BerthException> X refused(Class<X> type, String field, Executable e) {
        X x = assertThrows(type, e);
        assertEquals(field, x.field(), x.getMessage());
        return x;
    }

    /** Asserts the call fails with {@code type} and leaves every store exactly as it was. */
    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        State before = w.f.state();
        X x = refused(type, field, e);
        assertEquals("", before.diff(w.f.state()), "the refused call changed the stores");
        return x;
    }

    private static NewUser user(String email, String username, String password) {
        return new NewUser(email, username, password, null, null, "alpha", Role.USER, null, null, null, null, null);
    }

    private static NewKeyPair keyFor(User u, String ak, String sk) {
        return new NewKeyPair(u.email(), ak, sk, null, null, null, null);
    }

    private static final String AK = "AKTESTKEY00000000001";
    private static final String SK = "abcdefghijABCDEFGHIJ0123456789/+abcdefgh";

    @Nested
    class PasswordPolicyOnCreate {
        @Test
        void tooShort() {
            refusedUnchanged(ValidationException.class, "password",
                    () -> w.svc.createUser(Caller.SYSTEM, user("new@alpha.test", null, "a1!")));
        }

        @Test
        void noLetter() {
            refusedUnchanged(ValidationException.class, "password",
                    () -> w.svc.createUser(Caller.SYSTEM, user("new@alpha.test", null, "1234567!")));
        }

        @Test
        void noDigit() {
            refusedUnchanged(ValidationException.class, "password",
                    () -> w.svc.createUser(Caller.SYSTEM, user("new@alpha.test", null, "abcdefg!")));
        }

        @Test
        void noSpecial() {
            refusedUnchanged(ValidationException.class, "password",
                    () -> w.svc.createUser(Caller.SYSTEM, user("new@alpha.test", null, "abcdefg1")));
        }

        @Test
        void okPasswordIsStoredOnlyAsASaltedHash() {
            CreatedUser c = w.svc.createUser(Caller.SYSTEM, user("new@alpha.test", null, "abcdef1!"));
            User u = w.reload(c.detail().user());
            assertNotEquals("abcdef1!", u.passwordHash());
            assertFalse(u.passwordHash().contains("abcdef1!"));
            assertTrue(w.hasher.verify("abcdef1!", u.passwordHash()));
        }

        @Test
        void passwordChangeIsCheckedToo() {
            refusedUnchanged(ValidationException.class, "password", () -> w.svc.updateUser(Caller.SYSTEM,
                    w.carol.email(), new UserUpdate(null, null, null, "short1!", null, null, null, null, null, null)));
        }
    }

    @Nested
    class Limits {
        @Test
        void email64IsAcceptedAnd65RefusedNamingTheField() {
            String e64 = RulesTest.email(64);
            assertEquals(e64, w.svc.createUser(Caller.SYSTEM,
                    user(e64, "user64", PASSWORD)).detail().user().email());
            String e65 = RulesTest.email(65);
            ValidationException x = refusedUnchanged(ValidationException.class, "email",
                    () -> w.svc.createUser(Caller.SYSTEM, user(e65, "user65", PASSWORD)));
            assertTrue(x.getMessage().contains("email"), x.getMessage());
        }

        @Test
        void username64IsAcceptedAnd65RefusedNamingTheField() {
            String u64 = "u".repeat(64);
            assertEquals(u64, w.svc.createUser(Caller.SYSTEM,
                    user("u64@alpha.test", u64, PASSWORD)).detail().user().username());
            ValidationException x = refusedUnchanged(ValidationException.class, "username",
                    () -> w.svc.createUser(Caller.SYSTEM, user("u65@alpha.test", "u".repeat(65), PASSWORD)));
            assertTrue(x.getMessage().contains("username"), x.getMessage());
        }

        @Test
        void usernameChangeIsLimitedToo() {
            refusedUnchanged(ValidationException.class, "username", () -> w.svc.updateUser(Caller.SYSTEM,
                    w.carol.email(), new UserUpdate("c".repeat(65), null, null, null, null, null, null, null, null,
                            null)));
        }

        @Test
        void fullNameAndDomainNameAreLimited() {
            NewUser longName = new NewUser("n@alpha.test", null, PASSWORD, "f".repeat(65), null, "alpha", null, null,
                    null, null, null, null);
            refusedUnchanged(ValidationException.class, "full_name", () -> w.svc.createUser(Caller.SYSTEM, longName));
            refusedUnchanged(ValidationException.class, "name", () -> w.svc.createDomain(Caller.SYSTEM,
                    new NewDomain("d".repeat(65), null, null, null, null, null)));
        }

        @Test
        void overlongLookupsAreNotFoundOrRefusedNotPassedOn() {
            assertThrows(NotFoundException.class, () -> w.svc.getUser(Caller.SYSTEM, "x".repeat(65)));
            assertThrows(NotFoundException.class, () -> w.svc.getKeyPair(Caller.SYSTEM, "A".repeat(65)));
            refused(ValidationException.class, "email", () -> w.svc.listUsers(Caller.SYSTEM,
                    new UserQuery("x".repeat(65), null, null, null, null), PageRequest.first(10)));
        }
    }

    @Nested
    class Uniqueness {
        @Test
        void emailClashNamesEmailEvenWithOtherCase() {
            ConflictException x = refusedUnchanged(ConflictException.class, "email", () -> w.svc.createUser(
                    Caller.SYSTEM, user("CAROL@Alpha.test", "someone-else", PASSWORD)));
            assertEquals(409, x.status());
            assertTrue(x.getMessage().contains("carol@alpha.test"), x.getMessage());
        }

        @Test
        void usernameClashNamesUsername() {
            refusedUnchanged(ConflictException.class, "username",
                    () -> w.svc.createUser(Caller.SYSTEM, user("other@alpha.test", "carol@alpha.test", PASSWORD)));
            User u = w.svc.createUser(Caller.SYSTEM, user("dave@alpha.test", "dave", PASSWORD)).detail().user();
            refusedUnchanged(ConflictException.class, "username",
                    () -> w.svc.createUser(Caller.SYSTEM, user("dave2@beta.test", "dave", PASSWORD)));
            refusedUnchanged(ConflictException.class, "username", () -> w.svc.updateUser(Caller.SYSTEM,
                    w.carol.email(), new UserUpdate("dave", null, null, null, null, null, null, null, null, null)));
            // keeping one's own username is no clash
            assertEquals("dave", w.svc.updateUser(Caller.SYSTEM, u.email(),
                    new UserUpdate("dave", "Dave", null, null, null, null, null, null, null, null)).user().username());
        }

        @Test
        void accessKeyClashNamesAccessKey() {
            w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, AK, SK));
            ConflictException x = refusedUnchanged(ConflictException.class, "access_key",
                    () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.alice, AK, null)));
            assertTrue(x.getMessage().contains(AK), x.getMessage());
            refusedUnchanged(ConflictException.class, "access_key",
                    () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.alice, w.carol.mainAccessKey(), null)));
        }

        @Test
        void domainNameClash() {
            ConflictException x = refusedUnchanged(ConflictException.class, "name", () -> w.svc.createDomain(
                    Caller.SYSTEM, new NewDomain("alpha", null, null, null, null, null)));
            assertTrue(x.getMessage().contains("domain") && x.getMessage().contains("alpha"), x.getMessage());
        }

        @Test
        void projectNameClashIsPerDomain() {
            ConflictException x = refusedUnchanged(ConflictException.class, "name",
                    () -> w.svc.createProject(Caller.SYSTEM, World.newProject("alpha", "research")));
            assertTrue(x.getMessage().contains("research") && x.getMessage().contains("alpha"), x.getMessage());
            refusedUnchanged(ConflictException.class, "name",
                    () -> w.svc.createProject(Caller.SYSTEM, World.newProject("alpha", ProjectType.MODEL_STORE_NAME)));
            Project p = w.svc.createProject(Caller.SYSTEM, World.newProject("beta", "research"));
            assertEquals("beta", p.domainName());
            assertEquals(ProjectType.GENERAL, p.type());
        }
    }

    @Nested
    class UserCreation {
        @Test
        void createsOneKeypairAsMainAccessKeyAndJoinsModelStore() {
            CreatedUser c = w.createFull(World.newUser("new@alpha.test", "alpha", Role.USER));
            User u = w.reload(c.detail().user());
            List<KeyPair> keys = w.keysOf(u);
            assertEquals(1, keys.size());
            KeyPair kp = keys.get(0);
            assertEquals(kp.accessKey(), u.mainAccessKey());
            assertEquals(kp, c.keyPair(), "the created keypair is returned with its secret");
            assertNotNull(c.keyPair().secretKey());
            assertEquals(kp.accessKey(), Rules.accessKey(kp.accessKey()));
            assertEquals(kp.secretKey(), Rules.secretKey(kp.secretKey()));
            assertTrue(kp.active());
            assertFalse(kp.admin(), "a user's keypair is not an admin keypair");
            assertEquals(KeyPair.DEFAULT_RATE_LIMIT, kp.rateLimit());
            assertEquals(Set.of(w.modelStore("alpha").id()), u.projectIds());
            assertEquals(World.T0.plusSeconds(8), u.createdAt(), "stamped with the service clock");
            // the detail never carries secrets
            assertTrue(c.detail().keyPairs().stream().allMatch(k -> k.secretKey() == null));
            assertEquals(kp.accessKey(), c.detail().keyPairs().get(0).accessKey());
        }

        @Test
        void joinsChosenProjectsByIdOrName() {
            User byName = w.create("n1@alpha.test", "alpha", Role.USER, "research", "secret");
            assertEquals(Set.of(w.modelStore("alpha").id(), w.researchA.id(), w.secretA.id()), byName.projectIds());
            User byId = w.create("n2@alpha.test", "alpha", Role.USER, w.researchA.id());
            assertEquals(Set.of(w.modelStore("alpha").id(), w.researchA.id()), byId.projectIds());
            User modelStoreNamed = w.create("n3@alpha.test", "alpha", Role.USER, ProjectType.MODEL_STORE_NAME);
            assertEquals(Set.of(w.modelStore("alpha").id()), modelStoreNamed.projectIds());
        }

        @Test
        void adminsGetAnAdminKeypair() {
            CreatedUser c = w.createFull(World.newUser("a2@alpha.test", "alpha", Role.ADMIN));
            assertTrue(c.keyPair().admin());
        }

        @Test
        void usernameDefaultsToEmailAndDomainToDefault() {
            CreatedUser c = w.createFull(new NewUser("plain@x.test", null, PASSWORD, null, null, null, null, null,
                    null, null, null, null));
            User u = c.detail().user();
            assertEquals("plain@x.test", u.username());
            assertEquals(Domain.DEFAULT, u.domainName());
            assertEquals(Role.USER, u.role());
            assertEquals(UserStatus.ACTIVE, u.status());
            assertEquals(Set.of(w.modelStore("default").id()), u.projectIds());
        }

        @Test
        void userBeforeVerificationGetsAnInactiveKeypair() {
            CreatedUser c = w.createFull(new NewUser("bv@alpha.test", null, PASSWORD, null, null, "alpha", Role.USER,
                    UserStatus.BEFORE_VERIFICATION, null, null, null, null));
            assertFalse(w.key(c.keyPair().accessKey()).active());
        }

        @Test
        void projectOfAnotherDomainIsRefused() {
            refusedUnchanged(ValidationException.class, "projects",
                    () -> w.svc.createUser(Caller.SYSTEM, World.newUser("x@alpha.test", "alpha", Role.USER,
                            w.opsB.id())));
        }

        @Test
        void failingCreateUserLeavesStoresUnchanged() {
            refusedUnchanged(ValidationException.class, "projects",
                    () -> w.svc.createUser(Caller.SYSTEM, World.newUser("x@alpha.test", "alpha", Role.USER,
                            "research", "no-such-project")));
            refusedUnchanged(NotFoundException.class, null,
                    () -> w.svc.createUser(Caller.SYSTEM, World.newUser("x@alpha.test", "nowhere", Role.USER)));
        }

        @Test
        void failureAfterTheUserIsWrittenRollsEverythingBack() {
            State before = w.f.state();
            int rollbacks = w.f.tx.rollbacks();
            RuntimeException boom = new IllegalStateException("disk full");
            w.f.keyPairs.failWrite(1, boom);
            RuntimeException x = assertThrows(RuntimeException.class,
                    () -> w.svc.createUser(Caller.SYSTEM, World.newUser("x@alpha.test", "alpha", Role.USER)));
            assertSame(boom, x);
            assertTrue(w.f.tx.writes().stream().anyMatch(wr -> wr.table().equals("users")),
                    "the user row had been written before the failure");
            assertEquals("", before.diff(w.f.state()), "no partial write");
            assertEquals(rollbacks + 1, w.f.tx.rollbacks());
        }

        @Test
        void createDomainMakesItsModelStoreProjectInTheSameTransaction() {
            Domain d = w.svc.createDomain(Caller.SYSTEM, new NewDomain("gamma", "G", null, List.of("nfs", "nfs"),
                    null, null));
            assertTrue(d.active());
            assertEquals(List.of("nfs"), d.allowedVfolderHosts());
            Project ms = w.modelStore("gamma");
            assertEquals(ProjectType.MODEL_STORE, ms.type());
            assertEquals(1, w.f.tx.writes().stream().map(Write::tx).distinct().count());
            w.f.tx.clearWrites();
            w.f.projects.failWrite(1, new IllegalStateException("boom"));
            State before = w.f.state();
            assertThrows(IllegalStateException.class, () -> w.svc.createDomain(Caller.SYSTEM,
                    new NewDomain("delta", null, null, null, null, null)));
            assertEquals("", before.diff(w.f.state()));
        }

        @Test
        void invalidSortKeyIsRefused() {
            refused(ValidationException.class, "order_by", () -> w.svc.listUsers(Caller.SYSTEM,
                    new UserQuery(null, null, null, null, null), new PageRequest(0, 10, "password_hash", false)));
            refused(ValidationException.class, "order_by", () -> w.svc.listKeyPairs(Caller.SYSTEM,
                    new KeyPairQuery(null, null, null, null, null), new PageRequest(0, 10, "secret_key", false)));
        }
    }

    @Nested
    class Deactivation {
        @Test
        void deactivatingAUserDeactivatesAllItsKeypairsInOneTransaction() {
            KeyPair k2 = w.addKey(w.carol, true);
            KeyPair k3 = w.addKey(w.carol, true);
            w.f.tx.clearWrites();
            UserDetail d = w.svc.deactivateUser(caller(w.adminA), w.carol.email());
            assertEquals(UserStatus.INACTIVE, d.user().status());
            assertEquals(UserStatus.INACTIVE, w.reload(w.carol).status());
            List<KeyPair> keys = w.keysOf(w.carol);
            assertEquals(3, keys.size());
            assertTrue(keys.stream().noneMatch(KeyPair::active), keys.toString());
            List<Write> writes = w.f.tx.writes();
            Set<String> written = writes.stream().map(Write::key).collect(Collectors.toSet());
            assertTrue(written.containsAll(Set.of(w.carol.id(), w.carol.mainAccessKey(), k2.accessKey(),
                    k3.accessKey())), writes.toString());
            assertEquals(1, writes.stream().map(Write::tx).distinct().count(), writes.toString());
            assertNotEquals(0L, writes.get(0).tx());
            // other users' keypairs are untouched
            assertTrue(w.key(w.alice.mainAccessKey()).active());
        }

        @Test
        void failureDuringTheCascadeRollsBackStatusAndKeypairs() {
            w.addKey(w.carol, true);
            State before = w.f.state();
            w.f.keyPairs.failWrite(2, new IllegalStateException("lost connection"));
            assertThrows(IllegalStateException.class, () -> w.svc.deactivateUser(Caller.SYSTEM, w.carol.email()));
            assertEquals("", before.diff(w.f.state()));
            assertEquals(UserStatus.ACTIVE, w.reload(w.carol).status());
        }

        @Test
        void reactivatingDoesNotReactivateKeypairs() {
            w.addKey(w.carol, true);
            w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
            UserDetail d = w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                    new UserUpdate(null, null, null, null, null, UserStatus.ACTIVE, null, null, null, null));
            assertEquals(UserStatus.ACTIVE, d.user().status());
            assertTrue(w.keysOf(w.carol).stream().noneMatch(KeyPair::active));
            assertTrue(d.keyPairs().stream().noneMatch(KeyPair::active));
        }

        @Test
        void deactivatingAnyNonActiveUserLeavesNoActiveKeypair() {
            // a keypair switched on by hand for a user who is not active must not survive "deactivate"
            CreatedUser c = w.createFull(new NewUser("bv@alpha.test", null, PASSWORD, null, null, "alpha", Role.USER,
                    UserStatus.BEFORE_VERIFICATION, null, null, null, null));
            w.setActive(c.keyPair().accessKey(), true);
            w.svc.deactivateUser(Caller.SYSTEM, "bv@alpha.test");
            assertFalse(w.key(c.keyPair().accessKey()).active());

            w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
            w.setActive(w.carol.mainAccessKey(), true);
            w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
            assertFalse(w.key(w.carol.mainAccessKey()).active());
        }

        @Test
        void statusUpdateToBeforeVerificationAlsoCascades() {
            w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                    new UserUpdate(null, null, null, null, null, UserStatus.BEFORE_VERIFICATION, null, null, null,
                            null));
            assertTrue(w.keysOf(w.carol).stream().noneMatch(KeyPair::active));
        }

        @Test
        void nobodyDeactivatesThemselves() {
            refusedUnchanged(ConflictException.class, "status",
                    () -> w.svc.deactivateUser(caller(w.adminA), w.adminA.email()));
            refusedUnchanged(ConflictException.class, "status",
                    () -> w.svc.deactivateUser(caller(w.superadmin), w.superadmin.email()));
            refusedUnchanged(ConflictException.class, "status", () -> w.svc.updateUser(caller(w.superadmin),
                    w.superadmin.email(), new UserUpdate(null, null, null, null, null, UserStatus.BEFORE_VERIFICATION,
                            null, null, null, null)));
        }

        @Test
        void activeKeypairCannotBeAddedToAnInactiveUser() {
            w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
            refusedUnchanged(ConflictException.class, "active",
                    () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, null, null)));
            KeyPair k = w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.carol.email(), null, null, false, null, null, null));
            assertFalse(k.active());
        }
    }

    @Nested
    class UserUpdates {
        @Test
        void emailNeverChangesAndFieldsUpdate() {
            UserDetail d = w.svc.updateUser(caller(w.adminA), w.carol.email(), new UserUpdate("caz", "Carol C",
                    "desc", null, null, null, Set.of("secret"), true, true, null));
            User u = w.reload(w.carol);
            assertEquals(w.carol.email(), u.email());
            assertEquals("caz", u.username());
            assertEquals("Carol C", u.fullName());
            assertTrue(u.needPasswordChange());
            assertTrue(u.sudoSessionEnabled());
            assertEquals(Set.of(w.secretA.id(), w.modelStore("alpha").id()), u.projectIds(),
                    "the model-store membership stays");
            assertEquals(d.user(), u);
            assertEquals(List.of("model-store", "secret"), d.projects().stream().map(Project::name).toList());
        }

        @Test
        void domainAdminGrantsOnlyUserAndAdmin() {
            assertEquals(Role.ADMIN, w.svc.updateUser(caller(w.adminA), w.carol.email(),
                    new UserUpdate(null, null, null, null, Role.ADMIN, null, null, null, null, null)).user().role());
            for (Role r : List.of(Role.SUPERADMIN, Role.MONITOR)) {
                refusedUnchanged(ForbiddenException.class, null, () -> w.svc.updateUser(caller(w.adminA),
                        w.alice.email(), new UserUpdate(null, null, null, null, r, null, null, null, null, null)));
            }
            assertEquals(Role.MONITOR, w.svc.updateUser(caller(w.superadmin), w.alice.email(),
                    new UserUpdate(null, null, null, null, Role.MONITOR, null, null, null, null, null)).user().role());
        }

        @Test
        void nobodyChangesTheirOwnRole() {
            refusedUnchanged(ConflictException.class, "role", () -> w.svc.updateUser(caller(w.superadmin),
                    w.superadmin.email(), new UserUpdate(null, null, null, null, Role.USER, null, null, null, null,
                            null)));
        }

        @Test
        void domainAdminMayNotManageSuperadminsOrMonitorsOfItsDomain() {
            User sa = w.create("sa@alpha.test", "alpha", Role.SUPERADMIN);
            User mon = w.create("mon@alpha.test", "alpha", Role.MONITOR);
            for (User target : List.of(sa, mon)) {
                refusedUnchanged(ForbiddenException.class, null,
                        () -> w.svc.deactivateUser(caller(w.adminA), target.email()));
                refusedUnchanged(ForbiddenException.class, null, () -> w.svc.createKeyPair(caller(w.adminA),
                        keyFor(target, null, null)));
            }
            // but may view them (same domain)
            assertEquals(sa.email(), w.svc.getUser(caller(w.adminA), sa.email()).user().email());
        }

        @Test
        void changeOwnPassword() {
            Caller me = caller(w.carol);
            w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                    new UserUpdate(null, null, null, null, null, null, null, true, null, null));
            refusedUnchanged(ForbiddenException.class, null, () -> w.svc.changeOwnPassword(me, "wrong-1!x", "n3w-pass!"));
            refusedUnchanged(ValidationException.class, "password",
                    () -> w.svc.changeOwnPassword(me, PASSWORD, "weak"));
            w.svc.changeOwnPassword(me, PASSWORD, "n3w-pass!");
            User u = w.reload(w.carol);
            assertTrue(w.hasher.verify("n3w-pass!", u.passwordHash()));
            assertFalse(w.hasher.verify(PASSWORD, u.passwordHash()));
            assertFalse(u.needPasswordChange(), "changing the password clears the notice flag");
            assertThrows(ForbiddenException.class, () -> w.svc.changeOwnPassword(Caller.SYSTEM, "x", "n3w-pass!"));
        }

        @Test
        void detailShowsDomainProjectsAndRedactedKeypairs() {
            w.addKey(w.alice, true);
            UserDetail d = w.svc.getUser(caller(w.alice), "ALICE@alpha.test");
            assertEquals("alpha", d.domain().name());
            assertEquals(List.of("model-store", "research"), d.projects().stream().map(Project::name).toList());
            assertEquals(2, d.keyPairs().size());
            assertTrue(d.keyPairs().stream().allMatch(k -> k.secretKey() == null));
            assertEquals(w.alice.mainAccessKey(), d.keyPairs().get(0).accessKey(), "oldest first");
        }

        @Test
        void unknownThingsAreNotFound() {
            assertThrows(NotFoundException.class, () -> w.svc.getUser(Caller.SYSTEM, "nobody@alpha.test"));
            assertThrows(NotFoundException.class, () -> w.svc.getDomain(Caller.SYSTEM, "nowhere"));
            assertThrows(NotFoundException.class, () -> w.svc.getProject(Caller.SYSTEM, "no-such-id"));
            assertThrows(NotFoundException.class, () -> w.svc.getKeyPair(Caller.SYSTEM, AK));
            assertThrows(NotFoundException.class, () -> w.svc.deleteKeyPair(Caller.SYSTEM, AK));
            refusedUnchanged(NotFoundException.class, null,
                    () -> w.svc.createProject(Caller.SYSTEM, World.newProject("nowhere", "p")));
            refusedUnchanged(NotFoundException.class, null, () -> w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair("nobody@alpha.test", null, null, null, null, null, null)));
        }

        @Test
        void domainsAndProjectsUpdate() {
            w.projectPolicy("gpu-policy");
            w.clock.advance(Duration.ofMinutes(1));
            Domain d = w.svc.updateDomain(Caller.SYSTEM, "beta",
                    new DomainUpdate("B!", false, null, List.of("reg"), null));
            assertFalse(d.active());
            assertEquals("B!", d.description());
            assertEquals(List.of("reg"), d.allowedDockerRegistries());
            assertEquals(w.clock.instant(), d.modifiedAt());
            assertEquals(d, w.f.domains.find("beta").orElseThrow());
            Project p = w.svc.updateProject(caller(w.adminA), w.researchA.id(),
                    new ProjectUpdate(null, false, List.of("nfs"), null, "gpu-policy", null));
            assertFalse(p.active());
            assertEquals("gpu-policy", p.resourcePolicy());
            assertEquals(w.researchA.name(), p.name());
            assertEquals(p, w.f.projects.find(p.id()).orElseThrow());
        }
    }

    @Nested
    class KeyPairDeletion {
        private final List<String> sessionsOf = new java.util.ArrayList<>();
        private final KeyPairReferences sessions = ak -> sessionsOf.contains(ak)
                ? List.of("2 sessions were created with it") : List.of();

        @Test
        void keypairWithSessionsIsNotDeleted() {
            w.svc.addReferences(sessions);
            KeyPair k = w.addKey(w.carol, true);
            sessionsOf.add(k.accessKey());
            ConflictException x = refusedUnchanged(ConflictException.class, "access_key",
                    () -> w.svc.deleteKeyPair(Caller.SYSTEM, k.accessKey()));
            assertEquals(409, x.status());
            assertTrue(x.getMessage().contains("2 sessions were created with it"), x.getMessage());
            assertTrue(w.f.keyPairs.find(k.accessKey()).isPresent());
            // all reasons of all registered references are given
            w.svc.addReferences(ak -> List.of("an image was pushed with it"));
            ConflictException y = assertThrows(ConflictException.class,
                    () -> w.svc.deleteKeyPair(Caller.SYSTEM, k.accessKey()));
            assertTrue(y.getMessage().contains("2 sessions") && y.getMessage().contains("an image"), y.getMessage());
        }

        @Test
        void referencesCanBeRemoved() {
            w.svc.addReferences(sessions);
            KeyPair k = w.addKey(w.carol, true);
            sessionsOf.add(k.accessKey());
            assertThrows(ConflictException.class, () -> w.svc.deleteKeyPair(Caller.SYSTEM, k.accessKey()));
            w.svc.removeReferences(sessions);
            w.svc.deleteKeyPair(Caller.SYSTEM, k.accessKey());
            assertTrue(w.f.keyPairs.find(k.accessKey()).isEmpty());
        }

        @Test
        void unreferencedKeypairIsDeletedAndMainStays() {
            w.svc.addReferences(sessions);
            KeyPair k = w.addKey(w.carol, true);
            w.svc.deleteKeyPair(caller(w.adminA), k.accessKey());
            assertTrue(w.f.keyPairs.find(k.accessKey()).isEmpty());
            assertEquals(w.carol.mainAccessKey(), w.reload(w.carol).mainAccessKey());
        }

        @Test
        void deletingTheMainKeyPromotesTheOldestOtherActiveKeypair() {
            KeyPair inactive = w.addKey(w.carol, false);
            KeyPair older = w.addKey(w.carol, true);
            w.addKey(w.carol, true);
            assertTrue(older.createdAt().isAfter(inactive.createdAt()));
            w.svc.deleteKeyPair(Caller.SYSTEM, w.carol.mainAccessKey());
            assertEquals(older.accessKey(), w.reload(w.carol).mainAccessKey());
        }

        @Test
        void deletingTheOnlyActiveKeyLeavesNoMainKey() {
            KeyPair inactive = w.addKey(w.carol, false);
            w.svc.deleteKeyPair(Caller.SYSTEM, w.carol.mainAccessKey());
            User u = w.reload(w.carol);
            assertNull(u.mainAccessKey());
            assertTrue(w.f.keyPairs.find(inactive.accessKey()).isPresent());
            // the next keypair added becomes the main one
            KeyPair next = w.addKey(w.carol, true);
            assertEquals(next.accessKey(), w.reload(w.carol).mainAccessKey());
        }
    }

    @Nested
    class ExplicitKeys {
        @Test
        void explicitKeysAreStoredAsGiven() {
            KeyPair k = w.svc.createKeyPair(caller(w.adminA), keyFor(w.carol, AK, SK));
            assertEquals(AK, k.accessKey());
            assertEquals(SK, k.secretKey(), "the secret is shown at creation");
            assertEquals(SK, w.key(AK).secretKey());
            assertEquals(w.carol.id(), w.key(AK).userId());
        }

        @Test
        void accessKeyAloneGetsAGeneratedSecret() {
            KeyPair k = w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, AK, null));
            assertEquals(AK, k.accessKey());
            assertEquals(k.secretKey(), Rules.secretKey(k.secretKey()));
        }

        @Test
        void malformedKeysAreRefused() {
            for (String bad : List.of("AK123", "ak" + AK.substring(2), AK + "0", "AKtestkey00000000001")) {
                refusedUnchanged(ValidationException.class, "access_key",
                        () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, bad, SK)));
            }
            for (String bad : List.of(SK.substring(1), SK + "a", SK.substring(1) + "-")) {
                refusedUnchanged(ValidationException.class, "secret_key",
                        () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, AK, bad)));
            }
        }

        @Test
        void secretWithoutAccessKeyIsRefused() {
            ValidationException x = refusedUnchanged(ValidationException.class, "secret_key",
                    () -> w.svc.createKeyPair(Caller.SYSTEM, keyFor(w.carol, null, SK)));
            assertTrue(x.getMessage().contains("access_key"), x.getMessage());
        }
    }

    @Nested
    class RateLimitsAndAdminFlag {
        private NewKeyPair withRate(Integer rate) {
            return new NewKeyPair(w.carol.email(), null, null, null, null, null, rate);
        }

        @Test
        void rateLimitBoundsOnCreate() {
            assertEquals(1, w.svc.createKeyPair(Caller.SYSTEM, withRate(1)).rateLimit());
            assertEquals(KeyPair.MAX_RATE_LIMIT,
                    w.svc.createKeyPair(Caller.SYSTEM, withRate(KeyPair.MAX_RATE_LIMIT)).rateLimit());
            for (int bad : new int[] {0, -5, KeyPair.MAX_RATE_LIMIT + 1}) {
                refusedUnchanged(ValidationException.class, "rate_limit",
                        () -> w.svc.createKeyPair(Caller.SYSTEM, withRate(bad)));
            }
        }

        @Test
        void rateLimitBoundsOnUpdate() {
            String ak = w.carol.mainAccessKey();
            assertEquals(7, w.svc.updateKeyPair(Caller.SYSTEM, ak, new KeyPairUpdate(null, null, null, 7)).rateLimit());
            assertEquals(7, w.key(ak).rateLimit());
            for (int bad : new int[] {0, KeyPair.MAX_RATE_LIMIT + 1}) {
                refusedUnchanged(ValidationException.class, "rate_limit",
                        () -> w.svc.updateKeyPair(Caller.SYSTEM, ak, new KeyPairUpdate(null, null, null, bad)));
            }
        }

        @Test
        void userKeypairsCannotBeAdminKeypairs() {
            refusedUnchanged(ValidationException.class, "is_admin", () -> w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.carol.email(), null, null, null, true, null, null)));
            refusedUnchanged(ValidationException.class, "is_admin", () -> w.svc.updateKeyPair(Caller.SYSTEM,
                    w.carol.mainAccessKey(), new KeyPairUpdate(null, true, null, null)));
            assertFalse(w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.carol.email(), null, null, null, null, null, null)).admin());
        }

        @Test
        void adminKeypairsForAdminsByDefaultAndOnRequest() {
            w.keyPairPolicy("small");
            assertTrue(w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.adminA.email(), null, null, null, null, null, null)).admin());
            assertFalse(w.svc.createKeyPair(Caller.SYSTEM,
                    new NewKeyPair(w.adminA.email(), null, null, null, false, null, null)).admin());
            KeyPair k = w.svc.updateKeyPair(Caller.SYSTEM, w.adminA.mainAccessKey(),
                    new KeyPairUpdate(false, false, "small", null));
            assertFalse(k.admin());
            assertFalse(k.active());
            assertEquals("small", k.resourcePolicy());
            assertNull(k.secretKey(), "updates return the keypair without its secret");
            assertNotNull(w.key(w.adminA.mainAccessKey()).secretKey(), "the stored secret is kept");
        }
    }
}
