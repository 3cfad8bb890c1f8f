package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentStatus;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeAgentService agents = new FakeAgentService();

    private Run run(AgentListCommand command) throws Exception {
        command.agents = agents;
        return Run.of(command, identity);
    }

    private Run run(AgentCommand command) throws Exception {
        command.agents = agents;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    /** The cells of the table row whose first cell is {@code first}. */
    static List<String> row(Run run, String first) {
        return run.out().lines().map(l -> java.util.Arrays.stream(l.split("\\|")).map(String::trim).toList())
                .filter(cells -> cells.get(0).equals(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + first + ": " + run.out()));
    }

    @Test
    void listShowsAliveAgentsByDefault() throws Exception {
        Run run = run(new AgentListCommand());
        assertEquals("", run.err());
        assertEquals(new AgentQuery(EnumSet.of(AgentStatus.ALIVE), null), agents.lastQuery);
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), agents.lastPage);
        assertTrue(run.out().contains("CPU USED/AVAIL") && run.out().contains("MEM USED/AVAIL")
                && run.out().contains("LAST HEARTBEAT"), run.out());
        assertEquals(List.of("i-gpu1", "alive", "gpu", "yes", "4.5/32", "8g/125.6g", "3", "2025-05-06 07:08:09 UTC"),
                row(run, "i-gpu1"), "cpu as a count, memory with units (rounded where inexact)");
        assertFalse(run.out().contains("i-cpu7"), run.out());
        assertTrue(run.out().contains("1 of 1 agents (offset 0)"), run.out());
        assertTrue(agents.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void listPassesStatusGroupAndPaging() throws Exception {
        AgentListCommand list = new AgentListCommand();
        list.status = "all";
        list.resourceGroup = "default";
        list.limit = 5;
        list.offset = 1;
        list.descending = true;
        list.orderBy = "last_heartbeat";
        Run run = run(list);
        assertEquals(new AgentQuery(null, "default"), agents.lastQuery);
        assertEquals(new PageRequest(1, 5, "last_heartbeat", true), agents.lastPage);
        assertTrue(run.out().contains("1 of 2 agents (offset 1)"), run.out());

        list = new AgentListCommand();
        list.status = "Lost, terminated";
        run = run(list);
        assertEquals(EnumSet.of(AgentStatus.LOST, AgentStatus.TERMINATED), agents.lastQuery.statuses());
        assertEquals(List.of("i-cpu7", "lost", "default", "no", "0/8", "-", "0", "2025-01-02 03:04:05 UTC"),
                row(run, "i-cpu7"), "nothing occupied is 0, nothing reported '-'");
        assertEquals(List.of("i-old", "terminated", "default", "yes", "-", "-", "0", "2025-01-02 03:04:05 UTC"),
                row(run, "i-old"));
    }

    @Test
    void aBadStatusIsOneErrorLine() throws Exception {
        AgentListCommand list = new AgentListCommand();
        list.status = "dead";
        Run run = run(list);
        assertEquals("Error: --status: 'dead' is not an agent status; use alive, lost, terminated (comma-separated) "
                + "or all (field: status)\n", run.err());
        assertEquals("", run.out());
        assertNull(agents.lastQuery);
    }

    @Test
    void anEmptyListSaysSo() throws Exception {
        AgentListCommand list = new AgentListCommand();
        list.resourceGroup = "nowhere";
        Run run = run(list);
        assertTrue(run.out().contains("No agents."), run.out());
        assertTrue(run.out().contains("0 of 0 agents"), run.out());
    }

    @Test
    void showPrintsEveryFieldAndTheDevices() throws Exception {
        AgentShowCommand show = new AgentShowCommand();
        show.id = "i-gpu1";
        Run run = run(show);
        assertEquals("", run.err());
        assertTrue(hasLine(run, "Id", "i-gpu1"), run.out());
        assertTrue(hasLine(run, "Status", "alive"), run.out());
        assertTrue(hasLine(run, "Status reason", "heartbeat"), run.out());
        assertTrue(hasLine(run, "Status changed", "2025-01-02 03:04:05 UTC"), run.out());
        assertTrue(hasLine(run, "Region", "eu-west"), run.out());
        assertTrue(hasLine(run, "Architecture", "x86_64"), run.out());
        assertTrue(hasLine(run, "Version", "1.2.0"), run.out());
        assertTrue(hasLine(run, "Address", "tcp://10.0.0.5:6001"), run.out());
        assertTrue(hasLine(run, "Resource group", "gpu"), run.out());
        assertTrue(hasLine(run, "Schedulable", "yes"), run.out());
        assertTrue(hasLine(run, "Available slots", "cpu=32 cuda.device=2 mem=134876543210"), run.out());
        assertTrue(hasLine(run, "Occupied slots", "cpu=4.5 mem=8g"), run.out());
        assertTrue(hasLine(run, "CPU use", "37.5%"), run.out());
        assertTrue(hasLine(run, "Memory used", "18.6g"), run.out());
        assertTrue(hasLine(run, "Containers", "3"), run.out());
        assertTrue(hasLine(run, "First contact", "2025-01-02 03:04:05 UTC"), run.out());
        assertTrue(hasLine(run, "Last heartbeat", "2025-05-06 07:08:09 UTC"), run.out());
        assertTrue(run.out().contains("Devices (2):"), run.out());
        assertTrue(run.out().contains("PLUGIN | ID | MODEL"), run.out());
        List<List<String>> devices = run.out().lines().map(l -> java.util.Arrays.stream(l.split("\\|"))
                .map(String::trim).toList()).filter(c -> c.get(0).equals("cuda")).toList();
        assertEquals(List.of(List.of("cuda", "0", "NVIDIA H200", "139.7g", "cuda.device=1", "81.3%", "39.1g"),
                List.of("cuda", "1", "NVIDIA H200", "139.7g", "cuda.device=1", "-", "-")), devices,
                "unknown use is '-'");
    }

    @Test
    void showOfAnAgentWithoutDevicesOrAnUnknownOne() throws Exception {
        AgentShowCommand show = new AgentShowCommand();
        show.id = "i-old";
        Run run = run(show);
        assertTrue(hasLine(run, "Region", "-"), run.out());
        assertTrue(hasLine(run, "Available slots", "-"), run.out());
        assertTrue(run.out().contains("Devices (0):\n"), run.out());
        assertTrue(run.out().contains("(none)"), run.out());

        show.id = "i-nobody";
        assertEquals("Error: no agent 'i-nobody' (field: id)\n", run(show).err());
    }

    @Test
    void schedulable() throws Exception {
        AgentSchedulableCommand cmd = new AgentSchedulableCommand();
        cmd.id = "i-gpu1";
        cmd.schedulable = "false";
        Run run = run(cmd);
        assertEquals("Agent i-gpu1 is not schedulable: it keeps its sessions but receives no new ones.\n", run.out());
        assertFalse(agents.agents.get("i-gpu1").schedulable());

        cmd.schedulable = "TRUE";
        assertEquals("Agent i-gpu1 is schedulable.\n", run(cmd).out());
        assertTrue(agents.agents.get("i-gpu1").schedulable());

        cmd.schedulable = "maybe";
        run = run(cmd);
        assertEquals("Error: schedulable must be true or false (field: schedulable)\n", run.err());
        assertEquals("", run.out());
        assertTrue(agents.agents.get("i-gpu1").schedulable());
        assertTrue(agents.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void amountsInTables() {
        assertEquals("8g", AgentViews.brief(Amount.of(8L << 30), SlotKind.BYTES));
        assertEquals("1.5", AgentViews.brief(Amount.of(new BigDecimal("1.5")), SlotKind.COUNT));
        assertEquals("125.6g", AgentViews.brief(Amount.of(134_876_543_210L), SlotKind.BYTES));
        assertEquals("1000", AgentViews.brief(Amount.of(1000), SlotKind.BYTES));
        assertEquals("134876543210", AgentViews.brief(Amount.of(134_876_543_210L), null), "unknown kind: a count");
        assertEquals("inf", AgentViews.brief(Amount.INFINITE, SlotKind.BYTES));
        assertEquals("1.5k", AgentViews.bytes(BigDecimal.valueOf(1536)));
        assertEquals("1m", AgentViews.bytes(BigDecimal.valueOf(1L << 20)));
        assertEquals("-", AgentViews.percent(-1));
        assertEquals("100.0%", AgentViews.percent(100));
    }

    @Test
    void statuses() {
        assertEquals(EnumSet.of(AgentStatus.ALIVE), AgentListCommand.statuses(null));
        assertNull(AgentListCommand.statuses(" ALL "));
        assertEquals(EnumSet.of(AgentStatus.TERMINATED), AgentListCommand.statuses("terminated"));
        for (String bad : List.of("", "alive,", "gone")) {
            assertEquals("status", org.junit.jupiter.api.Assertions.assertThrows(
                    io.berth.core.error.ValidationException.class, () -> AgentListCommand.statuses(bad)).field(), bad);
        }
    }
}
