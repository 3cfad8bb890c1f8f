package io.berth.core.internal;

import static io.berth.core.internal.World.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.testing.FakeSecondFactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** SPEC T1/T2: enrolment, activation, status and disabling of second factors. */
class TwoFactorServiceImplTest {
    private final World w = new World();
    private final FakeSecondFactor totp = w.install("totp");

    private static Caller as(User u) {
        return World.caller(u);
    }

    private static <X extends BerthException> X refused(Class<X> type, int status, Executable call) {
        X x = assertThrows(type, call);
        assertEquals(status, x.status());
        return x;
    }

    /** Enrols and activates the factor for {@code u} through the service, as the user would. */
    private void enable(FakeSecondFactor f, User u) {
        w.twoFactor.enrol(as(u), f.name());
        w.twoFactor.activate(as(u), f.name(), f.code(u.id()));
    }

    // ------------------------------------------------------------ installed factors and status

    @Test
    void installedFactorsAreSorted() {
        w.install("webauthn");
        w.install("hotp");
        assertEquals(List.of("hotp", "totp", "webauthn"), w.twoFactor.installedFactors());
        w.uninstall(totp);
        assertEquals(List.of("hotp", "webauthn"), w.twoFactor.installedFactors());
    }

    @Test
    void noFactorInstalledMeansEmptyStatusAndNotFound() {
        w.uninstall(totp);
        assertEquals(List.of(), w.twoFactor.installedFactors());
        assertEquals(Map.of(), w.twoFactor.status(as(w.carol), w.carol.email()));
        assertEquals(Map.of(), w.twoFactor.activeFactors(List.of(w.carol.id())));
        NotFoundException x = refused(NotFoundException.class, 404, () -> w.twoFactor.enrol(as(w.carol), "totp"));
        assertTrue(x.getMessage().contains("totp"), x.getMessage());
    }

    @Test
    void statusListsEveryInstalledFactorInOrder() {
        FakeSecondFactor hotp = w.install("hotp");
        hotp.activateFor(w.carol.id());
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("hotp", true);
        expected.put("totp", false);
        Map<String, Boolean> status = w.twoFactor.status(as(w.carol), w.carol.email());
        assertEquals(expected, status);
        assertEquals(List.of("hotp", "totp"), List.copyOf(status.keySet()));
        // the e-mail is matched as at login
        assertEquals(expected, w.twoFactor.status(as(w.carol), "  CAROL@alpha.test "));
        refused(NotFoundException.class, 404, () -> w.twoFactor.status(as(w.superadmin), "nobody@alpha.test"));
    }

    @Test
    void statusFollowsR3() {
        String carol = w.carol.email();
        for (User allowed : List.of(w.carol, w.adminA, w.superadmin, w.monitor)) {
            assertEquals(Map.of("totp", false), w.twoFactor.status(as(allowed), carol), allowed.email());
        }
        for (User other : List.of(w.adminB, w.alice, w.bob)) {
            refused(ForbiddenException.class, 403, () -> w.twoFactor.status(as(other), carol));
        }
        // a domain admin sees its domain only: not the superadmin in default
        refused(ForbiddenException.class, 403, () -> w.twoFactor.status(as(w.adminA), w.superadmin.email()));
        assertEquals(Map.of("totp", false), w.twoFactor.status(as(w.monitor), w.superadmin.email()));
    }

    @Test
    void activeFactorsMapsOnlyActiveOnes() {
        FakeSecondFactor hotp = w.install("hotp");
        totp.activateFor(w.carol.id());
        hotp.activateFor(w.carol.id());
        hotp.activateFor(w.alice.id());
        // a pending enrolment is not active
        w.twoFactor.enrol(as(w.bob), "totp");
        Map<String, Set<String>> m = w.twoFactor.activeFactors(List.of(w.carol.id(), w.alice.id(), w.bob.id(),
                w.adminA.id(), "no-such-id"));
        assertEquals(Map.of(w.carol.id(), Set.of("hotp", "totp"), w.alice.id(), Set.of("hotp")), m);
        assertEquals(List.of("hotp", "totp"), List.copyOf(m.get(w.carol.id())), "names sorted");
        assertEquals(Map.of(), w.twoFactor.activeFactors(List.of()));
        // an uninstalled factor is not reported, though it kept its state
        w.uninstall(hotp);
        assertEquals(Map.of(w.carol.id(), Set.of("totp")),
                w.twoFactor.activeFactors(List.of(w.carol.id(), w.alice.id())));
    }

    // ------------------------------------------------------------ enrol and activate

    @Test
    void enrolReturnsTheSetupAndActivationEnablesTheFactor() {
        Map<String, String> setup = w.twoFactor.enrol(as(w.carol), "totp");
        assertTrue(setup.get("secret").startsWith("SECRET-totp-" + w.carol.id()), setup.toString());
        assertTrue(setup.get("uri").contains(w.carol.email()) && setup.get("uri").contains("domain=alpha"),
                "the factor gets the caller's own subject: " + setup);
        assertTrue(totp.isPending(w.carol.id()));
        assertEquals(Map.of("totp", false), w.twoFactor.status(as(w.carol), w.carol.email()));
        w.twoFactor.activate(as(w.carol), "totp", " " + totp.code(w.carol.id()) + " ");
        assertEquals(Map.of("totp", true), w.twoFactor.status(as(w.carol), w.carol.email()));
        assertEquals(totp.code(w.carol.id()), totp.codesSeen().get(0), "the code is trimmed");
        // and login now needs the code
        assertThrows(BerthException.class, () -> w.auth.authorize("alpha", w.carol.email(), PASSWORD, null));
        totp.nextStep();
        assertEquals(w.carol.mainAccessKey(), w.auth.authorize("alpha", w.carol.email(), PASSWORD,
                Map.of("otp", totp.code(w.carol.id()))).accessKey());
    }

    @Test
    void enrolmentIsForTheCallerOnly() {
        // an administrator enrolling acts on its own account: there is no way to name another user
        w.twoFactor.enrol(as(w.superadmin), "totp");
        assertTrue(totp.isPending(w.superadmin.id()));
        assertFalse(totp.isPending(w.carol.id()));
        assertEquals(List.of("enrol " + w.superadmin.id()), totp.calls().stream()
                .filter(c -> c.startsWith("enrol")).toList());
    }

    @Test
    void enrolWhenAlreadyActiveIsAConflict() {
        enable(totp, w.carol);
        ConflictException x = refused(ConflictException.class, 409, () -> w.twoFactor.enrol(as(w.carol), "totp"));
        assertEquals("factor", x.field());
        assertEquals(1, totp.calls().stream().filter(c -> c.equals("enrol " + w.carol.id())).count(),
                "the factor is not asked to enrol an active user");
        assertTrue(w.twoFactor.status(as(w.carol), w.carol.email()).get("totp"), "still active");
    }

    @Test
    void enrolRefusedByTheFactorIsAConflict() {
        // the factor was activated by another request between the check and the enrolment
        totp.refuseNextEnrolment(new IllegalStateException("totp is already active"));
        ConflictException x = refused(ConflictException.class, 409, () -> w.twoFactor.enrol(as(w.carol), "totp"));
        assertEquals("factor", x.field());
    }

    @Test
    void enrolAgainWhilePendingRestartsTheEnrolment() {
        Map<String, String> first = w.twoFactor.enrol(as(w.carol), "totp");
        Map<String, String> second = w.twoFactor.enrol(as(w.carol), "totp");
        assertFalse(first.get("secret").equals(second.get("secret")));
        w.twoFactor.activate(as(w.carol), "totp", totp.code(w.carol.id()));
        assertTrue(w.twoFactor.status(as(w.carol), w.carol.email()).get("totp"));
    }

    @Test
    void unknownFactorIsNotFound() {
        for (String name : new String[] {"hotp", "TOTP", "", null}) {
            refused(NotFoundException.class, 404, () -> w.twoFactor.enrol(as(w.carol), name));
            refused(NotFoundException.class, 404, () -> w.twoFactor.activate(as(w.carol), name, "123456"));
            refused(NotFoundException.class, 404, () -> w.twoFactor.disable(as(w.carol), w.carol.email(), name));
        }
        NotFoundException x = refused(NotFoundException.class, 404,
                () -> w.twoFactor.enrol(as(w.carol), "evil\u0000\nname"));
        assertFalse(x.getMessage().contains("\n"), "control characters are not echoed");
        assertEquals(List.of(), totp.calls().stream().filter(c -> !c.startsWith("isActive")).toList());
    }

    @Test
    void activateWithAWrongCodeIsA400OnCode() {
        w.twoFactor.enrol(as(w.carol), "totp");
        String wrong = totp.wrongCode(w.carol.id());
        for (String code : List.of(wrong, "1".repeat(17))) {
            ValidationException x = refused(ValidationException.class, 400,
                    () -> w.twoFactor.activate(as(w.carol), "totp", code));
            assertEquals("code", x.field());
            assertFalse(x.getMessage().contains(code), "the code is not echoed: " + x.getMessage());
        }
        for (String blank : new String[] {null, "", "  "}) {
            ValidationException x = refused(ValidationException.class, 400,
                    () -> w.twoFactor.activate(as(w.carol), "totp", blank));
            assertEquals("code", x.field());
        }
        assertEquals(List.of(wrong), totp.codesSeen(), "only the plausible code reached the factor");
        assertTrue(totp.isPending(w.carol.id()));
        assertFalse(w.twoFactor.status(as(w.carol), w.carol.email()).get("totp"));
    }

    @Test
    void activateWithoutEnrolmentIsA400() {
        ValidationException x = refused(ValidationException.class, 400,
                () -> w.twoFactor.activate(as(w.carol), "totp", totp.code(w.carol.id())));
        assertEquals("code", x.field());
    }

    @Test
    void activateActsOnTheCallersOwnEnrolment() {
        w.twoFactor.enrol(as(w.carol), "totp");
        // the superadmin cannot activate carol's pending enrolment with carol's code
        refused(ValidationException.class, 400,
                () -> w.twoFactor.activate(as(w.superadmin), "totp", totp.code(w.carol.id())));
        assertTrue(totp.isPending(w.carol.id()));
        assertEquals(List.of("activate " + w.superadmin.id()), totp.calls().stream()
                .filter(c -> c.startsWith("activate")).toList());
    }

    @Test
    void callerWhoseAccountIsGoneIsNotFound() {
        Caller ghost = new Caller("no-such-user", "ghost@alpha.test", Role.USER, "alpha", null);
        refused(NotFoundException.class, 404, () -> w.twoFactor.enrol(ghost, "totp"));
        refused(NotFoundException.class, 404, () -> w.twoFactor.activate(ghost, "totp", "123456"));
    }

    // ------------------------------------------------------------ disable

    @Test
    void usersDisableTheirOwnFactor() {
        enable(totp, w.carol);
        w.twoFactor.disable(as(w.carol), w.carol.email(), "totp");
        assertFalse(w.twoFactor.status(as(w.carol), w.carol.email()).get("totp"));
        assertEquals(w.carol.mainAccessKey(), w.auth.authorize("alpha", w.carol.email(), PASSWORD, null)
                .accessKey());
        // disabling what is not enabled is fine
        w.twoFactor.disable(as(w.carol), w.carol.email(), "totp");
        // monitors and superadmins disable their own too
        enable(totp, w.monitor);
        w.twoFactor.disable(as(w.monitor), w.monitor.email(), "totp");
        assertFalse(totp.isActive(w.monitor.id()));
    }

    @Test
    void disableAlsoDropsAPendingEnrolment() {
        w.twoFactor.enrol(as(w.carol), "totp");
        w.twoFactor.disable(as(w.carol), w.carol.email(), "totp");
        assertFalse(totp.isPending(w.carol.id()));
        refused(ValidationException.class, 400,
                () -> w.twoFactor.activate(as(w.carol), "totp", totp.code(w.carol.id())));
    }

    @Test
    void managersDisableTheFactorsOfTheUsersTheyManage() {
        for (User manager : List.of(w.superadmin, w.adminA)) {
            enable(totp, w.carol);
            w.twoFactor.disable(as(manager), w.carol.email(), "totp");
            assertFalse(totp.isActive(w.carol.id()), manager.email());
        }
        // a domain admin also manages the other admins of its domain
        User admin2 = w.create("admin2@alpha.test", "alpha", Role.ADMIN);
        enable(totp, admin2);
        w.twoFactor.disable(as(w.adminA), admin2.email(), "totp");
        assertFalse(totp.isActive(admin2.id()));
        // and the superadmin anyone, the monitor included
        enable(totp, w.monitor);
        w.twoFactor.disable(as(w.superadmin), w.monitor.email(), "totp");
        assertFalse(totp.isActive(w.monitor.id()));
    }

    @Test
    void othersMayNotDisableAFactor() {
        enable(totp, w.carol);
        enable(totp, w.superadmin);
        enable(totp, w.monitor);
        Object before = totp.state();
        for (User other : List.of(w.adminB, w.monitor, w.alice, w.bob)) {
            refused(ForbiddenException.class, 403, () -> w.twoFactor.disable(as(other), w.carol.email(), "totp"));
        }
        assertEquals(before, totp.state());
        // a domain admin may not disable a superadmin's (or monitor's) factor, even in its own domain
        User rootAlpha = w.create("root@alpha.test", "alpha", Role.SUPERADMIN);
        enable(totp, rootAlpha);
        before = totp.state();
        refused(ForbiddenException.class, 403, () -> w.twoFactor.disable(as(w.adminA), rootAlpha.email(), "totp"));
        refused(ForbiddenException.class, 403,
                () -> w.twoFactor.disable(as(w.adminA), w.superadmin.email(), "totp"));
        refused(ForbiddenException.class, 403, () -> w.twoFactor.disable(as(w.adminA), w.monitor.email(), "totp"));
        refused(ForbiddenException.class, 403, () -> w.twoFactor.disable(as(w.monitor), w.superadmin.email(),
                "totp"));
        assertEquals(before, totp.state(), "nothing was disabled");
        assertFalse(totp.calls().stream().anyMatch(c -> c.startsWith("disable")));
    }

    @Test
    void disableOfAnUnknownUserIsNotFound() {
        refused(NotFoundException.class, 404,
                () -> w.twoFactor.disable(as(w.superadmin), "nobody@alpha.test", "totp"));
    }
}
