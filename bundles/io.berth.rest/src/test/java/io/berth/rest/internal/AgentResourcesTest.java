package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.identity.PageRequest;
import io.berth.rest.internal.InMemoryRest.Answer;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC A1–A3 over HTTP: the agent protocol (token, not signature) and the administrators' agent views. */
class AgentResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String AUTH = "BerthAgent " + FakeAgentService.TOKEN;
    /** A full report in the agent's wire form: amounts as numbers and as text. */
    private static final String REPORT = "{\"id\":\"i-new\",\"region\":\"eu-west\",\"architecture\":\"x86_64\","
            + "\"version\":\"1.3.0\",\"address\":\"tcp://10.0.0.7:6001\",\"resource_group\":\"gpu\","
            + "\"available_slots\":{\"cpu\":16,\"mem\":\"64g\",\"cuda.device\":\"2\",\"cuda.shares\":0.5},"
            + "\"occupied_slots\":{\"cpu\":\"1.5\",\"mem\":1073741824},"
            + "\"cpu_percent\":12.5,\"memory_used_bytes\":2147483648,\"container_count\":2,"
            + "\"devices\":[{\"plugin\":\"cuda\",\"id\":\"0\",\"model\":\"NVIDIA H200\",\"memory_bytes\":150000000000,"
            + "\"capacity\":{\"cuda.device\":1},\"utilisation_percent\":55,\"memory_used_bytes\":1000},"
            + "{\"plugin\":\"cuda\",\"id\":\"1\",\"model\":\"NVIDIA H200\",\"memory_bytes\":150000000000,"
            + "\"capacity\":{\"cuda.device\":\"1\"}}]}";
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private InMemoryRest.Req agent(String path, String json) {
        return rest.request("POST", "/agent-api/" + path).header("Authorization", AUTH).json(json);
    }

    private static Amount amount(String text) {
        return Amount.of(new BigDecimal(text));
    }

    /** A report with just an id and the given members (a JSON fragment, may be empty). */
    private static String report(String members) {
        return "{\"id\":\"i-gpu1\"" + (members.isEmpty() ? "" : "," + members) + "}";
    }

    // ---- agent protocol ----

    @Test
    void registrationParsesTheReportAndAnswersTheAgentAndTheInterval() {
        Answer a = agent("register", REPORT).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(List.of("agent", "heartbeat_interval_seconds"), fieldNames(body));
        assertEquals(15, body.path("heartbeat_interval_seconds").asInt());
        assertEquals("i-new", body.path("agent").path("id").asText());
        assertEquals("alive", body.path("agent").path("status").asText());
        assertEquals("68719476736", body.path("agent").path("available_slots").path("mem").textValue());

        List<?> call = (List<?>) rest.agents.calls.get(0);
        assertEquals("register", call.get(0));
        assertEquals(FakeAgentService.TOKEN, call.get(1), "the token goes to core as sent");
        AgentReport r = (AgentReport) call.get(2);
        assertEquals(new AgentReport("i-new", "eu-west", "x86_64", "1.3.0", "tcp://10.0.0.7:6001", "gpu",
                ResourceSlots.of(Map.of("cpu", Amount.of(16), "mem", Amount.of(64L << 30), "cuda.device",
                        Amount.of(2), "cuda.shares", amount("0.5"))),
                ResourceSlots.of(Map.of("cpu", amount("1.5"), "mem", Amount.of(1L << 30))), 12.5, 2_147_483_648L, 2,
                List.of(new DeviceInfo("cuda", "0", "NVIDIA H200", 150_000_000_000L,
                        ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), 55, 1000),
                        new DeviceInfo("cuda", "1", "NVIDIA H200", 150_000_000_000L,
                                ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), -1, -1))), r);
    }

    @Test
    void localImagesGoToCoreAsSentAndAbsentMeansNone() {
        Answer a = agent("register", report("\"images\":[\"cr.example.com/stable/python:3.12\","
                + "\"cr.example.com/stable/python@sha256:aaa\"]")).send();
        assertEquals(200, a.status(), a::toString);
        AgentReport r = (AgentReport) ((List<?>) rest.agents.calls.get(0)).get(2);
        assertEquals(List.of("cr.example.com/stable/python:3.12", "cr.example.com/stable/python@sha256:aaa"),
                r.images());
        Answer beat = agent("heartbeat", report("\"images\":[\"busybox:latest\"]")).send();
        assertEquals(200, beat.status(), beat::toString);
        assertEquals(List.of("busybox:latest"), ((AgentReport) ((List<?>) rest.agents.calls.get(1)).get(2)).images());
        assertEquals(200, agent("heartbeat", report("")).send().status());
        assertEquals(List.of(), ((AgentReport) ((List<?>) rest.agents.calls.get(2)).get(2)).images());
    }

    @Test
    void tooManyOrTooLongImagesAre400() {
        String many = String.join(",", java.util.Collections.nCopies(AgentProtocolResource.MAX_IMAGES + 1,
                "\"busybox:1\""));
        assertEquals("images", assertProblem(agent("register", report("\"images\":[" + many + "]")).send(), 400,
                "invalid-input").path("field").asText());
        String longRef = "x".repeat(AgentProtocolResource.MAX_IMAGE_REFERENCE + 1);
        assertEquals("images[1]", assertProblem(agent("heartbeat", report("\"images\":[\"a:1\",\"" + longRef
                + "\"]")).send(), 400, "invalid-input").path("field").asText());
        assertEquals("images[0]", assertProblem(agent("register", report("\"images\":[null]")).send(), 400,
                "invalid-input").path("field").asText());
        assertTrue(rest.agents.calls.isEmpty(), "nothing reaches core");
        String max = "x".repeat(AgentProtocolResource.MAX_IMAGE_REFERENCE);
        assertEquals(200, agent("register", report("\"images\":[\"" + max + "\"]")).send().status());
    }

    @Test
    void absentFiguresAreZeroAndAbsentMapsEmpty() {
        Answer a = agent("register", "{\"id\":\"i-min\"}").send();
        assertEquals(200, a.status(), a::toString);
        AgentReport r = (AgentReport) ((List<?>) rest.agents.calls.get(0)).get(2);
        assertEquals(new AgentReport("i-min", null, null, null, null, null, ResourceSlots.EMPTY, ResourceSlots.EMPTY,
                0, 0, 0, List.of()), r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"register", "heartbeat", "goodbye"})
    void aMissingHeaderIs401BeforeTheBodyIsRead(String path) {
        Answer a = rest.request("POST", "/agent-api/" + path).json("{not json").send();
        JsonNode p = assertProblem(a, 401, "unauthorized");
        assertTrue(p.path("detail").asText().contains("BerthAgent"), p::toString);
        assertEquals("BerthAgent", a.header("WWW-Authenticate"));
        assertTrue(rest.agents.calls.isEmpty());
        assertTrue(rest.auth.signed.isEmpty(), "agent requests are not checked as signed requests");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer agent-s3cret", "BackendAI signMethod=HMAC-SHA256, credential=AKADMIN:c2ln",
        "BerthAgent", "BerthAgent   ", "BerthAgentagent-s3cret", "Basic YWdlbnQ6cw==", "   "})
    void anotherSchemeOrNoTokenIs401(String header) {
        Answer a = rest.request("POST", "/agent-api/heartbeat").header("Authorization", header).json(REPORT).send();
        assertProblem(a, 401, "unauthorized");
        assertTrue(rest.agents.calls.isEmpty(), header);
    }

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenIsCheckedByCore() {
        Answer ok = rest.request("POST", "/agent-api/register").header("Authorization",
                "berthagent " + FakeAgentService.TOKEN).json(REPORT).send();
        assertEquals(200, ok.status(), ok::toString);
        Answer wrong = rest.request("POST", "/agent-api/register").header("Authorization", "BerthAgent nope")
                .json(REPORT).send();
        assertProblem(wrong, 401, "unauthorized");
        assertEquals("nope", ((List<?>) rest.agents.calls.get(1)).get(1), "core got the token to compare");
    }

    @Test
    void signedKeypairRequestsAreNoAgentCredential() {
        Answer a = rest.signed("POST", "/agent-api/register", ADMIN).json(REPORT).send();
        assertProblem(a, 401, "unauthorized");
        assertTrue(rest.agents.calls.isEmpty());
    }

    @Test
    void heartbeatAnswersAliveAndAnUnknownAgentGets404() {
        Answer a = agent("heartbeat", report("\"available_slots\":{\"cpu\":32}")).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("{\"status\":\"alive\"}", a.text());
        AgentReport r = (AgentReport) ((List<?>) rest.agents.calls.get(0)).get(2);
        assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(32))), r.availableSlots());

        Answer unknown = agent("heartbeat", "{\"id\":\"i-nobody\"}").send();
        assertEquals("id", assertProblem(unknown, 404, "not-found").path("field").asText(),
                "core's 404 passes through so the agent registers again");
    }

    @Test
    void goodbye() {
        Answer a = agent("goodbye", "{\"id\":\"i-gpu1\"}").send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(List.of("goodbye", FakeAgentService.TOKEN, "i-gpu1"), rest.agents.calls.get(0));
        assertEquals(AgentStatus.TERMINATED, rest.agents.agents.get("i-gpu1").status());

        assertEquals("id", assertProblem(agent("goodbye", "{}").send(), 400, "invalid-input").path("field").asText());
        assertEquals("region", assertProblem(agent("goodbye", "{\"id\":\"x\",\"region\":\"r\"}").send(), 400,
                "invalid-json").path("field").asText(), "a goodbye body holds only the id");
        assertProblem(agent("goodbye", "{\"id\":\"i-nobody\"}").send(), 404, "not-found");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'\"available_slots\":{\"cpu\":\"4x\"}'                      | available_slots.cpu",
            "'\"available_slots\":{\"cpu\":-1}'                          | available_slots.cpu",
            "'\"available_slots\":{\"tpu\":1}'                           | available_slots.tpu",
            "'\"available_slots\":{\"mem\":null}'                        | available_slots.mem",
            "'\"occupied_slots\":{\"mem\":true}'                         | occupied_slots.mem",
            "'\"occupied_slots\":{\"cpu\":{\"a\":1}}'                    | occupied_slots.cpu",
            "'\"devices\":[{\"capacity\":{\"cuda.device\":1}},{\"capacity\":{\"cuda.device\":\"0.5x\"}}]' "
                    + "| devices[1].capacity.cuda.device",
    })
    void slotErrorsNameTheField(String members, String field) {
        for (String path : List.of("register", "heartbeat")) {
            Answer a = agent(path, report(members)).send();
            JsonNode p = assertProblem(a, 400, "invalid-input");
            assertEquals(field, p.path("field").asText(), a::toString);
            assertTrue(p.path("detail").asText().startsWith(field + ": "), p::toString);
        }
        assertTrue(rest.agents.calls.isEmpty(), "nothing reached core");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'\"hostname\":\"x\"'                        | hostname",
            "'\"cpu_percent\":\"12\"'                    | cpu_percent",
            "'\"container_count\":1.5'                   | container_count",
            "'\"memory_used_bytes\":\"1g\"'              | memory_used_bytes",
            "'\"region\":7'                              | region",
            "'\"devices\":{}'                            | devices",
            "'\"devices\":[{\"plugin\":\"cuda\",\"uuid\":\"x\"}]' | devices[0].uuid",
            "'\"available_slots\":[1]'                   | available_slots",
    })
    void bodiesAreStrict(String members, String field) {
        Answer a = agent("heartbeat", report(members)).send();
        assertEquals(field, assertProblem(a, 400, "invalid-json").path("field").asText(), a::toString);
        assertTrue(rest.agents.calls.isEmpty());
    }

    @Test
    void anIdAnObjectPerDeviceAndABodyAreRequired() {
        assertEquals("id", assertProblem(agent("register", "{\"region\":\"r\"}").send(), 400, "invalid-input")
                .path("field").asText());
        assertEquals("devices[0]", assertProblem(agent("register", report("\"devices\":[null]")).send(), 400,
                "invalid-input").path("field").asText());
        assertProblem(rest.request("POST", "/agent-api/register").header("Authorization", AUTH)
                .header("Content-Type", "application/json").send(), 400, "invalid-input");
        assertProblem(agent("register", "{\"id\":\"a\"} {}").send(), 400, "invalid-json");
        assertTrue(rest.agents.calls.isEmpty());
    }

    @Test
    void tooManySlotsOrDevicesAreRefused() {
        StringBuilder slots = new StringBuilder();
        for (int i = 0; i <= AgentProtocolResource.MAX_SLOTS; i++) {
            slots.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":1");
        }
        assertEquals("occupied_slots", assertProblem(agent("register",
                report("\"occupied_slots\":{" + slots + "}")).send(), 400, "invalid-input").path("field").asText());
        String devices = String.join(",", java.util.Collections.nCopies(AgentProtocolResource.MAX_DEVICES + 1, "{}"));
        assertEquals("devices", assertProblem(agent("register", report("\"devices\":[" + devices + "]")).send(), 400,
                "invalid-input").path("field").asText());
    }

    @Test
    void printableSlotNames() {
        assertEquals("cpu", AgentProtocolResource.printable("cpu"));
        assertEquals("a?b", AgentProtocolResource.printable("a\nb"));
        assertEquals("x".repeat(64) + "\u2026", AgentProtocolResource.printable("x".repeat(65)));
    }

    // ---- administrators ----

    @Test
    void theAgentView() {
        Answer a = rest.signed("GET", "/admin/agents/i-gpu1", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode v = a.json();
        assertEquals(List.of("id", "status", "status_reason", "region", "architecture", "version", "address",
                "resource_group", "schedulable", "available_slots", "occupied_slots", "cpu_percent",
                "memory_used_bytes", "container_count", "devices", "first_contact", "last_heartbeat",
                "status_changed_at"), fieldNames(v));
        assertEquals("alive", v.path("status").asText());
        assertEquals("heartbeat", v.path("status_reason").asText());
        assertTrue(v.path("schedulable").isBoolean());
        assertEquals("137438953472", v.path("available_slots").path("mem").textValue(), "wire amounts are strings");
        assertEquals("4.5", v.path("occupied_slots").path("cpu").textValue());
        assertEquals(37.5, v.path("cpu_percent").asDouble());
        assertEquals(20_000_000_000L, v.path("memory_used_bytes").asLong());
        assertEquals(3, v.path("container_count").asInt());
        assertEquals("2025-01-01T00:00:00Z", v.path("first_contact").asText());
        assertEquals("2025-05-06T07:08:09Z", v.path("last_heartbeat").asText());
        JsonNode d = v.path("devices").path(0);
        assertEquals(List.of("plugin", "id", "model", "memory_bytes", "capacity", "utilisation_percent",
                "memory_used_bytes"), fieldNames(d));
        assertEquals("NVIDIA H200", d.path("model").asText());
        assertEquals("1", d.path("capacity").path("cuda.device").textValue());
        assertEquals(81.25, d.path("utilisation_percent").asDouble());
        assertEquals(-1, v.path("devices").path(1).path("memory_used_bytes").asLong(), "unknown stays -1");
        assertEquals(List.of("get", FakeAuthService.ADMIN, "i-gpu1"), rest.agents.calls.get(0));
    }

    @Test
    void listDefaultsToAliveAgentsOnTheDefaultPage() {
        Answer a = rest.signed("GET", "/admin/agents", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(a.json()));
        assertEquals(1, a.json().path("total").asInt());
        assertEquals("i-gpu1", a.json().path("items").path(0).path("id").asText());
        assertEquals(List.of("list", FakeAuthService.ADMIN, new AgentQuery(EnumSet.of(AgentStatus.ALIVE), null),
                new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false)), rest.agents.calls.get(0));
    }

    @Test
    void listFiltersAndPaging() {
        Answer all = rest.signed("GET", "/admin/agents?status=all&resource_group=default&limit=5&offset=0"
                + "&order_by=last_heartbeat&order=desc", ADMIN).send();
        assertEquals(200, all.status(), all::toString);
        assertEquals("i-old", all.json().path("items").path(0).path("id").asText());
        assertEquals("terminated", all.json().path("items").path(0).path("status").asText());
        assertEquals(List.of("list", FakeAuthService.ADMIN, new AgentQuery(null, "default"),
                new PageRequest(0, 5, "last_heartbeat", true)), rest.agents.calls.get(0));

        rest.signed("GET", "/admin/agents?status=LOST,terminated", ADMIN).send();
        assertEquals(new AgentQuery(EnumSet.of(AgentStatus.LOST, AgentStatus.TERMINATED), null),
                ((List<?>) rest.agents.calls.get(1)).get(2));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "status=gone, status",
            "'status=alive,', status",
            "limit=0, limit",
            "limit=501, limit",
            "limit=ten, limit",
            "offset=-1, offset",
            "order=sideways, order",
    })
    void badQueryParametersAreNamed(String query, String field) {
        Answer a = rest.signed("GET", "/admin/agents?" + query, ADMIN).send();
        assertEquals(field, assertProblem(a, 400, "invalid-input").path("field").asText(), a::toString);
        assertTrue(rest.agents.calls.isEmpty());
    }

    @Test
    void statusViews() {
        assertEquals(EnumSet.of(AgentStatus.ALIVE), AgentResource.statuses(null));
        assertEquals(EnumSet.of(AgentStatus.ALIVE), AgentResource.statuses(" "));
        assertEquals(null, AgentResource.statuses("ALL"));
        assertEquals(EnumSet.of(AgentStatus.LOST), AgentResource.statuses(" lost "));
    }

    @Test
    void schedulable() {
        Answer a = rest.signed("PATCH", "/admin/agents/i-gpu1", ADMIN).json("{\"schedulable\":false}").send();
        assertEquals(200, a.status(), a::toString);
        assertFalse(a.json().path("schedulable").asBoolean(true));
        assertEquals(List.of("schedulable", FakeAuthService.ADMIN, "i-gpu1", false), rest.agents.calls.get(0));

        assertEquals("schedulable", assertProblem(rest.signed("PATCH", "/admin/agents/i-gpu1", ADMIN).json("{}")
                .send(), 400, "invalid-input").path("field").asText());
        assertEquals("schedulable", assertProblem(rest.signed("PATCH", "/admin/agents/i-gpu1", ADMIN)
                .json("{\"schedulable\":\"no\"}").send(), 400, "invalid-json").path("field").asText());
        assertEquals("status", assertProblem(rest.signed("PATCH", "/admin/agents/i-gpu1", ADMIN)
                .json("{\"status\":\"lost\"}").send(), 400, "invalid-json").path("field").asText());
        assertProblem(rest.signed("PATCH", "/admin/agents/i-nobody", ADMIN).json("{\"schedulable\":true}").send(),
                404, "not-found");
        assertEquals(2, rest.agents.calls.size(), "only the valid bodies reached core");
    }

    @Test
    void rolesAreCoresAndSignaturesAreRequired() {
        String user = FakeAuthService.LIMITED_KEY;
        assertProblem(rest.signed("GET", "/admin/agents", user).send(), 403, "forbidden");
        assertProblem(rest.signed("PATCH", "/admin/agents/i-gpu1", user).json("{\"schedulable\":false}").send(), 403,
                "forbidden");
        assertTrue(rest.agents.agents.get("i-gpu1").schedulable());
        assertProblem(rest.request("GET", "/admin/agents").send(), 401, "unauthorized");
        assertProblem(rest.request("GET", "/admin/agents/i-gpu1").header("Authorization", AUTH).send(), 401,
                "unauthorized");
    }
}
