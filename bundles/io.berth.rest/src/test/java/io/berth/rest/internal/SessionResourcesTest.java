package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC C1, C3, C7, A5 (check presets) and Y2 (recalculate usage) over HTTP. */
class SessionResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final List<String> SESSION_FIELDS = List.of("id", "name", "status", "status_reason",
            "status_changed_at", "type", "image", "architecture", "access_key", "user_uuid", "owner_email",
            "project_id", "domain", "resource_group", "cluster_size", "cluster_mode", "slots_per_container",
            "requested_slots", "environment", "mounts", "startup_command", "priority", "dependencies", "starts_at",
            "sudo", "pending_reasons", "retries", "agents", "created_at", "terminated_at", "last_activity");
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private Answer get(String path) {
        return rest.signed("GET", path, ADMIN).send();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---- create ----

    @Test
    void createPassesEveryFieldAndAnswers201WithLocation() {
        Answer a = rest.signed("POST", "/sessions", ADMIN).json("{\"name\":\"nb\",\"image\":\"python:3.12\","
                + "\"type\":\"batch\",\"resources\":{\"cpu\":2,\"mem\":\"8g\",\"cuda.shares\":0.5},"
                + "\"resource_group\":\"gpu\",\"project\":\"ml\",\"cluster_size\":2,\"cluster_mode\":\"multi-node\","
                + "\"environment\":{\"SEED\":\"42\"},\"mounts\":[\"data\",\"models\"],\"startup_command\":\"make\","
                + "\"priority\":50,\"dependencies\":[\"s-run\"],\"starts_at\":\"2025-06-01T14:00:00+02:00\","
                + "\"architecture\":\"aarch64\"}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/sessions/s-new", a.header("Location"));
        JsonNode v = a.json();
        assertEquals(SESSION_FIELDS, fieldNames(v));
        assertEquals("pending", v.path("status").asText());
        assertEquals("8589934592", v.path("slots_per_container").path("mem").textValue());
        assertEquals("17179869184", v.path("requested_slots").path("mem").textValue(), "two containers");
        assertEquals("1", v.path("requested_slots").path("cuda.shares").textValue());
        assertEquals("2025-06-01T12:00:00Z", v.path("starts_at").asText());

        SessionInput in = rest.sessions.lastInput;
        assertEquals(new SessionInput("nb", "python:3.12", "batch",
                Map.of("cpu", 2, "mem", "8g", "cuda.shares", new BigDecimal("0.5")), null, "gpu", "ml", 2,
                "multi-node", Map.of("SEED", "42"), List.of("data", "models"), "make", 50, List.of("s-run"),
                Instant.parse("2025-06-01T12:00:00Z"), "aarch64"), in);
        assertEquals(FakeAuthService.ADMIN, ((List<?>) rest.sessions.calls.get(0)).get(1));
    }

    @Test
    void aPresetAloneIsEnoughAndAbsentFieldsAreNull() {
        Answer a = rest.signed("POST", "/sessions", ADMIN).json("{\"image\":\"python:3.12\",\"preset\":\"small\"}")
                .send();
        assertEquals(201, a.status(), a::toString);
        assertEquals(new SessionInput(null, "python:3.12", null, null, "small", null, null, null, null, null, null,
                null, null, null, null, null), rest.sessions.lastInput);
    }

    @Test
    void createErrorsNameTheField() {
        assertEquals("image", assertProblem(rest.signed("POST", "/sessions", ADMIN).json("{}").send(), 400,
                "invalid-input").path("field").asText(), "core's errors pass through");
        JsonNode p = assertProblem(rest.signed("POST", "/sessions", ADMIN)
                .json("{\"image\":\"x\",\"starts_at\":\"tomorrow\"}").send(), 400, "invalid-input");
        assertEquals("starts_at", p.path("field").asText());
        assertTrue(p.path("detail").asText().contains("ISO-8601"), p::toString);
        assertEquals("starts_at", assertProblem(rest.signed("POST", "/sessions", ADMIN)
                .json("{\"image\":\"x\",\"starts_at\":\"2025-06-01T12:00:00\"}").send(), 400, "invalid-input")
                .path("field").asText(), "a start time needs its offset");
        assertEquals("cluster_size", assertProblem(rest.signed("POST", "/sessions", ADMIN)
                .json("{\"image\":\"x\",\"cluster_size\":\"2\"}").send(), 400, "invalid-json").path("field").asText());
        assertEquals("environment.A", assertProblem(rest.signed("POST", "/sessions", ADMIN)
                .json("{\"image\":\"x\",\"environment\":{\"A\":1}}").send(), 400, "invalid-json").path("field")
                .asText());
        assertEquals("gpus", assertProblem(rest.signed("POST", "/sessions", ADMIN)
                .json("{\"image\":\"x\",\"gpus\":1}").send(), 400, "invalid-json").path("field").asText());
        assertProblem(rest.signed("POST", "/sessions", ADMIN).header("Content-Type", "application/json").send(), 400,
                "invalid-input");
        assertEquals(1, rest.sessions.calls.size(), "only the first reached core");
    }

    // ---- list ----

    @Test
    void listPassesFiltersAndPaging() {
        Answer a = get("/sessions?status=running,PENDING&status=error&access_key=AK&owner=a@b.io&project=p-1"
                + "&domain=default&resource_group=gpu&agent=i-gpu1&type=batch&name=nb"
                + "&created_from=2025-05-01&created_to=2025-05-02T00:00:00Z&offset=1&limit=5&order_by=created_at"
                + "&order=desc");
        assertEquals(200, a.status(), a::toString);
        assertEquals(new SessionQuery(EnumSet.of(SessionStatus.RUNNING, SessionStatus.PENDING, SessionStatus.ERROR),
                "AK", "a@b.io", "p-1", "default", "gpu", "i-gpu1", SessionType.BATCH, "nb",
                Instant.parse("2025-05-01T00:00:00Z"), Instant.parse("2025-05-02T00:00:00Z")),
                rest.sessions.lastQuery);
        assertEquals(new PageRequest(1, 5, "created_at", true), rest.sessions.lastPage);
        assertEquals(2, a.json().path("total").asInt());
        assertEquals(1, a.json().path("items").size());
    }

    @Test
    void listWithoutFiltersIsEveryStatusAndTheView() {
        Answer a = get("/sessions");
        assertEquals(200, a.status(), a::toString);
        assertEquals(SessionQuery.ALL, rest.sessions.lastQuery);
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), rest.sessions.lastPage);
        assertNull(a.header("Content-Disposition"), "a list is not a download");
        JsonNode items = a.json().path("items");
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(a.json()));
        JsonNode run = items.path(0);
        assertEquals(SESSION_FIELDS, fieldNames(run));
        assertEquals("s-run", run.path("id").asText());
        assertEquals("running", run.path("status").asText());
        assertEquals("interactive", run.path("type").asText());
        assertEquals("single-node", run.path("cluster_mode").asText());
        assertEquals("admin@berth.io", run.path("owner_email").asText());
        assertEquals("id-admin@berth.io", run.path("user_uuid").asText());
        assertEquals(List.of("i-gpu1"), List.of(run.path("agents").path(0).asText()));
        assertEquals(1, run.path("agents").size(), "each agent once");
        assertTrue(run.path("startup_command").isNull());
        assertTrue(run.path("terminated_at").isNull());
        JsonNode wait = items.path(1);
        assertEquals("s-wait", wait.path("id").asText());
        assertEquals("keypair limit: cpu", wait.path("pending_reasons").path(0).asText());
        assertEquals(3, wait.path("retries").asInt());
        assertEquals(0, wait.path("agents").size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "status=sleeping                 | status",
            "status=running,                 | status",
            "status=running&status=zombie    | status",
            "type=gpu                        | type",
            "created_from=yesterday          | created_from",
            "created_to=2025-13-01           | created_to",
            "offset=-1                       | offset",
            "limit=0                         | limit",
            "order=up                        | order",
            "download=xlsx                   | download",
    })
    void badFiltersAre400(String query, String field) {
        Answer a = get("/sessions?" + query);
        assertEquals(field, assertProblem(a, 400, "invalid-input").path("field").asText(), a::toString);
        assertTrue(rest.sessions.calls.isEmpty(), "nothing reached core");
    }

    @Test
    void csvDownloadIsAStreamedAttachmentWithTheFilters() {
        Answer a = get("/sessions?download=csv&status=pending");
        assertEquals(200, a.status(), a::toString);
        assertEquals("text/csv;charset=utf-8", a.mediaType().toString());
        assertEquals("attachment; filename=\"sessions-20250601-120000.csv\"", a.header("Content-Disposition"));
        assertEquals("id,name,status\r\ns-wait,later,pending\r\n", a.text());
        assertEquals(Set.of(SessionStatus.PENDING), rest.sessions.lastQuery.statuses());
        assertEquals(List.of("exportCsv", FakeAuthService.ADMIN, rest.sessions.lastQuery), rest.sessions.calls.get(0));
        assertEquals("sessions-20250601-120000.csv".length(),
                SessionResource.fileName(Instant.parse("2025-06-01T12:00:00Z")).length());
        assertTrue(SessionResource.fileName(Instant.parse("+99999-12-31T23:59:59Z")).length() <= 255);
    }

    // ---- detail, logs, terminate ----

    @Test
    void detailHasKernelsHistoryAndWireSlots() {
        Answer a = get("/sessions/s-run");
        assertEquals(200, a.status(), a::toString);
        JsonNode v = a.json();
        List<String> fields = new ArrayList<>(SESSION_FIELDS);
        fields.add("kernels");
        fields.add("history");
        assertEquals(fields, fieldNames(v));
        assertEquals(2, v.path("cluster_size").asInt());
        assertEquals("4294967296", v.path("slots_per_container").path("mem").textValue());
        assertEquals("8589934592", v.path("requested_slots").path("mem").textValue());
        assertEquals("0.5", v.path("slots_per_container").path("cuda.shares").textValue());
        JsonNode k = v.path("kernels").path(0);
        assertEquals(List.of("id", "index", "agent_id", "container_id", "status", "status_reason", "slots",
                "exit_code", "created_at", "terminated_at"), fieldNames(k));
        assertEquals("k-0", k.path("id").asText());
        assertEquals(0, k.path("index").asInt());
        assertEquals("i-gpu1", k.path("agent_id").asText());
        assertEquals("c0ffee", k.path("container_id").asText());
        assertEquals("running", k.path("status").asText());
        assertEquals("2", k.path("slots").path("cpu").textValue());
        assertTrue(k.path("exit_code").isNull());
        assertEquals("preparing", v.path("kernels").path(1).path("status").asText());
        assertTrue(v.path("kernels").path(1).path("container_id").isNull());
        JsonNode h = v.path("history");
        assertEquals(2, h.size());
        assertEquals(List.of("status", "reason", "at"), fieldNames(h.path(0)));
        assertEquals("pending", h.path(0).path("status").asText());
        assertEquals("created", h.path(0).path("reason").asText());
        assertEquals("2025-05-01T10:00:00Z", h.path(0).path("at").asText());
        assertEquals("running", h.path(1).path("status").asText());

        assertEquals("id", assertProblem(get("/sessions/s-nobody"), 404, "not-found").path("field").asText());
    }

    @Test
    void logsAreTextWithADefaultAndBoundedTail() {
        Answer a = get("/sessions/s-run/logs");
        assertEquals(200, a.status(), a::toString);
        assertEquals("text/plain;charset=utf-8", a.mediaType().toString());
        assertEquals("epoch 1\nepoch 2 ✓\n", a.text());
        assertEquals(List.of("logs", FakeAuthService.ADMIN, "s-run", 500), rest.sessions.calls.get(0));
        assertEquals(200, get("/sessions/s-run/logs?tail=10000").status());
        assertEquals(10000, ((List<?>) rest.sessions.calls.get(1)).get(3));
        for (String tail : List.of("-1", "0", "10001", "many")) {
            assertEquals("tail", assertProblem(get("/sessions/s-run/logs?tail=" + tail), 400, "invalid-input")
                    .path("field").asText(), tail);
        }
        assertProblem(get("/sessions/s-nobody/logs"), 404, "not-found");
    }

    @Test
    void terminateAnswersTheSessionAfterTheChange() {
        Answer a = rest.signed("DELETE", "/sessions/s-run", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("terminating", a.json().path("status").asText());
        assertEquals(List.of("terminate", FakeAuthService.ADMIN, "s-run", false), rest.sessions.calls.get(0));

        Answer forced = rest.signed("DELETE", "/sessions/s-wait?forced=true", ADMIN).send();
        assertEquals(200, forced.status(), forced::toString);
        assertEquals("cancelled", forced.json().path("status").asText());
        assertEquals(List.of("terminate", FakeAuthService.ADMIN, "s-wait", true), rest.sessions.calls.get(1));

        assertEquals("forced", assertProblem(rest.signed("DELETE", "/sessions/s-run?forced=maybe", ADMIN).send(),
                400, "invalid-input").path("field").asText());
        assertProblem(rest.signed("DELETE", "/sessions/s-nobody", ADMIN).send(), 404, "not-found");
    }

    @Test
    void coreDecidesWhoMayForce() {
        Answer a = rest.signed("DELETE", "/sessions/s-run?forced=true", FakeAuthService.LIMITED_KEY).send();
        assertProblem(a, 403, "forbidden");
        assertEquals(FakeAuthService.LIMITED, ((List<?>) rest.sessions.calls.get(0)).get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /sessions", "POST /sessions", "GET /sessions/s-run", "GET /sessions/s-run/logs",
        "DELETE /sessions/s-run", "GET /sessions?download=csv", "GET /resource-presets/check",
        "POST /admin/maintenance/recalculate-usage"})
    void everySessionEndpointNeedsASignature(String call) {
        String[] parts = call.split(" ");
        InMemoryRest.Req r = rest.request(parts[0], parts[1]);
        if (parts[0].equals("POST")) {
            r.json("{\"image\":\"x\"}");
        }
        assertProblem(r.send(), 401, "unauthorized");
        assertTrue(rest.sessions.calls.isEmpty());
    }

    // ---- presets and maintenance ----

    @Test
    void checkPresets() {
        Answer a = get("/resource-presets/check");
        assertEquals(200, a.status(), a::toString);
        assertEquals(Arrays.asList("checkPresets", FakeAuthService.ADMIN, null), rest.sessions.calls.get(0));
        JsonNode g = a.json().path("items").path(0);
        assertEquals(1, a.json().path("total").asInt());
        assertEquals(List.of("resource_group", "group_free", "keypair_remaining", "presets"), fieldNames(g));
        assertEquals("default", g.path("resource_group").asText());
        assertEquals("30", g.path("group_free").path("cpu").textValue());
        assertEquals("Infinity", g.path("keypair_remaining").path("cpu").textValue());
        JsonNode small = g.path("presets").path(0);
        assertEquals(List.of("preset", "slots", "allocatable", "reasons"), fieldNames(small));
        assertTrue(small.path("allocatable").asBoolean());
        JsonNode huge = g.path("presets").path(1);
        assertEquals("huge", huge.path("preset").asText());
        assertTrue(huge.path("allocatable").isBoolean() && !huge.path("allocatable").asBoolean());
        assertEquals("no agent has cpu 64 free", huge.path("reasons").path(0).asText());

        assertEquals(200, get("/resource-presets/check?resource_group=default").status());
        assertEquals(Arrays.asList("checkPresets", FakeAuthService.ADMIN, "default"), rest.sessions.calls.get(1));
        assertEquals("resource_group", assertProblem(get("/resource-presets/check?resource_group=gpu"), 404,
                "not-found").path("field").asText());
    }

    @Test
    void checkPresetsIsForEverySignedInUser() {
        Answer a = rest.signed("GET", "/resource-presets/check", FakeAuthService.LIMITED_KEY).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(FakeAuthService.LIMITED, ((List<?>) rest.sessions.calls.get(0)).get(1));
    }

    @Test
    void recalculateUsageAnswersTheReportAndProgress() {
        Answer a = rest.signed("POST", "/admin/maintenance/recalculate-usage", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode r = a.json();
        assertEquals(List.of("agents_checked", "sessions_counted", "changes", "progress"), fieldNames(r));
        assertEquals(2, r.path("agents_checked").asInt());
        assertEquals(1, r.path("sessions_counted").asInt());
        JsonNode c = r.path("changes").path(0);
        assertEquals(List.of("agent_id", "before", "after"), fieldNames(c));
        assertEquals("i-gpu1", c.path("agent_id").asText());
        assertEquals("7", c.path("before").path("cpu").textValue());
        assertEquals("4", c.path("after").path("cpu").textValue());
        assertEquals("checking 2 agents", r.path("progress").path(0).asText());
        assertEquals(2, r.path("progress").size());

        assertProblem(rest.signed("POST", "/admin/maintenance/recalculate-usage", FakeAuthService.LIMITED_KEY).send(),
                403, "forbidden");
    }

    @Test
    void progressIsBounded() {
        FakeSessionService many = new FakeSessionService() {
            @Override
            public io.berth.core.session.UsageRecalculation recalculateUsage(Caller caller,
                    java.util.function.Consumer<String> progress) {
                for (int i = 0; i < MaintenanceResource.MAX_PROGRESS_LINES + 5; i++) {
                    progress.accept("line " + i);
                }
                return new io.berth.core.session.UsageRecalculation(0, 0, List.of());
            }
        };
        Views.UsageRecalculationView v = MaintenanceResource.recalculateUsage(many, FakeAuthService.ADMIN);
        assertEquals(MaintenanceResource.MAX_PROGRESS_LINES + 1, v.progress().size());
        assertEquals("\u2026 and 5 more lines", v.progress().get(MaintenanceResource.MAX_PROGRESS_LINES));
    }
}
