package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();

    private void user(String email, UserStatus status) {
        identity.createUser(Caller.SYSTEM, new NewUser(email, null, "s3cret!pw", null, null, null, Role.USER, status,
                null, null, null, null));
    }

    @Test
    void listShowsActiveUsersWithFooter() throws Exception {
        user("alice@example.com", UserStatus.ACTIVE);
        user("bob@example.com", UserStatus.ACTIVE);
        user("carol@example.com", UserStatus.INACTIVE);

        Run run = Run.of(new UserListCommand(), identity);

        assertNull(run.result());
        assertEquals("", run.err());
        assertTrue(run.out().contains("alice@example.com"), run.out());
        assertTrue(run.out().contains("bob@example.com"), run.out());
        assertFalse(run.out().contains("carol@example.com"), run.out());
        assertTrue(run.out().contains("2 of 2 users (offset 0)"), run.out());
        assertEquals(Set.of(UserStatus.ACTIVE), identity.lastUserQuery.statuses());
        assertTrue(identity.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void listPassesFiltersPagingAndTheInactiveView() throws Exception {
        for (int i = 0; i < 5; i++) {
            user("old" + i + "@example.com", UserStatus.INACTIVE);
        }
        UserListCommand list = new UserListCommand();
        list.inactive = true;
        list.email = "old";
        list.limit = 2;
        list.offset = 2;
        list.orderBy = "email";
        list.descending = true;

        Run run = Run.of(list, identity);

        assertEquals(EnumSet.of(UserStatus.INACTIVE, UserStatus.BEFORE_VERIFICATION), identity.lastUserQuery.statuses());
        assertEquals("old", identity.lastUserQuery.email());
        assertEquals("email", identity.lastPage.orderBy());
        assertTrue(identity.lastPage.descending());
        assertTrue(run.out().contains("old2@example.com"), run.out());
        assertTrue(run.out().contains("2 of 5 users (offset 2)"), run.out());
    }

    @Test
    void listRejectsConflictingViewsAndBadStatus() throws Exception {
        UserListCommand both = new UserListCommand();
        both.inactive = true;
        both.all = true;
        assertEquals("Error: give only one of --inactive, --status and --all (field: status)\n",
                Run.of(both, identity).err());

        UserListCommand bad = new UserListCommand();
        bad.statuses = List.of("sleeping");
        Run run = Run.of(bad, identity);
        assertEquals("Error: status must be one of: active, inactive, before-verification (field: status)\n",
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void listRejectsALimitOutOfRange() throws Exception {
        UserListCommand list = new UserListCommand();
        list.limit = 501;
        assertEquals("Error: limit must be between 1 and 500 (field: limit)\n", Run.of(list, identity).err());
    }

    @Test
    void listCutsLongValuesToTheColumnWidth() throws Exception {
        String longEmail = "a-very-long-mailbox-name-indeed@example.com";
        user(longEmail, UserStatus.ACTIVE);
        Run run = Run.of(new UserListCommand(), identity);
        assertFalse(run.out().contains(longEmail), run.out());
        assertTrue(run.out().contains(longEmail.substring(0, 29) + "\u2026"), run.out());
        for (String line : run.out().split("\n")) {
            assertTrue(line.length() <= 120, line);
        }
    }

    @Test
    void createPrintsTheSecretOnceAndResolvesDomainSlashNameProjects() throws Exception {
        String projectId = identity.createProject(Caller.SYSTEM,
                new NewProject("default", "research", null, null, List.of(), List.of(), null, null)).id();
        UserCreateCommand create = new UserCreateCommand();
        create.email = "dave@example.com";
        create.password = "s3cret!pw";
        create.role = "admin";
        create.projects = List.of("default/research");
        create.sudo = true;

        Run run = Run.of(create, identity);

        assertEquals("", run.err());
        String secret = identity.keyPairs.values().iterator().next().secretKey();
        assertTrue(run.out().contains("Secret key: " + secret), run.out());
        assertEquals(run.out().indexOf(secret), run.out().lastIndexOf(secret), "secret printed once");
        assertTrue(run.out().contains("Role:"), run.out());
        assertTrue(run.out().contains("model-store, research"), run.out());
        assertTrue(identity.users.get("dave@example.com").projectIds().contains(projectId));
        assertTrue(identity.users.get("dave@example.com").sudoSessionEnabled());
    }

    @Test
    void createReportsConflictsAndBadRolesOnOneLine() throws Exception {
        user("erin@example.com", UserStatus.ACTIVE);
        UserCreateCommand dup = new UserCreateCommand();
        dup.email = "erin@example.com";
        dup.password = "s3cret!pw";
        Run run = Run.of(dup, identity);
        assertNull(run.result());
        assertEquals("Error: a user with email 'erin@example.com' already exists (field: email)\n", run.err());
        assertEquals("", run.out());

        UserCreateCommand badRole = new UserCreateCommand();
        badRole.email = "frank@example.com";
        badRole.password = "s3cret!pw";
        badRole.role = "root";
        assertEquals("Error: role must be one of: superadmin, admin, user, monitor (field: role)\n",
                Run.of(badRole, identity).err());
        assertFalse(identity.users.containsKey("frank@example.com"));
    }

    @Test
    void createWithoutPasswordOrConsoleFails() throws Exception {
        UserCreateCommand create = new UserCreateCommand();
        create.email = "gina@example.com";
        assertEquals("Error: a password is required: give --password (field: password)\n",
                Run.of(create, identity).err());
    }

    @Test
    void showNeverPrintsSecrets() throws Exception {
        user("hank@example.com", UserStatus.ACTIVE);
        UserShowCommand show = new UserShowCommand();
        show.email = "hank@example.com";
        Run run = Run.of(show, identity);
        String ak = identity.users.get("hank@example.com").mainAccessKey();
        assertTrue(run.out().contains("Main access key:      " + ak), run.out());
        assertFalse(run.out().contains(identity.keyPairs.get(ak).secretKey()), run.out());
        assertTrue(run.out().contains("Keypairs (1):"), run.out());
    }

    @Test
    void showOfAMissingUserIsOneErrorLine() throws Exception {
        UserShowCommand show = new UserShowCommand();
        show.email = "nobody@example.com";
        Run run = Run.of(show, identity);
        assertEquals("Error: no user with email 'nobody@example.com'\n", run.err());
    }

    @Test
    void deactivateThenActivateLeavesKeypairsInactive() throws Exception {
        user("ivan@example.com", UserStatus.ACTIVE);
        String ak = identity.users.get("ivan@example.com").mainAccessKey();
        UserDeactivateCommand deactivate = new UserDeactivateCommand();
        deactivate.email = "ivan@example.com";
        Run off = Run.of(deactivate, identity);
        assertTrue(off.out().contains("User ivan@example.com is inactive."), off.out());
        assertTrue(off.out().contains("1 keypair(s) of the user were deactivated"), off.out());

        UserActivateCommand activate = new UserActivateCommand();
        activate.email = "ivan@example.com";
        Run on = Run.of(activate, identity);
        assertTrue(on.out().contains("User ivan@example.com is active."), on.out());
        assertTrue(on.out().contains("keypairs stay inactive") && on.out().contains(ak), on.out());
        assertFalse(identity.keyPairs.get(ak).active());
    }

    @Test
    void updateNeedsAnOptionAndParsesBooleans() throws Exception {
        user("judy@example.com", UserStatus.ACTIVE);
        UserUpdateCommand none = new UserUpdateCommand();
        none.email = "judy@example.com";
        assertEquals("Error: nothing to change: give at least one option (see --help)\n", Run.of(none, identity).err());

        UserUpdateCommand bad = new UserUpdateCommand();
        bad.email = "judy@example.com";
        bad.sudo = "maybe";
        assertEquals("Error: sudo_session_enabled must be true or false (field: sudo_session_enabled)\n",
                Run.of(bad, identity).err());

        UserUpdateCommand ok = new UserUpdateCommand();
        ok.email = "judy@example.com";
        ok.needPasswordChange = "yes";
        ok.fullName = "Judy J";
        Run run = Run.of(ok, identity);
        assertEquals("", run.err());
        assertTrue(run.out().contains("Notice: the user is asked to change the password."), run.out());
        assertTrue(identity.users.get("judy@example.com").needPasswordChange());
        assertEquals("Judy J", identity.users.get("judy@example.com").fullName());
    }
}
