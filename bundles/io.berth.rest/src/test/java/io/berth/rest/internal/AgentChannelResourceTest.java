package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.KernelReport;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent command channel over HTTP: work polls, kernel reports and request replies (agent token). */
class AgentChannelResourceTest {
    private static final String AUTH = "BerthAgent " + FakeAgentService.TOKEN;
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

    private Answer poll(String query) {
        return rest.request("GET", "/agent-api/work" + query).header("Authorization", AUTH).send();
    }

    private InMemoryRest.Req post(String path, String json) {
        return rest.request("POST", "/agent-api/" + path).header("Authorization", AUTH).json(json);
    }

    // ---- work ----

    @Test
    void pollAnswersOrdersAndRequestsInWireForm() {
        Answer a = poll("?agent_id=i-gpu1&since=3&wait=5");
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of("poll", FakeAgentService.TOKEN, "i-gpu1", 3L, Duration.ofSeconds(5)),
                rest.channel.calls.get(0));
        JsonNode w = a.json();
        assertEquals(List.of("generation", "orders", "requests"), fieldNames(w));
        assertEquals(7, w.path("generation").asLong());
        JsonNode run = w.path("orders").path(0);
        assertEquals(List.of("action", "kernel_id", "session_id", "index", "image", "slots", "environment", "command",
                "sudo", "batch", "mounts", "pull", "image_digest", "registry_auth"), fieldNames(run));
        assertEquals("digest", run.path("pull").asText());
        assertEquals("sha256:abc", run.path("image_digest").asText());
        assertEquals(List.of("username", "password"), fieldNames(run.path("registry_auth")));
        assertEquals("robot", run.path("registry_auth").path("username").asText());
        assertEquals(FakeAgentChannel.PASSWORD, run.path("registry_auth").path("password").asText(),
                "the agent's work answer carries the password for its pull");
        assertEquals("run", run.path("action").asText());
        assertEquals("k-0", run.path("kernel_id").asText());
        assertEquals("s-run", run.path("session_id").asText());
        assertEquals(0, run.path("index").asInt());
        assertEquals("python:3.12", run.path("image").asText());
        assertEquals("4294967296", run.path("slots").path("mem").textValue());
        assertEquals("0.5", run.path("slots").path("cuda.shares").textValue());
        assertEquals("1", run.path("environment").path("A").asText());
        assertTrue(run.path("command").isNull(), "null: the image's own command");
        assertTrue(run.path("sudo").isBoolean() && !run.path("sudo").asBoolean());
        assertEquals("data", run.path("mounts").path(0).asText());
        JsonNode destroy = w.path("orders").path(1);
        assertEquals("destroy", destroy.path("action").asText());
        assertEquals("sleep 1", destroy.path("command").asText());
        assertTrue(destroy.path("batch").asBoolean());
        assertEquals(0, destroy.path("environment").size());
        assertTrue(destroy.path("image_digest").isNull());
        assertTrue(destroy.path("registry_auth").isNull(), "no credentials: null");
        JsonNode req = w.path("requests").path(0);
        assertEquals(List.of("id", "kind", "kernel_id", "tail_lines"), fieldNames(req));
        assertEquals("r-1", req.path("id").asText());
        assertEquals("logs", req.path("kind").asText());
        assertEquals(500, req.path("tail_lines").asInt());
    }

    @Test
    void theRegistryPasswordIsInNoViewsText() {
        Views.AgentWorkView w = Views.AgentWorkView.of(rest.channel.poll(FakeAgentService.TOKEN, "i-gpu1", -1,
                Duration.ZERO));
        Views.KernelOrderView run = w.orders().get(0);
        assertEquals(new Views.RegistryAuthView("robot", FakeAgentChannel.PASSWORD), run.registryAuth());
        assertTrue(!w.toString().contains(FakeAgentChannel.PASSWORD) && w.toString().contains("robot"),
                w::toString);
        assertTrue(!rest.channel.poll(FakeAgentService.TOKEN, "i-gpu1", -1, Duration.ZERO).toString()
                .contains(FakeAgentChannel.PASSWORD));
    }

    @Test
    void pollDefaultsAndTheWaitCap() {
        assertEquals(200, poll("?agent_id=i-gpu1").status());
        assertEquals(List.of("poll", FakeAgentService.TOKEN, "i-gpu1", -1L, Duration.ofSeconds(20)),
                rest.channel.calls.get(0), "first poll: since -1, wait 20 s");
        assertEquals(200, poll("?agent_id=i-gpu1&wait=3600").status());
        assertEquals(AgentChannel.MAX_WAIT, ((List<?>) rest.channel.calls.get(1)).get(4));
        assertEquals(200, poll("?agent_id=i-gpu1&wait=0").status());
        assertEquals(Duration.ZERO, ((List<?>) rest.channel.calls.get(2)).get(4));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                              | agent_id",
            "?agent_id=                      | agent_id",
            "?agent_id=i-gpu1&since=x        | since",
            "?agent_id=i-gpu1&wait=-1        | wait",
            "?agent_id=i-gpu1&wait=1.5       | wait",
    })
    void badPollsAre400(String query, String field) {
        Answer a = poll(query);
        assertEquals(field, assertProblem(a, 400, "invalid-input").path("field").asText(), a::toString);
        assertTrue(rest.channel.calls.isEmpty());
    }

    @Test
    void anUnknownAgentIs404AndABadTokenIs401() {
        assertEquals("agent_id", assertProblem(poll("?agent_id=i-nobody"), 404, "not-found").path("field").asText());
        Answer wrong = rest.request("GET", "/agent-api/work?agent_id=i-gpu1").header("Authorization",
                "BerthAgent nope").send();
        assertProblem(wrong, 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET work?agent_id=i-gpu1", "POST kernels", "POST requests/r-1/reply"})
    void withoutTheAgentHeaderIs401(String call) {
        String[] parts = call.split(" ");
        InMemoryRest.Req r = rest.request(parts[0], "/agent-api/" + parts[1]);
        if (parts[0].equals("POST")) {
            r.json("{not json");
        }
        Answer a = r.send();
        assertProblem(a, 401, "unauthorized");
        assertEquals("BerthAgent", a.header("WWW-Authenticate"));
        Answer signed = rest.signed(parts[0], "/agent-api/" + parts[1], FakeAuthService.ADMIN_KEY).json("{}").send();
        assertProblem(signed, 401, "unauthorized");
        assertTrue(rest.channel.calls.isEmpty());
    }

    @Test
    void withoutTheChannelTheEndpointsAre503() {
        AgentProtocolResource r = new AgentProtocolResource(rest.agents, rest.slots, null);
        Unavailable e = assertThrows(Unavailable.class, () -> r.work(AUTH, "i-gpu1", null, null));
        assertEquals(503, new ExceptionMappers.Berth().toResponse(e).getStatus());
        assertThrows(Unavailable.class, () -> r.kernels(AUTH, new Requests.KernelReportsBody("i-gpu1", List.of())));
        assertThrows(Unavailable.class, () -> r.reply(AUTH, "r-1", new Requests.RequestReplyBody("i-gpu1", "x")));
    }

    // ---- kernel reports ----

    @Test
    void reportsAreParsedAndPassedOn() {
        Answer a = post("kernels", "{\"agent_id\":\"i-gpu1\",\"reports\":["
                + "{\"kernel_id\":\"k-0\",\"state\":\"running\",\"container_id\":\"c0ffee\",\"active\":true},"
                + "{\"kernel_id\":\"k-1\",\"state\":\"EXITED\",\"container_id\":\"beef\",\"exit_code\":3,"
                + "\"log_tail\":\"bye\\n\"},"
                + "{\"kernel_id\":\"k-2\",\"state\":\"failed\",\"reason\":\"image not found\"},"
                + "{\"kernel_id\":\"k-3\",\"state\":\"preparing\"},{\"kernel_id\":\"k-4\",\"state\":\"destroyed\"}]}")
                .send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(List.of("report", FakeAgentService.TOKEN, "i-gpu1", List.of(
                new KernelReport("k-0", KernelReport.State.RUNNING, "c0ffee", null, null, null, true),
                new KernelReport("k-1", KernelReport.State.EXITED, "beef", 3, null, "bye\n", false),
                new KernelReport("k-2", KernelReport.State.FAILED, null, null, "image not found", null, false),
                new KernelReport("k-3", KernelReport.State.PREPARING, null, null, null, null, false),
                new KernelReport("k-4", KernelReport.State.DESTROYED, null, null, null, null, false))),
                rest.channel.calls.get(0));
        assertEquals(204, post("kernels", "{\"agent_id\":\"i-gpu1\",\"reports\":[]}").send().status());
    }

    @Test
    void aLongLogTailKeepsItsEnd() {
        String log = "a".repeat(AgentProtocolResource.MAX_LOG_TAIL) + "END";
        assertEquals(204, post("kernels", "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k-1\","
                + "\"state\":\"exited\",\"exit_code\":0,\"log_tail\":\"" + log + "\"}]}").send().status());
        KernelReport r = (KernelReport) ((List<?>) ((List<?>) rest.channel.calls.get(0)).get(3)).get(0);
        assertEquals(AgentProtocolResource.MAX_LOG_TAIL, r.logTail().length());
        assertTrue(r.logTail().endsWith("END"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"reports\":[]}                                                         | agent_id",
            "{\"agent_id\":\"i-gpu1\"}                                                | reports",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[null]}                             | reports[0]",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"state\":\"running\"}]}          | reports[0].kernel_id",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k\"}]}            | reports[0].state",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k\",\"state\":\"running\"},"
                    + "{\"kernel_id\":\"k\",\"state\":\"zombie\"}]}                   | reports[1].state",
    })
    void badReportsAre400(String body, String field) {
        Answer a = post("kernels", body).send();
        assertEquals(field, assertProblem(a, 400, "invalid-input").path("field").asText(), a::toString);
        assertTrue(rest.channel.calls.isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k\",\"state\":1}]}               | reports[0].state",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k\",\"state\":\"running\",\"exit_code\":\"0\"}]} "
                    + "| reports[0].exit_code",
            "{\"agent_id\":\"i-gpu1\",\"reports\":[{\"kernel_id\":\"k\",\"state\":\"running\",\"pid\":3}]} "
                    + "| reports[0].pid",
            "{\"agent_id\":\"i-gpu1\",\"reports\":{}}                                                | reports",
    })
    void reportBodiesAreStrict(String body, String field) {
        Answer a = post("kernels", body).send();
        assertEquals(field, assertProblem(a, 400, "invalid-json").path("field").asText(), a::toString);
        assertTrue(rest.channel.calls.isEmpty());
    }

    @Test
    void tooManyReportsAreRefused() {
        String one = "{\"kernel_id\":\"k\",\"state\":\"running\"}";
        String many = String.join(",", java.util.Collections.nCopies(AgentProtocolResource.MAX_REPORTS + 1, one));
        assertEquals("reports", assertProblem(post("kernels", "{\"agent_id\":\"i-gpu1\",\"reports\":[" + many + "]}")
                .send(), 400, "invalid-input").path("field").asText());
    }

    // ---- replies ----

    @Test
    void replyPassesTheBody() {
        Answer a = post("requests/r-1/reply", "{\"agent_id\":\"i-gpu1\",\"body\":\"line 1\\nline 2\"}").send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(List.of("reply", FakeAgentService.TOKEN, "i-gpu1", "r-1", "line 1\nline 2"),
                rest.channel.calls.get(0));
        assertEquals(204, post("requests/r-2/reply", "{\"agent_id\":\"i-gpu1\"}").send().status());
        assertEquals(List.of("reply", FakeAgentService.TOKEN, "i-gpu1", "r-2", ""), rest.channel.calls.get(1),
                "no body is an empty answer");

        assertEquals("agent_id", assertProblem(post("requests/r-1/reply", "{\"body\":\"x\"}").send(), 400,
                "invalid-input").path("field").asText());
        assertEquals("body", assertProblem(post("requests/r-1/reply", "{\"agent_id\":\"i-gpu1\",\"body\":5}").send(),
                400, "invalid-json").path("field").asText());
        assertProblem(post("requests/r-1/reply", "{\"agent_id\":\"i-nobody\",\"body\":\"x\"}").send(), 404,
                "not-found");
    }
}
