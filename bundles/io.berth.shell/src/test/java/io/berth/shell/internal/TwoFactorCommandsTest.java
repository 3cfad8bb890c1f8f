package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserStatus;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** berth:2fa-status, berth:2fa-disable, and the second factors in user-show and user-list. */
class TwoFactorCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeTwoFactorService twoFactor = new FakeTwoFactorService(identity);

    TwoFactorCommandsTest() {
        for (String email : List.of("alice@example.com", "bob@example.com")) {
            identity.createUser(Caller.SYSTEM, new NewUser(email, null, "s3cret!pw", null, null, null, Role.USER,
                    UserStatus.ACTIVE, null, null, null, null));
        }
    }

    private Run run(TwoFactorCommand command) throws Exception {
        command.twoFactor = twoFactor;
        return Run.of(command, identity);
    }

    private TwoFactorStatusCommand status(String email) {
        TwoFactorStatusCommand c = new TwoFactorStatusCommand();
        c.email = email;
        return c;
    }

    private TwoFactorDisableCommand disable(String factor, String email) {
        TwoFactorDisableCommand c = new TwoFactorDisableCommand();
        c.factor = factor;
        c.email = email;
        return c;
    }

    private List<List<Object>> calls(String what) {
        return twoFactor.calls.stream().filter(c -> c.get(0).equals(what)).toList();
    }

    /** Karaf's own parser over a command's annotations; the session is never consulted. */
    private static void parse(Action action, String... words) throws Exception {
        Session session = (Session) Proxy.newProxyInstance(TwoFactorCommandsTest.class.getClassLoader(),
                new Class<?>[] {Session.class}, (p, m, a) -> {
                    throw new AssertionError("the parser asked the session: " + m.getName());
                });
        new DefaultActionPreparator().prepare(action, session, List.of((Object[]) words));
    }

    // ---- berth:2fa-status ----

    @Test
    void statusSaysWhenNoFactorIsInstalled() throws Exception {
        Run run = run(status("alice@example.com"));
        assertEquals("", run.err());
        assertEquals("User alice@example.com: no second factor is installed.\n", run.out());
    }

    @Test
    void statusListsEveryInstalledFactorAndWhetherItIsActive() throws Exception {
        twoFactor.install("webauthn", "totp");
        twoFactor.activate("alice@example.com", "totp");
        Run run = run(status("alice@example.com"));
        assertEquals("", run.err());
        assertEquals("Second factors of alice@example.com:\n  totp: active\n  webauthn: inactive\n", run.out());
        assertEquals(List.of(List.of("status", Caller.SYSTEM, "alice@example.com")), calls("status"),
                "the shell asks as the superadmin operator");
    }

    @Test
    void statusOfAnUnknownUserIsOneErrorLine() throws Exception {
        twoFactor.install("totp");
        Run run = run(status("nobody@example.com"));
        assertEquals("Error: no user with email 'nobody@example.com'\n", run.err());
        assertEquals("", run.out());
    }

    // ---- berth:2fa-disable ----

    @Test
    void disableWithFactorDisablesThatFactor() throws Exception {
        twoFactor.install("totp", "webauthn");
        twoFactor.activate("alice@example.com", "totp");
        twoFactor.activate("alice@example.com", "webauthn");
        Run run = run(disable("totp", "alice@example.com"));
        assertEquals("", run.err());
        assertEquals("Second factor totp of alice@example.com disabled.\n", run.out());
        assertEquals(List.of(List.of("disable", Caller.SYSTEM, "alice@example.com", "totp")), calls("disable"));
        assertEquals(Set.of("webauthn"), twoFactor.activeOf("alice@example.com"), "the other factor stays");
    }

    @Test
    void disableWithoutFactorDisablesEveryActiveOne() throws Exception {
        twoFactor.install("totp", "webauthn", "yubikey");
        twoFactor.activate("alice@example.com", "totp");
        twoFactor.activate("alice@example.com", "yubikey");
        twoFactor.activate("bob@example.com", "totp");
        Run run = run(disable(null, "alice@example.com"));
        assertEquals("", run.err());
        assertEquals("Second factor totp of alice@example.com disabled.\n"
                + "Second factor yubikey of alice@example.com disabled.\n", run.out());
        assertEquals(List.of(List.of("disable", Caller.SYSTEM, "alice@example.com", "totp"),
                List.of("disable", Caller.SYSTEM, "alice@example.com", "yubikey")), calls("disable"),
                "only the active factors, not the inactive webauthn");
        assertTrue(twoFactor.activeOf("alice@example.com").isEmpty());
        assertEquals(Set.of("totp"), twoFactor.activeOf("bob@example.com"), "other users keep theirs");
    }

    @Test
    void disableWithoutAnActiveFactorDoesNothing() throws Exception {
        twoFactor.install("totp");
        Run run = run(disable(null, "alice@example.com"));
        assertEquals("User alice@example.com has no active second factor; nothing to disable.\n", run.out());
        assertEquals(List.of(), calls("disable"));

        FakeTwoFactorService none = new FakeTwoFactorService(identity);
        TwoFactorDisableCommand all = disable(null, "alice@example.com");
        all.twoFactor = none;
        Run nothing = Run.of(all, identity);
        assertEquals("User alice@example.com: no second factor is installed; nothing to disable.\n", nothing.out());
        assertTrue(none.calls.stream().noneMatch(c -> c.get(0).equals("disable")));
    }

    @Test
    void disablingAFactorThatIsNotInstalledIsOneErrorLine() throws Exception {
        twoFactor.install("totp");
        Run run = run(disable("sms", "alice@example.com"));
        assertEquals("Error: no second factor named 'sms' is installed\n", run.err());
        assertEquals("", run.out());
        Run unknownUser = run(disable(null, "nobody@example.com"));
        assertEquals("Error: no user with email 'nobody@example.com'\n", unknownUser.err());
    }

    // ---- arguments (Karaf: options before arguments) ----

    @Test
    void disableTakesTheFactorOptionBeforeTheEmail() throws Exception {
        TwoFactorDisableCommand one = new TwoFactorDisableCommand();
        parse(one, "--factor", "totp", "alice@example.com");
        assertEquals("totp", one.factor);
        assertEquals("alice@example.com", one.email);

        TwoFactorDisableCommand all = new TwoFactorDisableCommand();
        parse(all, "alice@example.com");
        assertNull(all.factor, "without --factor every active factor is disabled");
        assertEquals("alice@example.com", all.email);

        CommandException late = assertThrows(CommandException.class,
                () -> parse(new TwoFactorDisableCommand(), "alice@example.com", "--factor", "totp"));
        assertTrue(late.getMessage().contains("Too many arguments"), late.getMessage());
        CommandException missing = assertThrows(CommandException.class, () -> parse(new TwoFactorDisableCommand()));
        assertTrue(missing.getMessage().contains("email"), missing.getMessage());
    }

    @Test
    void statusTakesExactlyTheEmail() throws Exception {
        TwoFactorStatusCommand c = new TwoFactorStatusCommand();
        parse(c, "alice@example.com");
        assertEquals("alice@example.com", c.email);
        assertThrows(CommandException.class, () -> parse(new TwoFactorStatusCommand()));
        assertThrows(CommandException.class, () -> parse(new TwoFactorStatusCommand(), "--factor", "totp", "a@b"));
    }

    /** Every {@code @Command} class of the shell bundle, read from its class folder. */
    private static List<Class<?>> commandClasses() throws URISyntaxException, ClassNotFoundException {
        File dir = new File(new File(BerthCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                BerthCommand.class.getPackageName().replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        for (String name : dir.list()) {
            if (name.endsWith(".class") && !name.contains("$")) {
                Class<?> c = Class.forName(BerthCommand.class.getPackageName() + "." + name.replace(".class", ""));
                if (c.isAnnotationPresent(Command.class)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    void theShellOffersOnlyStatusAndDisableForSecondFactors() throws Exception {
        List<Class<?>> commands = commandClasses();
        assertTrue(commands.size() > 30, commands::toString);
        Set<String> twoFactorCommands = new TreeSet<>();
        for (Class<?> c : commands) {
            Command cmd = c.getAnnotation(Command.class);
            assertEquals("berth", cmd.scope(), c::getName);
            String name = cmd.name();
            if (name.contains("2fa") || name.contains("factor") || name.contains("otp") || name.contains("enrol")) {
                twoFactorCommands.add(name);
            }
        }
        assertEquals(Set.of("2fa-status", "2fa-disable"), twoFactorCommands,
                "an administrator never enrols or activates another user's factor");

        Field email = TwoFactorDisableCommand.class.getDeclaredField("email");
        assertTrue(email.getAnnotation(Argument.class).required());
        Option factor = TwoFactorDisableCommand.class.getDeclaredField("factor").getAnnotation(Option.class);
        assertEquals("--factor", factor.name());
        assertFalse(factor.required());
    }

    // ---- user-show and user-list ----

    private Run show(String email, FakeTwoFactorService service) throws Exception {
        UserShowCommand show = new UserShowCommand();
        show.email = email;
        show.twoFactor = service;
        return Run.of(show, identity);
    }

    @Test
    void userShowPrintsTheSecondFactorsWhenAnyIsInstalled() throws Exception {
        twoFactor.install("totp", "webauthn");
        twoFactor.activate("alice@example.com", "totp");
        Run run = show("alice@example.com", twoFactor);
        assertEquals("", run.err());
        assertTrue(run.out().lines().anyMatch("Second factors: totp (active), webauthn (inactive)"::equals),
                run.out());
        assertTrue(run.out().contains("Keypairs (1):"), run.out());
        assertEquals(List.of(List.of("status", Caller.SYSTEM, "alice@example.com")), calls("status"));
    }

    @Test
    void userShowLeavesSecondFactorsOutWhenNoneIsInstalledOrWithoutTheService() throws Exception {
        Run none = show("alice@example.com", twoFactor);
        assertEquals("", none.err());
        assertFalse(none.out().contains("Second factor"), none.out());
        assertTrue(none.out().contains("Email:"), none.out());

        Run without = show("alice@example.com", null);
        assertEquals("", without.err());
        assertFalse(without.out().contains("Second factor"), without.out());
    }

    private Run list(FakeTwoFactorService service) throws Exception {
        UserListCommand list = new UserListCommand();
        list.twoFactor = service;
        return Run.of(list, identity);
    }

    private static List<String> row(Run run, String email) {
        String line = run.out().lines().filter(l -> l.startsWith(email)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + email + ": " + run.out()));
        return List.of(line.split("\\s*\\|\\s*"));
    }

    @Test
    void userListShowsA2faColumnWhenAFactorIsInstalled() throws Exception {
        twoFactor.install("totp", "webauthn");
        twoFactor.activate("alice@example.com", "totp");
        twoFactor.activate("alice@example.com", "webauthn");
        Run run = list(twoFactor);
        assertEquals("", run.err());
        List<String> header = List.of(run.out().lines().findFirst().orElseThrow().trim().split("\\s*\\|\\s*"));
        assertEquals("2FA", header.get(header.size() - 1), run.out());
        assertEquals("totp,webauthn", row(run, "alice@example.com").get(header.size() - 1).trim(), run.out());
        assertEquals("-", row(run, "bob@example.com").get(header.size() - 1).trim(), run.out());
        for (String line : run.out().split("\n")) {
            assertTrue(line.length() <= 120, line);
        }
        List<String> ids = List.of(identity.users.get("alice@example.com").id(),
                identity.users.get("bob@example.com").id());
        assertEquals(List.of(List.of("activeFactors", ids)), calls("activeFactors"), "one call for the page");
        assertEquals(List.of(), calls("status"), "no call per user");
    }

    @Test
    void userListHasNo2faColumnWithoutAnInstalledFactor() throws Exception {
        twoFactor.activate("alice@example.com", "totp"); // state of an uninstalled factor stays hidden
        Run run = list(twoFactor);
        assertFalse(run.out().contains("2FA"), run.out());
        assertFalse(run.out().contains("totp"), run.out());
        assertEquals(List.of(), calls("activeFactors"));
        Run without = list(null);
        assertFalse(without.out().contains("2FA"), without.out());
        assertTrue(without.out().contains("2 of 2 users (offset 0)"), without.out());
    }

    // ---- completion ----

    @Test
    void theFactorOptionCompletesInstalledFactors() {
        twoFactor.install("totp", "webauthn");
        SecondFactorCompleter completer = new SecondFactorCompleter();
        completer.twoFactor = twoFactor;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new org.apache.karaf.shell.api.console.CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 2;
            }

            @Override
            public String getCursorArgument() {
                return "t";
            }

            @Override
            public int getArgumentPosition() {
                return 1;
            }

            @Override
            public String[] getArguments() {
                return new String[] {"berth:2fa-disable", "--factor", "t"};
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return "berth:2fa-disable --factor t";
            }
        }, candidates);
        assertEquals(List.of("totp"), candidates.stream().map(String::trim).toList());
    }
}
