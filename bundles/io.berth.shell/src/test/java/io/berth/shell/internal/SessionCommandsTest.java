package io.berth.shell.internal;

import static io.berth.shell.internal.AgentCommandsTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.UsageRecalculation;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth:session-*, preset-check and recalculate-usage against a fake session service. */
class SessionCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeSessionService sessions = new FakeSessionService();

    @TempDir
    Path dir;

    private Run run(SessionCommand command) throws Exception {
        command.sessions = sessions;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    // ---- create ----

    @Test
    void createPassesEveryOption() throws Exception {
        SessionCreateCommand c = new SessionCreateCommand();
        c.image = "python:3.12";
        c.name = "nb";
        c.type = "batch";
        c.resources = "cpu=2, mem=4g";
        c.resourceGroup = "gpu";
        c.project = "ml";
        c.clusterSize = 2;
        c.clusterMode = "multi-node";
        c.env = List.of("SEED=42", "URL=http://x/?a=b", "EMPTY=");
        c.mounts = List.of("data,models", "scratch");
        c.startupCommand = "make train";
        c.priority = 50;
        c.dependencies = List.of("s-done");
        c.startsAt = "2025-06-01T14:00:00+02:00";
        c.architecture = "aarch64";
        Run run = run(c);
        assertEquals("", run.err());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEED", "42");
        env.put("URL", "http://x/?a=b");
        env.put("EMPTY", "");
        assertEquals(new SessionInput("nb", "python:3.12", "batch", Map.of("cpu", "2", "mem", "4g"), null, "gpu", "ml",
                2, "multi-node", env, List.of("data", "models", "scratch"), "make train", 50, List.of("s-done"),
                Instant.parse("2025-06-01T12:00:00Z"), "aarch64"), sessions.lastInput);
        assertEquals(List.of(Caller.SYSTEM), sessions.callers);
        assertTrue(run.out().startsWith("Session s-new created (pending).\n"), run.out());
        assertTrue(hasLine(run, "Slots per container", "cpu=2 mem=4g"), run.out());
        assertTrue(hasLine(run, "Requested", "cpu=4 mem=8g"), run.out());
        assertTrue(hasLine(run, "Environment", "EMPTY=, SEED=42, URL=http://x/?a=b"), run.out());
        assertTrue(hasLine(run, "Starts at", "2025-06-01 12:00:00 UTC"), run.out());
        assertTrue(hasLine(run, "Cluster", "2 containers, single-node"), run.out());
    }

    @Test
    void aPresetAloneAndAbsentOptionsAreNull() throws Exception {
        SessionCreateCommand c = new SessionCreateCommand();
        c.image = "python:3.12";
        c.preset = "small";
        assertEquals("", run(c).err());
        assertEquals(new SessionInput(null, "python:3.12", null, null, "small", null, null, null, null, null, null,
                null, null, null, null, null), sessions.lastInput);
    }

    @Test
    void badCreateOptionsAreOneErrorLine() throws Exception {
        SessionCreateCommand c = new SessionCreateCommand();
        c.image = "x";
        c.env = List.of("NOVALUE");
        assertEquals("Error: --env: 'NOVALUE' is not NAME=VALUE (field: environment)\n", run(c).err());
        c.env = List.of("A=1", "A=2");
        assertEquals("Error: --env: A is given twice (field: environment)\n", run(c).err());
        c.env = null;
        c.startsAt = "tomorrow";
        assertEquals("Error: --starts-at: 'tomorrow' is not an ISO-8601 date-time with an offset such as "
                + "2025-06-01T12:00:00Z (field: starts_at)\n", run(c).err());
        c.startsAt = null;
        c.resources = "cpu";
        assertTrue(run(c).err().startsWith("Error: --resources: 'cpu' is not name=amount"));
        assertNull(sessions.lastInput, "nothing reached core");
        c.resources = null;
        c.image = " ";
        assertEquals("Error: image is required (field: image)\n", run(c).err(), "core's errors too");
    }

    // ---- list ----

    @Test
    void listShowsEverySessionByDefault() throws Exception {
        Run run = run(new SessionListCommand());
        assertEquals("", run.err());
        assertEquals(SessionQuery.ALL, sessions.lastQuery);
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), sessions.lastPage);
        assertEquals(List.of("s-run", "train", "running", "batch", "alice@example.com", "gpu", "cpu=4 mem=8g",
                "2025-05-01 10:00:00 UTC", "started"), row(run, "s-run"));
        assertEquals("keypair limit: cpu; reserved start time\u2026", row(run, "s-wait").get(8),
                "a pending session says why it waits");
        assertEquals("-", row(run, "s-done").get(1));
        assertTrue(run.out().contains("3 of 3 sessions (offset 0)"), run.out());
    }

    @Test
    void listPassesFiltersAndPaging() throws Exception {
        Project vision = identity.createProject(Caller.SYSTEM, new NewProject("default", "vision", null, null,
                List.of(), List.of(), null, null));
        SessionListCommand list = new SessionListCommand();
        list.status = List.of("running,PENDING", "error");
        list.accessKey = "AK";
        list.owner = "a@b.io";
        list.project = "default/vision";
        list.domain = "default";
        list.resourceGroup = "gpu";
        list.agent = "i-gpu1";
        list.type = "Batch";
        list.name = "nb";
        list.createdFrom = "2025-05-01";
        list.createdTo = "2025-05-02T00:00:00Z";
        list.limit = 5;
        list.offset = 1;
        list.descending = true;
        list.orderBy = "priority";
        Run run = run(list);
        assertEquals("", run.err());
        assertEquals(new SessionQuery(EnumSet.of(SessionStatus.RUNNING, SessionStatus.PENDING, SessionStatus.ERROR),
                "AK", "a@b.io", vision.id(), "default", "gpu", "i-gpu1", SessionType.BATCH, "nb",
                Instant.parse("2025-05-01T00:00:00Z"), Instant.parse("2025-05-02T00:00:00Z")), sessions.lastQuery);
        assertEquals(new PageRequest(1, 5, "priority", true), sessions.lastPage);
        assertTrue(run.out().contains("1 of 2 sessions (offset 1)"), run.out());
    }

    @Test
    void badFiltersAreOneErrorLine() throws Exception {
        SessionListCommand list = new SessionListCommand();
        list.status = List.of("running,sleeping");
        assertEquals("Error: --status: 'sleeping' is not a session status; use pending, scheduled, preparing, "
                + "running, terminating, terminated, cancelled or error (field: status)\n", run(list).err());
        list.status = null;
        list.type = "gpu";
        assertEquals("Error: --type: 'gpu' is not a session type; use interactive, batch or inference (field: type)\n",
                run(list).err());
        list.type = null;
        list.createdFrom = "yesterday";
        assertEquals("Error: --created-from: 'yesterday' is not an ISO-8601 date-time with an offset such as "
                + "2025-06-01T12:00:00Z or a date such as 2025-06-01 (field: created_from)\n", run(list).err());
        assertNull(sessions.lastQuery);
    }

    @Test
    void anEmptyListSaysSo() throws Exception {
        SessionListCommand list = new SessionListCommand();
        list.resourceGroup = "nowhere";
        Run run = run(list);
        assertTrue(run.out().contains("No sessions."), run.out());
        assertTrue(run.out().contains("0 of 0 sessions"), run.out());
    }

    // ---- show, logs, terminate ----

    @Test
    void showPrintsTheSessionItsContainersAndHistory() throws Exception {
        SessionShowCommand show = new SessionShowCommand();
        show.id = "s-run";
        Run run = run(show);
        assertEquals("", run.err());
        assertTrue(hasLine(run, "Id", "s-run"), run.out());
        assertTrue(hasLine(run, "Status", "running"), run.out());
        assertTrue(hasLine(run, "Owner", "alice@example.com"), run.out());
        assertTrue(hasLine(run, "Access key", "AKALICE"), run.out());
        assertTrue(hasLine(run, "Slots per container", "cpu=2 mem=4g"), run.out());
        assertTrue(hasLine(run, "Requested", "cpu=4 mem=8g"), run.out());
        assertTrue(hasLine(run, "Environment", "A=1, B=2"), run.out());
        assertTrue(hasLine(run, "Startup command", "python train.py"), run.out());
        assertTrue(hasLine(run, "Starts at", "-"), run.out());
        assertTrue(run.out().contains("Containers (2):"), run.out());
        assertEquals(List.of("0", "k-0", "i-gpu1", "c0ffee", "running", "cpu=2 mem=4g", "-", "started"),
                row(run, "0"));
        assertEquals(List.of("1", "k-1", "i-gpu1", "-", "preparing", "cpu=2 mem=4g", "-", "-"), row(run, "1"));
        assertTrue(run.out().contains("History:"), run.out());
        assertEquals(List.of("2025-05-01 10:00:00 UTC", "pending", "created"), row(run, "2025-05-01 10:00:00 UTC"));
        assertEquals(List.of("2025-05-01 10:00:05 UTC", "running", "started"), row(run, "2025-05-01 10:00:05 UTC"));
        assertFalse(run.out().contains("Why it is pending"), run.out());
    }

    @Test
    void showSaysWhyAPendingSessionWaits() throws Exception {
        SessionShowCommand show = new SessionShowCommand();
        show.id = "s-wait";
        Run run = run(show);
        assertTrue(run.out().contains("Why it is pending:\n  - keypair limit: cpu\n  - reserved start time not "
                + "reached\n"), run.out());
        assertTrue(hasLine(run, "Retries", "3"), run.out());
        assertTrue(run.out().contains("Containers (0):"), run.out());

        show.id = "s-nobody";
        assertEquals("Error: no session 's-nobody' (field: id)\n", run(show).err());
    }

    @Test
    void logsPrintTheTail() throws Exception {
        SessionLogsCommand logs = new SessionLogsCommand();
        logs.id = "s-run";
        Run run = run(logs);
        assertEquals("epoch 1\nepoch 2\n", run.out());
        assertEquals(500, sessions.lastTail);
        logs.tail = 10_000;
        sessions.logs = "no newline at the end";
        assertEquals("no newline at the end\n", run(logs).out());
        assertEquals(10_000, sessions.lastTail);
        sessions.logs = "";
        Run empty = run(logs);
        assertEquals("", empty.out());
        assertEquals("(no output)\n", empty.err());
        sessions.lastTail = null;
        for (int bad : new int[] {-1, 0, 10_001}) {
            logs.tail = bad;
            assertEquals("Error: --tail must be between 1 and 10000 (field: tail)\n", run(logs).err());
        }
        assertNull(sessions.lastTail);
    }

    @Test
    void terminate() throws Exception {
        SessionTerminateCommand t = new SessionTerminateCommand();
        t.id = "s-run";
        assertEquals("Session s-run is terminating (user requested).\n", run(t).out());
        t.id = "s-wait";
        t.forced = true;
        assertEquals("Session s-wait is cancelled (forced by an administrator).\n", run(t).out());
        t.id = "s-done";
        assertEquals("Error: session 's-done' has already ended\n", run(t).err());
    }

    // ---- export ----

    private Run export(Path file, boolean force) throws Exception {
        SessionExportCommand e = new SessionExportCommand();
        e.file = file.toString();
        e.force = force;
        return run(e);
    }

    private void onlyFiles(String... names) throws Exception {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(names), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void exportWritesTheCsvOfEverySession() throws Exception {
        Path file = dir.resolve("sessions.csv");
        Run run = export(file, false);
        assertEquals("", run.err());
        assertEquals(SessionQuery.ALL, sessions.lastQuery);
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            assertEquals(List.of("id", "name", "status", "reason"), csv.getHeaderNames());
            records = csv.getRecords();
        }
        assertEquals(List.of("s-done", "s-run", "s-wait"), records.stream().map(r -> r.get("id")).toList());
        assertEquals("started\nsecond line", records.get(0).get("reason"));
        assertEquals("Wrote 3 sessions to " + file + " (CSV: a header and 3 rows, " + Files.size(file)
                + " bytes).\n", run.out(), "rows are records, not lines");
        onlyFiles("sessions.csv");
    }

    @Test
    void exportHonoursFiltersAndRefusesToOverwriteUnlessForced() throws Exception {
        Path file = dir.resolve("s.csv");
        Files.writeString(file, "keep me");
        Run refused = export(file, false);
        assertEquals("Error: " + file + " exists; give --force to replace it (field: file)\n", refused.err());
        assertEquals("keep me", Files.readString(file));
        assertNull(sessions.lastQuery, "nothing was asked of core");

        SessionExportCommand e = new SessionExportCommand();
        e.file = file.toString();
        e.force = true;
        e.status = List.of("pending");
        Run forced = run(e);
        assertEquals("", forced.err());
        assertEquals(Set.of(SessionStatus.PENDING), sessions.lastQuery.statuses());
        assertTrue(Files.readString(file).startsWith("id,name,status,reason\r\ns-wait,"), Files.readString(file));
        assertTrue(forced.out().startsWith("Wrote 1 session to "), forced.out());
        onlyFiles("s.csv");

        assertEquals("Error: " + dir + " is a directory (field: file)\n", export(dir, true).err());
        assertEquals("Error: directory " + dir.resolve("nowhere") + " does not exist (field: file)\n",
                export(dir.resolve("nowhere/s.csv"), false).err());
    }

    @Test
    void aFailedExportLeavesNoFile() throws Exception {
        FakeSessionService failing = new FakeSessionService() {
            @Override
            public void exportCsv(Caller caller, SessionQuery query, java.io.Writer out) throws java.io.IOException {
                out.write("id\r\n");
                throw new java.io.IOException("disk full");
            }
        };
        SessionExportCommand e = new SessionExportCommand();
        e.sessions = failing;
        Path file = dir.resolve("s.csv");
        e.file = file.toString();
        Run run = Run.of(e, identity);
        assertTrue(run.err().startsWith("Error: cannot write " + file + ": java.io.IOException: disk full"),
                run.err());
        onlyFiles();
    }

    // ---- preset check and maintenance ----

    @Test
    void presetCheckShowsEveryGroup() throws Exception {
        Run run = run(new PresetCheckCommand());
        assertEquals("", run.err());
        assertNull(sessions.lastGroup);
        assertTrue(hasLine(run, "Resource group", "default"), run.out());
        assertTrue(hasLine(run, "Free", "cpu=30 mem=64g"), run.out());
        assertTrue(hasLine(run, "Remaining limits", "cpu=inf"), run.out());
        assertEquals(List.of("small", "cpu=1 mem=2g", "yes", "-"), row(run, "small"));
        assertEquals(List.of("huge", "cpu=64", "no", "no agent has cpu 64 free; keypair limit: cpu"),
                row(run, "huge"));
        assertTrue(hasLine(run, "Resource group", "gpu"), run.out());
        assertTrue(run.out().contains("No presets."), run.out());

        PresetCheckCommand one = new PresetCheckCommand();
        one.group = "gpu";
        Run gpu = run(one);
        assertEquals("gpu", sessions.lastGroup);
        assertFalse(gpu.out().contains("small"), gpu.out());
        one.group = "nowhere";
        assertEquals("No resource groups.\n", run(one).out());
    }

    @Test
    void recalculateUsagePrintsProgressThenTheReport() throws Exception {
        Run run = run(new RecalculateUsageCommand());
        assertEquals("", run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of("checking 2 agents", "i-gpu1: occupied slots rebuilt",
                "Checked 2 agents and counted 3 sessions.", "Occupied slots rebuilt on 1 agent:"), lines.subList(0, 4));
        assertEquals(List.of("i-gpu1", "cpu=7 mem=1g", "cpu=4 mem=8g"), row(run, "i-gpu1"));
        assertEquals(List.of(Caller.SYSTEM), sessions.callers);

        sessions.recalculation = new UsageRecalculation(1, 0, List.of());
        assertTrue(run(new RecalculateUsageCommand()).out().endsWith("Checked 1 agent and counted 0 sessions.\n"
                + "Every agent's occupied slots were right; nothing changed.\n"));
    }

    // ---- completion ----

    @Test
    void sessionIdsCompleteFromLiveSessions() {
        SessionIdCompleter completer = new SessionIdCompleter();
        completer.sessions = sessions;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, TestCommandLines.at("berth:session-show", "s-"), candidates);
        assertEquals(List.of("s-run", "s-wait"), candidates.stream().map(String::trim).sorted().toList(),
                "ended sessions are not offered");
        assertEquals(PageRequest.first(Lookups.PAGE), sessions.lastPage);
        assertEquals(SessionIdCompleter.LIVE.statuses(), EnumSet.of(SessionStatus.PENDING, SessionStatus.SCHEDULED,
                SessionStatus.PREPARING, SessionStatus.RUNNING, SessionStatus.TERMINATING));
    }

}
