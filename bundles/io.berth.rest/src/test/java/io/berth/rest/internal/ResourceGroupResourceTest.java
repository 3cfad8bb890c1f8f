package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.group.ResourceGroupInput;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC A4 over HTTP: resource groups, their associations and the caller's allowed groups. */
class ResourceGroupResourceTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String BASE = "/admin/resource-groups";
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

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void listAndView() {
        Answer a = rest.signed("GET", BASE, ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(2, body.path("total").asInt());
        JsonNode def = body.path("items").path(0);
        assertEquals(List.of("name", "description", "is_active", "is_public", "wsproxy_address", "scheduler",
                "scheduler_options", "created_at", "modified_at"), fieldNames(def));
        assertEquals("default", def.path("name").asText());
        assertTrue(def.path("wsproxy_address").isNull(), def::toString);
        JsonNode defaults = def.path("scheduler_options");
        assertEquals(List.of("allowed_session_types", "pending_timeout", "retries_to_skip", "agent_selection"),
                fieldNames(defaults));
        assertEquals(List.of("interactive", "batch", "inference"), texts(defaults.path("allowed_session_types")),
                "in a fixed order");
        assertTrue(defaults.path("retries_to_skip").isNull(), "null: the system default");
        assertEquals("dispersed", defaults.path("agent_selection").asText());

        JsonNode gpu = body.path("items").path(1);
        assertTrue(gpu.path("is_public").asBoolean());
        assertTrue(gpu.path("is_active").asBoolean());
        assertEquals("http://wsproxy:5050", gpu.path("wsproxy_address").asText());
        assertEquals("drf", gpu.path("scheduler").asText());
        JsonNode o = gpu.path("scheduler_options");
        assertEquals(List.of("interactive", "batch"), texts(o.path("allowed_session_types")));
        assertEquals(600, o.path("pending_timeout").asLong());
        assertEquals(3, o.path("retries_to_skip").asInt());
        assertEquals("round-robin", o.path("agent_selection").asText());
        assertEquals("2025-04-05T06:07:08Z", gpu.path("modified_at").asText());
        assertEquals(List.of("list", FakeAuthService.ADMIN), rest.groups.calls.get(0));

        Answer one = rest.signed("GET", BASE + "/gpu", ADMIN).send();
        assertEquals(gpu, one.json());
        assertProblem(rest.signed("GET", BASE + "/none", ADMIN).send(), 404, "not-found");
    }

    @Test
    void creationMapsTheWholeBody() {
        Answer a = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"batch\",\"description\":\"Batch nodes\","
                + "\"is_active\":false,\"is_public\":true,\"wsproxy_address\":\"http://ws:1\",\"scheduler\":\"lifo\","
                + "\"scheduler_options\":{\"allowed_session_types\":[\"batch\"],\"pending_timeout\":3600,"
                + "\"retries_to_skip\":5,\"agent_selection\":\"concentrated\"}}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/resource-groups/batch", a.header("Location"));
        assertEquals("batch", a.json().path("name").asText());
        assertEquals(new ResourceGroupInput("batch", "Batch nodes", false, true, "http://ws:1", "lifo",
                List.of("batch"), 3600L, 5, "concentrated"), rest.groups.calls.get(0));

        Answer min = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"cpu\"}").send();
        assertEquals(201, min.status(), min::toString);
        assertEquals(new ResourceGroupInput("cpu", null, null, null, null, null, null, null, null, null),
                rest.groups.calls.get(1), "absent fields are core's defaults");
        Answer dup = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"cpu\"}").send();
        assertProblem(dup, 409, "conflict");
    }

    @Test
    void changePassesOnlyWhatWasGiven() {
        Answer a = rest.signed("PATCH", BASE + "/gpu", ADMIN).json("{\"is_active\":false,\"wsproxy_address\":\"\","
                + "\"scheduler_options\":{\"retries_to_skip\":-1}}").send();
        assertEquals(200, a.status(), a::toString);
        assertFalse(a.json().path("is_active").asBoolean(true));
        assertEquals(new ResourceGroupInput(null, null, false, null, "", null, null, null, -1, null),
                rest.groups.calls.get(0), "\"\" clears the address, -1 the retries");

        Answer renamed = rest.signed("PATCH", BASE + "/gpu", ADMIN).json("{\"name\":\"gpu2\"}").send();
        assertEquals("name", assertProblem(renamed, 400, "invalid-input").path("field").asText());
        assertProblem(rest.signed("PATCH", BASE + "/gpu", ADMIN).send(), 400, "invalid-input");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"x\",\"agents\":[]}                                   | agents",
            "{\"name\":\"x\",\"is_public\":\"yes\"}                           | is_public",
            "{\"name\":\"x\",\"scheduler_options\":{\"pending_timeout\":\"1h\"}} | scheduler_options.pending_timeout",
            "{\"name\":\"x\",\"scheduler_options\":{\"retries_to_skip\":1.5}}  | scheduler_options.retries_to_skip",
            "{\"name\":\"x\",\"scheduler_options\":{\"allowed_session_types\":\"batch\"}} "
                    + "| scheduler_options.allowed_session_types",
            "{\"name\":\"x\",\"scheduler_options\":{\"priority\":1}}          | scheduler_options.priority",
            "{\"name\":\"x\",\"scheduler_options\":[]}                        | scheduler_options",
            "{\"name\":\"x\",\"created_at\":\"2025-01-01T00:00:00Z\"}         | created_at",
    })
    void strictBodies(String json, String field) {
        Answer a = rest.signed("POST", BASE, ADMIN).json(json).send();
        assertEquals(field, assertProblem(a, 400, "invalid-json").path("field").asText(), a::toString);
        assertTrue(rest.groups.calls.isEmpty());
    }

    @Test
    void deletion() {
        assertProblem(rest.signed("DELETE", BASE + "/gpu2", ADMIN).send(), 404, "not-found");
        rest.signed("POST", BASE, ADMIN).json("{\"name\":\"spare\"}").send();
        Answer a = rest.signed("DELETE", BASE + "/spare", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertFalse(rest.groups.groups.containsKey("spare"));

        Answer referenced = rest.signed("DELETE", BASE + "/gpu", ADMIN).send();
        JsonNode p = assertProblem(referenced, 409, "conflict");
        assertEquals(List.of("agent i-gpu1", "agent i-gpu2"), texts(p.path("referrers")));
        assertEquals(5, p.path("referrer_count").asLong());
        assertTrue(rest.groups.groups.containsKey("gpu"));
        assertProblem(rest.signed("DELETE", BASE + "/default", ADMIN).send(), 409, "conflict");
    }

    @Test
    void associations() {
        Answer a = rest.signed("GET", BASE + "/gpu/associations", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of("domains", "projects", "keypairs"), fieldNames(a.json()));
        assertEquals(List.of("default", "lab"), texts(a.json().path("domains")));
        assertEquals(List.of("p-1"), texts(a.json().path("projects")));
        assertEquals(List.of("AKADMIN"), texts(a.json().path("keypairs")));
        assertProblem(rest.signed("GET", BASE + "/none/associations", ADMIN).send(), 404, "not-found");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "PUT, domains/lab, domain, lab, true",
            "DELETE, domains/lab, domain, lab, false",
            "PUT, projects/p-1, project, p-1, true",
            "DELETE, projects/p-1, project, p-1, false",
            "PUT, keypairs/AKX, keypair, AKX, true",
            "DELETE, keypairs/AKX, keypair, AKX, false",
    })
    void allowAndDisallow(String method, String path, String kind, String target, boolean allow) {
        Answer a = rest.signed(method, BASE + "/gpu/" + path, ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(0, a.body().length);
        assertEquals(List.of(kind, "gpu", target, allow), rest.groups.calls.get(0));
        assertProblem(rest.signed(method, BASE + "/none/" + path, ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed(method, BASE + "/gpu/" + path, FakeAuthService.LIMITED_KEY).send(), 403,
                "forbidden");
    }

    @Test
    void theCallersGroupsAndRoleErrors() {
        String user = FakeAuthService.LIMITED_KEY;
        Answer mine = rest.signed("GET", "/me/resource-groups", user).send();
        assertEquals(200, mine.status(), mine::toString);
        assertEquals(1, mine.json().path("total").asInt());
        assertEquals("gpu", mine.json().path("items").path(0).path("name").asText());
        assertEquals(List.of("allowed", FakeAuthService.LIMITED), rest.groups.calls.get(0));

        assertProblem(rest.signed("POST", BASE, user).json("{\"name\":\"mine\"}").send(), 403, "forbidden");
        assertFalse(rest.groups.groups.containsKey("mine"));
        assertProblem(rest.request("GET", "/me/resource-groups").send(), 401, "unauthorized");
        assertProblem(rest.request("GET", BASE).send(), 401, "unauthorized");
    }

    @Test
    void meStaysItsOwnPath() {
        Answer me = rest.signed("GET", "/me", ADMIN).send();
        assertEquals(200, me.status(), me::toString);
        assertEquals("admin@berth.io", me.json().path("email").asText());
    }
}
