package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --slots on domains and projects, the user resource policy, and the slot and duration parsers. */
class SlotOptionsTest {
    private final FakeIdentityService identity = new FakeIdentityService();

    private static String line(String key, String value) {
        return String.format("%-21s %s", key + ":", value);
    }

    @Test
    void slotTextSplitsPairsInOrderAndTrims() {
        Map<String, String> m = SlotText.parse(" cpu=4, mem = 8g,cuda.shares=inf ,", "slots", "f");
        assertEquals(List.of("cpu", "mem", "cuda.shares"), new ArrayList<>(m.keySet()));
        assertEquals(List.of("4", "8g", "inf"), new ArrayList<>(m.values()));
        assertNull(SlotText.parse(null, "slots", "f"));
        assertEquals(Map.of(), SlotText.parse("", "slots", "f"));
        assertEquals(Map.of(), SlotText.parse(" None ", "slots", "f"));
    }

    @Test
    void slotTextRejectsMalformedPairsNamingTheOptionAndField() {
        ValidationException noEquals = assertThrows(ValidationException.class,
                () -> SlotText.parse("cpu", "slots", "total_resource_slots"));
        assertEquals("--slots: 'cpu' is not name=amount; write slots as cpu=4,mem=8g,cuda.shares=inf (or 'none' "
                + "for no slots)", noEquals.getMessage());
        assertEquals("total_resource_slots", noEquals.field());
        assertEquals("--slots: '=4' has no slot name",
                assertThrows(ValidationException.class, () -> SlotText.parse("=4", "slots", "f")).getMessage());
        assertEquals("--slots: slot 'cpu' has no amount",
                assertThrows(ValidationException.class, () -> SlotText.parse("cpu=", "slots", "f")).getMessage());
        assertEquals("--slots: slot 'cpu' is given twice",
                assertThrows(ValidationException.class, () -> SlotText.parse("cpu=1,cpu=2", "slots", "f")).getMessage());
    }

    @Test
    void durationsReadUnitsAndWriteTheLargestExactOne() {
        assertEquals(3600L, Durations.parse("1h", "o", "f"));
        assertEquals(5400L, Durations.parse("90m", "o", "f"));
        assertEquals(172_800L, Durations.parse(" 2D ", "o", "f"));
        assertEquals(45L, Durations.parse("45", "o", "f"));
        assertNull(Durations.parse(null, "o", "f"));
        assertEquals("unlimited", Durations.format(0));
        assertEquals("1h", Durations.format(3600));
        assertEquals("90m", Durations.format(5400));
        assertEquals("2d", Durations.format(172_800));
        assertEquals("61s", Durations.format(61));
        for (long s : new long[] {1, 59, 60, 3599, 3600, 86_399, 86_400, 1_000_000}) {
            assertEquals(s, Durations.parse(Durations.format(s), "o", "f"), "round trip of " + s);
        }
        ValidationException bad = assertThrows(ValidationException.class,
                () -> Durations.parse("1.5h", "idle-timeout", "idle_timeout"));
        assertTrue(bad.getMessage().startsWith("--idle-timeout: '1.5h' is not a duration"), bad.getMessage());
        assertEquals("idle_timeout", bad.field());
    }

    @Test
    void domainCreatePassesTheRawSlotsAndShowsThemFormatted() throws Exception {
        DomainCreateCommand create = new DomainCreateCommand();
        create.name = "lab";
        create.slots = "cpu=4,mem=8g,cuda.shares=inf";
        Run run = Run.of(create, identity);
        assertEquals("", run.err());
        assertEquals(Map.of("cpu", "4", "mem", "8g", "cuda.shares", "inf"), identity.lastNewDomain.totalResourceSlots());
        ResourceSlots stored = identity.domains.get("lab").totalResourceSlots();
        assertEquals(Amount.of(8L << 30), stored.get("mem"));
        assertTrue(stored.get("cuda.shares").isInfinite());
        assertTrue(run.out().contains(line("Total resource slots", "cpu=4 cuda.shares=inf mem=8g")), run.out());

        DomainShowCommand show = new DomainShowCommand();
        show.name = "default";
        assertTrue(Run.of(show, identity).out().contains(line("Total resource slots", "unlimited")));
    }

    @Test
    void malformedSlotsAreOneErrorLineAndChangeNothing() throws Exception {
        DomainCreateCommand create = new DomainCreateCommand();
        create.name = "lab";
        create.slots = "cpu";
        Run run = Run.of(create, identity);
        assertEquals("Error: --slots: 'cpu' is not name=amount; write slots as cpu=4,mem=8g,cuda.shares=inf "
                + "(or 'none' for no slots) (field: total_resource_slots)\n", run.err());
        assertEquals("", run.out());
        assertFalse(identity.domains.containsKey("lab"));

        create.slots = "mem=8x";
        run = Run.of(create, identity);
        assertTrue(run.err().startsWith("Error: '8x' is not an amount"), run.err());
        assertTrue(run.err().endsWith("(field: total_resource_slots.mem)\n"), run.err());
        assertFalse(identity.domains.containsKey("lab"));
    }

    @Test
    void domainUpdateReplacesClearsOrLeavesTheSlots() throws Exception {
        DomainUpdateCommand set = new DomainUpdateCommand();
        set.name = "default";
        set.slots = "cpu=2";
        Run.of(set, identity);
        assertEquals(Map.of("cpu", "2"), identity.lastDomainUpdate.totalResourceSlots());

        DomainUpdateCommand other = new DomainUpdateCommand();
        other.name = "default";
        other.description = "still limited";
        Run.of(other, identity);
        assertNull(identity.lastDomainUpdate.totalResourceSlots(), "no --slots: leave as is");
        assertEquals(Amount.of(2), identity.domains.get("default").totalResourceSlots().get("cpu"));

        for (String clear : new String[] {"none", ""}) {
            Run.of(set, identity);
            DomainUpdateCommand none = new DomainUpdateCommand();
            none.name = "default";
            none.slots = clear;
            Run run = Run.of(none, identity);
            assertEquals(Map.of(), identity.lastDomainUpdate.totalResourceSlots(), "--slots '" + clear + "'");
            assertTrue(identity.domains.get("default").totalResourceSlots().isEmpty());
            assertTrue(run.out().contains(line("Total resource slots", "unlimited")), run.out());
        }
    }

    @Test
    void projectCreateAndUpdateCarryTheSlots() throws Exception {
        ProjectCreateCommand create = new ProjectCreateCommand();
        create.domain = "default";
        create.name = "vision";
        create.slots = "cuda.device=2,mem=1536m";
        Run created = Run.of(create, identity);
        assertEquals(Map.of("cuda.device", "2", "mem", "1536m"), identity.lastNewProject.totalResourceSlots());
        assertTrue(created.out().contains(line("Total resource slots", "cuda.device=2 mem=1536m")), created.out());
        Project p = identity.projects.values().stream().filter(x -> x.name().equals("vision")).findFirst()
                .orElseThrow();

        ProjectUpdateCommand update = new ProjectUpdateCommand();
        update.project = "default/vision";
        update.slots = "none";
        Run.of(update, identity);
        assertEquals(Map.of(), identity.lastProjectUpdate.totalResourceSlots());
        assertTrue(identity.projects.get(p.id()).totalResourceSlots().isEmpty());

        update.slots = "cpu=1,,";
        Run.of(update, identity);
        assertEquals(Map.of("cpu", "1"), identity.lastProjectUpdate.totalResourceSlots());
        assertNull(identity.lastProjectUpdate.resourcePolicy());
    }

    @Test
    void userResourcePolicyIsPassedAndShown() throws Exception {
        UserCreateCommand create = new UserCreateCommand();
        create.email = "uma@example.com";
        create.password = "s3cret!pw";
        create.resourcePolicy = "students";
        Run run = Run.of(create, identity);
        assertEquals("students", identity.lastNewUser.resourcePolicy());
        assertTrue(run.out().contains(line("Resource policy", "students")), run.out());

        UserUpdateCommand update = new UserUpdateCommand();
        update.email = "uma@example.com";
        update.resourcePolicy = "staff";
        run = Run.of(update, identity);
        assertEquals("", run.err(), "a policy alone is something to change");
        assertEquals("staff", identity.lastUserUpdate.resourcePolicy());
        assertEquals("staff", identity.users.get("uma@example.com").resourcePolicy());

        UserShowCommand show = new UserShowCommand();
        show.email = "uma@example.com";
        assertTrue(Run.of(show, identity).out().contains(line("Resource policy", "staff")));

        identity.createUser(Caller.SYSTEM, new NewUser("vic@example.com", null, "s3cret!pw", null, null, null,
                Role.USER, null, null, null, null, null));
        UserActivateCommand activate = new UserActivateCommand();
        activate.email = "vic@example.com";
        Run.of(activate, identity);
        assertNull(identity.lastUserUpdate.resourcePolicy(), "activating leaves the policy as it is");
    }
}
