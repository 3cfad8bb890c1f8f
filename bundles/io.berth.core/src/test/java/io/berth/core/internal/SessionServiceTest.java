package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.in;
import static io.berth.core.internal.SessionWorld.slots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.PresetCheck.PresetAvailability;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.UsageRecalculation;
import io.berth.core.testing.Fakes;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC A5 check presets, C7 export, Y2 recalculate usage, and who may see and change which session (R3). */
class SessionServiceTest {
    private final SessionWorld w = new SessionWorld();

    @Nested
    class CheckPresets {
        private PresetAvailability row(List<PresetCheck> checks, String preset) {
            return checks.stream().filter(c -> c.resourceGroup().equals("default")).findFirst().orElseThrow()
                    .presets().stream().filter(p -> p.preset().equals(preset)).findFirst().orElseThrow();
        }

        @Test
        void allocatableOnlyWhenOneAgentHasRoom() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.agent("a2", cpuMem(8, 32 * GIB));
            w.preset("small", cpuMem(2, 4 * GIB));
            w.preset("huge", cpuMem(12, 4 * GIB));
            List<PresetCheck> checks = w.mgr.checkPresets(w.alice, null);
            assertEquals(List.of("default"), checks.stream().map(PresetCheck::resourceGroup).toList(),
                    "only the groups available to the caller");
            PresetCheck g = checks.get(0);
            assertEquals(cpuMem(16, 64 * GIB), g.groupFree());
            assertTrue(row(checks, "small").allocatable());
            assertEquals(List.of(), row(checks, "small").reasons());
            PresetAvailability huge = row(checks, "huge");
            assertFalse(huge.allocatable(), "the group has 16 cores free, but no agent has 12");
            assertEquals(List.of("no agent of default has that much free"), huge.reasons());
        }

        @Test
        void whatIsPlacedCountsAgainstTheAgents() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.preset("half", cpuMem(4, 4 * GIB));
            w.run(w.create(w.bob, 5, 1));
            PresetAvailability half = row(w.mgr.checkPresets(w.alice, "default"), "half");
            assertFalse(half.allocatable());
            assertEquals(List.of("no agent of default has that much free"), half.reasons());
        }

        @Test
        void keypairLimitLeft() {
            w.agent("a1", cpuMem(32, 64 * GIB));
            w.setPolicy(p -> p.total(slots("cpu", 4)));
            w.preset("one", cpuMem(1, GIB));
            w.preset("two", cpuMem(2, GIB));
            w.run(w.create(w.alice, 3, 1));
            List<PresetCheck> checks = w.mgr.checkPresets(w.alice, "default");
            assertTrue(row(checks, "one").allocatable());
            PresetAvailability two = row(checks, "two");
            assertFalse(two.allocatable());
            assertEquals(List.of("keypair limit left: cpu"), two.reasons());
            assertEquals(slots("cpu", 1).get("cpu"), checks.get(0).keypairRemaining().get("cpu"));
            // bob's keypair has used nothing
            assertTrue(row(w.mgr.checkPresets(w.bob, "default"), "two").allocatable());
        }

        @Test
        void concurrencyLimitReached() {
            w.agent("a1", cpuMem(32, 64 * GIB));
            w.setPolicy(p -> p.concurrent(1));
            w.preset("one", cpuMem(1, GIB));
            w.run(w.create(w.alice, 1, 1));
            PresetAvailability one = row(w.mgr.checkPresets(w.alice, "default"), "one");
            assertFalse(one.allocatable());
            assertEquals(List.of("keypair concurrency limit reached (1)"), one.reasons());
        }

        @Test
        void presetOfAnotherGroupIsNotListed() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.f.tx.run(() -> w.f.presets.insert(new io.berth.core.resource.ResourcePreset("elsewhere",
                    cpuMem(1, GIB), null, "private", SessionWorld.T0, SessionWorld.T0)));
            assertEquals(List.of(), w.mgr.checkPresets(w.alice, "default").get(0).presets());
        }

        @Test
        void groupNotAvailable() {
            assertThrows(ForbiddenException.class, () -> w.mgr.checkPresets(w.alice, "private"));
        }

        @Test
        void readsOnly() {
            w.agent("a1", cpuMem(8, 32 * GIB));
            w.preset("small", cpuMem(2, 4 * GIB));
            Fakes.State before = w.f.state();
            w.mgr.checkPresets(w.alice, null);
            assertEquals("", before.diff(w.f.state()));
        }
    }

    @Nested
    class ExportCsv {
        private List<CSVRecord> export(Caller c, SessionQuery q) throws IOException {
            StringWriter out = new StringWriter();
            w.mgr.exportCsv(c, q, out);
            try (CSVParser p = CSVParser.parse(out.toString(),
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
                assertEquals(SessionServiceImpl.CSV_COLUMNS, p.getHeaderNames());
                return p.getRecords();
            }
        }

        private Set<String> ids(List<CSVRecord> rows) {
            return rows.stream().map(r -> r.get("id")).collect(Collectors.toSet());
        }

        @Test
        void oneRowPerSessionInTheCallersScope() throws IOException {
            w.agent("a1", cpuMem(8, 32 * GIB));
            Session a1 = w.run(w.create(w.alice, in().name("nb-1").res("cpu", 2, "mem", "2g")));
            Session a2 = w.create(w.alice, in().res("cpu", 64));
            w.dispatch(); // a2 waits, with a reason that has commas and braces
            String reason = w.get(a2.id()).statusReason();
            assertTrue(reason.contains(","), reason);
            w.setGroup("default", "fancy\"name", o -> o); // and one with a quote
            Session b = w.create(w.bob, in());
            w.dispatch();
            Session c = w.create(w.carl, in());

            List<CSVRecord> mine = export(w.alice, null);
            assertEquals(Set.of(a1.id(), a2.id()), ids(mine));
            assertTrue(mine.stream().allMatch(r -> r.get("owner_email").equals("alice@example.test")));
            assertEquals(Set.of(a1.id(), a2.id(), b.id()), ids(export(w.admin, null)), "a domain admin: the domain");
            assertEquals(Set.of(c.id()), ids(export(w.otherAdmin, null)));
            assertEquals(Set.of(a1.id(), a2.id(), b.id(), c.id()), ids(export(w.root, null)));
            assertEquals(Set.of(a1.id(), a2.id(), b.id(), c.id()), ids(export(w.mon, null)));

            CSVRecord row = mine.stream().filter(r -> r.get("id").equals(a1.id())).findFirst().orElseThrow();
            assertEquals("nb-1", row.get("name"));
            assertEquals("running", row.get("status"));
            assertEquals("AK-ALICE", row.get("access_key"));
            assertEquals(w.research.id(), row.get("project_id"));
            assertEquals("default", row.get("domain"));
            assertEquals("default", row.get("resource_group"));
            assertEquals("interactive", row.get("type"));
            assertEquals(SessionWorld.IMAGE, row.get("image"));
            assertEquals("1", row.get("cluster_size"));
            assertEquals("a1", row.get("agents"));
            assertTrue(row.get("requested_slots").contains("cpu"), row.get("requested_slots"));
            assertEquals(row.get("requested_slots"), row.get("used_slots"));
            assertEquals(w.get(a1.id()).createdAt().toString(), row.get("created_at"));
            assertEquals("", row.get("terminated_at"));
            CSVRecord pending = mine.stream().filter(r -> r.get("id").equals(a2.id())).findFirst().orElseThrow();
            assertEquals("pending", pending.get("status"));
            assertEquals("scheduler fancy\"name not installed", pending.get("status_reason"));
            assertEquals("", pending.get("agents"));
            assertEquals("{}", pending.get("used_slots").replace(" ", ""));
            CSVRecord bobRow = export(w.admin, null).stream().filter(r -> r.get("id").equals(b.id())).findFirst()
                    .orElseThrow();
            assertEquals("bob@example.test", bobRow.get("owner_email"));
            w.mgr.terminate(w.alice, a2.id(), false);
            CSVRecord cancelled = export(w.alice, null).stream().filter(r -> r.get("id").equals(a2.id())).findFirst()
                    .orElseThrow();
            assertEquals("cancelled", cancelled.get("status"));
            assertEquals(w.get(a2.id()).terminatedAt().toString(), cancelled.get("terminated_at"));
        }

        @Test
        void rowsAreOldestFirstAndFiltered() throws IOException {
            Session first = w.create(w.alice, in());
            Session second = w.create(w.alice, in());
            w.mgr.terminate(w.alice, second.id(), false);
            assertEquals(List.of(first.id(), second.id()),
                    export(w.alice, null).stream().map(r -> r.get("id")).toList());
            assertEquals(List.of(second.id()), export(w.alice, SessionQuery.ALL.withStatuses(
                    Set.of(SessionStatus.CANCELLED))).stream().map(r -> r.get("id")).toList());
        }

        @Test
        void streamsThroughForEach() throws IOException {
            for (int i = 0; i < 30; i++) {
                w.create(w.alice, in());
            }
            int lists = w.f.sessions.listCalls();
            int forEach = w.f.sessions.forEachCalls();
            assertEquals(30, export(w.alice, null).size());
            assertEquals(forEach + 1, w.f.sessions.forEachCalls());
            assertEquals(lists, w.f.sessions.listCalls(), "never reads pages into memory");
        }

        @Test
        void emptyExportHasTheHeader() throws IOException {
            StringWriter out = new StringWriter();
            w.mgr.exportCsv(w.alice, null, out);
            assertEquals(String.join(",", SessionServiceImpl.CSV_COLUMNS) + "\r\n", out.toString());
        }

        @Test
        void usersMayNotExportOthers() {
            w.create(w.bob, in());
            assertThrows(ForbiddenException.class, () -> w.mgr.exportCsv(w.alice, new SessionQuery(null, null,
                    "bob@example.test", null, null, null, null, null, null, null, null), new StringWriter()));
        }

        @Test
        void adminsMayNotExportAnotherDomain() {
            assertThrows(ForbiddenException.class,
                    () -> w.mgr.exportCsv(w.admin, SessionQuery.ALL.withDomain("other"), new StringWriter()));
        }

        @Test
        void aFailingWriterFailsTheExport() {
            w.create(w.alice, in());
            java.io.Writer broken = new java.io.Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) throws IOException {
                    throw new IOException("disk full");
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            IOException e = assertThrows(IOException.class, () -> w.mgr.exportCsv(w.alice, null, broken));
            assertEquals("disk full", e.getMessage());
        }
    }

    @Nested
    class RecalculateUsage {
        @Test
        void restoresTheSumOfLiveKernelsAndReportsTheChange() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            w.agent("a2", cpuMem(16, 64 * GIB));
            Session s = w.run(w.create(w.alice, 2, 4));
            String agent = w.get(s.id()).mainKernel().agentId();
            String other = agent.equals("a1") ? "a2" : "a1";
            w.f.tx.run(() -> {
                w.f.agents.allocate(agent, w.f.agents.allocationVersion(agent), cpuMem(7, 9 * GIB));
                w.f.agents.allocate(other, w.f.agents.allocationVersion(other), cpuMem(1, GIB));
            });
            List<String> progress = new ArrayList<>();
            UsageRecalculation r = w.mgr.recalculateUsage(w.root, progress::add);
            assertEquals(2, r.agentsChecked());
            assertEquals(1, r.sessionsCounted());
            Map<String, UsageRecalculation.AgentChange> changes = r.changes().stream()
                    .collect(Collectors.toMap(UsageRecalculation.AgentChange::agentId, c -> c));
            assertEquals(Set.of("a1", "a2"), changes.keySet());
            assertEquals(cpuMem(7, 9 * GIB), changes.get(agent).before());
            assertEquals(cpuMem(2, 4 * GIB), changes.get(agent).after());
            assertEquals(ResourceSlots.EMPTY, changes.get(other).after());
            assertEquals(cpuMem(2, 4 * GIB), w.allocated(agent));
            assertEquals(ResourceSlots.EMPTY, w.allocated(other));
            w.assertAllocationsConsistent();
            assertEquals("checking 2 agents", progress.get(0));
            assertTrue(progress.get(progress.size() - 1).startsWith("done: 2 agents checked, 2 corrected"),
                    progress.toString());
            // nothing left to correct
            UsageRecalculation again = w.mgr.recalculateUsage(w.root, null);
            assertEquals(List.of(), again.changes());
        }

        @Test
        void terminatingSessionsStillCount() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            Session s = w.run(w.create(w.alice, 2, 4));
            w.mgr.terminate(w.alice, s.id(), false);
            w.f.tx.run(() -> w.f.agents.allocate("a1", w.f.agents.allocationVersion("a1"), ResourceSlots.EMPTY));
            w.mgr.recalculateUsage(w.root, null);
            assertEquals(cpuMem(2, 4 * GIB), w.allocated("a1"));
        }

        @Test
        void superadminOnly() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            w.f.tx.run(() -> w.f.agents.allocate("a1", 0, cpuMem(3, GIB)));
            for (Caller c : List.of(w.alice, w.admin, w.mon)) {
                Fakes.State before = w.f.state();
                ForbiddenException e = assertThrows(ForbiddenException.class, () -> w.mgr.recalculateUsage(c, null));
                assertEquals(403, e.status());
                assertEquals("", before.diff(w.f.state()), c.email());
            }
            assertEquals(1, w.mgr.recalculateUsage(Caller.SYSTEM, null).changes().size());
        }
    }

    @Nested
    class Access {
        private Session alices;
        private Session bobs;
        private Session carls;

        private void sessions() {
            w.agent("a1", cpuMem(16, 64 * GIB));
            alices = w.create(w.alice, in());
            bobs = w.create(w.bob, in());
            carls = w.create(w.carl, in());
        }

        private Set<String> listed(Caller c) {
            Page<Session> page = w.mgr.list(c, SessionQuery.ALL, PageRequest.first(100));
            return page.items().stream().map(Session::id).collect(Collectors.toSet());
        }

        @Test
        void usersSeeAndChangeOnlyTheirOwn() {
            sessions();
            assertEquals(alices.id(), w.mgr.get(w.alice, alices.id()).session().id());
            assertThrows(NotFoundException.class, () -> w.mgr.get(w.alice, bobs.id()));
            assertThrows(NotFoundException.class, () -> w.mgr.logs(w.alice, bobs.id(), 10));
            Fakes.State before = w.f.state();
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> w.mgr.terminate(w.alice, bobs.id(), false));
            assertEquals(404, e.status());
            assertEquals("", before.diff(w.f.state()));
            assertEquals(Set.of(alices.id()), listed(w.alice));
            assertEquals(SessionStatus.PENDING, w.status(bobs));
        }

        @Test
        void domainAdminsSeeAndChangeTheirDomain() {
            sessions();
            assertEquals(bobs.id(), w.mgr.get(w.admin, bobs.id()).session().id());
            assertThrows(NotFoundException.class, () -> w.mgr.get(w.admin, carls.id()));
            assertThrows(NotFoundException.class, () -> w.mgr.terminate(w.admin, carls.id(), false));
            assertEquals(Set.of(alices.id(), bobs.id()), listed(w.admin));
            assertEquals(Set.of(carls.id()), listed(w.otherAdmin));
            assertEquals(SessionStatus.CANCELLED, w.mgr.terminate(w.admin, bobs.id(), false).status());
            assertThrows(ForbiddenException.class,
                    () -> w.mgr.list(w.admin, SessionQuery.ALL.withDomain("other"), PageRequest.first(10)));
        }

        @Test
        void monitorsReadAllButChangeNothing() {
            sessions();
            assertEquals(carls.id(), w.mgr.get(w.mon, carls.id()).session().id());
            assertEquals(Set.of(alices.id(), bobs.id(), carls.id()), listed(w.mon));
            Fakes.State before = w.f.state();
            ForbiddenException e = assertThrows(ForbiddenException.class,
                    () -> w.mgr.terminate(w.mon, alices.id(), false));
            assertEquals(403, e.status());
            assertThrows(ForbiddenException.class, () -> w.mgr.terminate(w.mon, alices.id(), true));
            assertThrows(ForbiddenException.class, () -> w.mgr.create(w.mon, in().build()));
            assertEquals("", before.diff(w.f.state()));
        }

        @Test
        void superadminsSeeAndChangeAll() {
            sessions();
            assertEquals(Set.of(alices.id(), bobs.id(), carls.id()), listed(w.root));
            assertEquals(SessionStatus.CANCELLED, w.mgr.terminate(w.root, carls.id(), false).status());
        }

        @Test
        void unknownSessionIsNotFound() {
            assertThrows(NotFoundException.class, () -> w.mgr.get(w.root, "nothing"));
            assertThrows(NotFoundException.class, () -> w.mgr.terminate(w.root, "nothing", false));
            assertThrows(NotFoundException.class, () -> w.mgr.get(w.root, null));
        }

        @Test
        void detailCarriesTheHistory() {
            sessions();
            w.dispatch();
            var d = w.mgr.get(w.alice, alices.id());
            assertEquals(List.of(SessionStatus.PENDING, SessionStatus.SCHEDULED),
                    d.history().stream().map(h -> h.status()).toList());
        }

        @Test
        void listFiltersPagesAndSorts() {
            sessions();
            Session second = w.create(w.alice, in().name("zeta"));
            Session third = w.create(w.alice, in().name("alpha"));
            Page<Session> p = w.mgr.list(w.alice, SessionQuery.ALL, new PageRequest(0, 2, null, false));
            assertEquals(3, p.total());
            assertEquals(List.of(third.id(), second.id()), p.items().stream().map(Session::id).toList(),
                    "newest first by default");
            Page<Session> byName = w.mgr.list(w.alice, SessionQuery.ALL, new PageRequest(1, 2, "name", false));
            assertEquals(List.of(second.id()), byName.items().stream()
                    .filter(s -> s.name().equals("zeta")).map(Session::id).toList());
            assertEquals("zeta", byName.items().get(byName.items().size() - 1).name());
            SessionQuery named = new SessionQuery(null, null, null, null, null, null, null, null, "ZET", null, null);
            assertEquals(List.of(second.id()), w.mgr.list(w.alice, named, PageRequest.first(10)).items().stream()
                    .map(Session::id).toList());
            assertThrows(ValidationException.class,
                    () -> w.mgr.list(w.alice, SessionQuery.ALL, new PageRequest(0, 10, "image", false)));
        }
    }
}
