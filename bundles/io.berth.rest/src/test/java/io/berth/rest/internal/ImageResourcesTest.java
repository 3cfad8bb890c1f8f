package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC I1, I3, I4 over HTTP: container registries, their background rescans and the images found. */
class ImageResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String USER = FakeAuthService.LIMITED_KEY;
    private static final String REGISTRIES = "/admin/registries";
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

    /** No password, sealed or not, nor a field that could carry one, anywhere in an answer. */
    private static void noSecrets(Answer a) {
        String text = a.text();
        assertFalse(text.contains("hunter2") || text.contains("sealed") || text.contains("s3cr3t"), text);
        assertFalse(text.contains("\"password\"") || text.contains("encrypted"), text);
    }

    // ---- registries ----

    @Test
    void registryListAndViewShowWhetherAPasswordIsSetButNeverIt() {
        Answer a = rest.signed("GET", REGISTRIES, ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        noSecrets(a);
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(2, body.path("total").asInt());
        JsonNode cr = body.path("items").path(0);
        assertEquals(List.of("hostname", "url", "type", "project", "username", "has_password", "ssl_verify",
                "created_at", "modified_at"), fieldNames(cr));
        assertEquals("cr.backend.ai", cr.path("hostname").asText());
        assertEquals("https://cr.backend.ai", cr.path("url").asText());
        assertEquals("docker", cr.path("type").asText());
        assertEquals("stable", cr.path("project").asText());
        assertEquals("robot", cr.path("username").asText());
        assertTrue(cr.path("has_password").isBoolean() && cr.path("has_password").asBoolean(), cr::toString);
        assertTrue(cr.path("ssl_verify").asBoolean());
        assertEquals("2025-01-01T00:00:00Z", cr.path("created_at").asText());
        assertEquals("2025-04-05T06:07:08Z", cr.path("modified_at").asText());
        JsonNode local = body.path("items").path(1);
        assertFalse(local.path("has_password").asBoolean(true));
        assertFalse(local.path("ssl_verify").asBoolean(true));
        assertTrue(local.path("project").isNull());

        Answer one = rest.signed("GET", REGISTRIES + "/cr.backend.ai", ADMIN).send();
        assertEquals(cr, one.json());
        noSecrets(one);
        assertEquals(local, rest.signed("GET", REGISTRIES + "/registry.local:5000", ADMIN).send().json(),
                "a hostname with a port is one path segment");
        assertEquals("hostname", assertProblem(rest.signed("GET", REGISTRIES + "/none", ADMIN).send(), 404,
                "not-found").path("field").asText());
        assertProblem(rest.signed("GET", REGISTRIES, USER).send(), 403, "forbidden");
    }

    @Test
    void creationMapsTheWholeBodyAndAnswersWithoutThePassword() {
        Answer a = rest.signed("POST", REGISTRIES, ADMIN).json("{\"hostname\":\"harbor.lab\",\"url\":"
                + "\"https://harbor.lab\",\"type\":\"docker\",\"project\":\"ml\",\"username\":\"bot\","
                + "\"password\":\"s3cr3t\",\"ssl_verify\":false}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/registries/harbor.lab", a.header("Location"));
        noSecrets(a);
        JsonNode r = a.json();
        assertEquals("harbor.lab", r.path("hostname").asText());
        assertTrue(r.path("has_password").asBoolean(), r::toString);
        assertFalse(r.path("ssl_verify").asBoolean(true));
        assertEquals(new RegistryInput("harbor.lab", "https://harbor.lab", "docker", "ml", "bot", "s3cr3t", false),
                rest.images.calls.get(0));

        Answer min = rest.signed("POST", REGISTRIES, ADMIN).json("{\"hostname\":\"localhost:5000\","
                + "\"url\":\"http://localhost:5000\"}").send();
        assertEquals(201, min.status(), min::toString);
        assertEquals("/admin/registries/localhost:5000", min.header("Location"));
        assertFalse(min.json().path("has_password").asBoolean(true));
        assertEquals(new RegistryInput("localhost:5000", "http://localhost:5000", null, null, null, null, null),
                rest.images.calls.get(1), "absent fields are core's defaults");

        assertProblem(rest.signed("POST", REGISTRIES, ADMIN).json("{\"hostname\":\"harbor.lab\",\"url\":\"x\"}")
                .send(), 409, "conflict");
        assertEquals("url", assertProblem(rest.signed("POST", REGISTRIES, ADMIN).json("{\"hostname\":\"h\"}")
                .send(), 400, "invalid-input").path("field").asText());
        assertProblem(rest.signed("POST", REGISTRIES, ADMIN).send(), 400, "invalid-input");
        assertProblem(rest.signed("POST", REGISTRIES, USER).json("{\"hostname\":\"h\",\"url\":\"u\"}").send(), 403,
                "forbidden");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"hostname\":\"h\",\"encrypted_password\":\"x\"} | encrypted_password",
            "{\"hostname\":\"h\",\"has_password\":true}         | has_password",
            "{\"hostname\":\"h\",\"ssl_verify\":\"no\"}          | ssl_verify",
            "{\"hostname\":\"h\",\"password\":42}               | password",
    })
    void badRegistryBodiesNameTheField(String json, String field) {
        JsonNode p = assertProblem(rest.signed("POST", REGISTRIES, ADMIN).json(json).send(), 400, "invalid-json");
        assertEquals(field, p.path("field").asText(), p::toString);
        assertTrue(rest.images.calls.isEmpty(), "core is not asked");
    }

    @Test
    void changePassesOnlyWhatWasGiven() {
        Answer a = rest.signed("PATCH", REGISTRIES + "/cr.backend.ai", ADMIN).json("{\"password\":\"\","
                + "\"ssl_verify\":false}").send();
        assertEquals(200, a.status(), a::toString);
        assertFalse(a.json().path("has_password").asBoolean(true), "\"\" removes the password");
        assertFalse(a.json().path("ssl_verify").asBoolean(true));
        assertEquals("robot", a.json().path("username").asText());
        assertEquals(new RegistryInput(null, null, null, null, null, "", false), rest.images.calls.get(0));

        Answer set = rest.signed("PATCH", REGISTRIES + "/registry.local:5000", ADMIN)
                .json("{\"username\":\"u\",\"password\":\"hunter2\"}").send();
        assertEquals(200, set.status(), set::toString);
        assertTrue(set.json().path("has_password").asBoolean());
        noSecrets(set);

        assertEquals("hostname", assertProblem(rest.signed("PATCH", REGISTRIES + "/cr.backend.ai", ADMIN)
                .json("{\"hostname\":\"other\"}").send(), 400, "invalid-input").path("field").asText());
        assertProblem(rest.signed("PATCH", REGISTRIES + "/none", ADMIN).json("{}").send(), 404, "not-found");
        assertProblem(rest.signed("PATCH", REGISTRIES + "/cr.backend.ai", ADMIN).send(), 400, "invalid-input");
    }

    @Test
    void deletion() {
        Answer a = rest.signed("DELETE", REGISTRIES + "/registry.local:5000", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(0, a.body().length);
        assertEquals(List.of("deleteRegistry", "registry.local:5000"), rest.images.calls.get(0));
        assertProblem(rest.signed("DELETE", REGISTRIES + "/registry.local:5000", ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("DELETE", REGISTRIES + "/cr.backend.ai", USER).send(), 403, "forbidden");
    }

    // ---- rescans ----

    @Test
    void rescanOfEveryRegistryIsAcceptedWithTheTaskAndItsLocation() {
        Answer a = rest.signed("POST", REGISTRIES + "/rescan", ADMIN).send();
        assertEquals(202, a.status(), a::toString);
        assertEquals("/admin/rescans/r-2", a.header("Location"));
        assertEquals(Arrays.asList("rescan", null), rest.images.calls.get(0));
        JsonNode t = a.json();
        assertEquals(List.of("id", "registry", "state", "done", "total", "outcomes", "progress", "started_at",
                "finished_at"), fieldNames(t));
        assertEquals("r-2", t.path("id").asText());
        assertTrue(t.path("registry").isNull());
        assertEquals("running", t.path("state").asText());
        assertEquals(0, t.path("done").asInt());
        assertEquals(2, t.path("total").asInt());
        assertTrue(t.path("outcomes").isArray() && t.path("outcomes").isEmpty());
        assertEquals(List.of("rescan started"), texts(t.path("progress")));
        assertTrue(t.path("finished_at").isNull());

        Answer polled = rest.signed("GET", "/admin/rescans/r-2", ADMIN).send();
        assertEquals(200, polled.status(), polled::toString);
        assertEquals(t, polled.json(), "the location answers the task");
    }

    @Test
    void rescanOfOneRegistry() {
        Answer a = rest.signed("POST", REGISTRIES + "/registry.local:5000/rescan", ADMIN).send();
        assertEquals(202, a.status(), a::toString);
        assertEquals("/admin/rescans/r-2", a.header("Location"));
        assertEquals("registry.local:5000", a.json().path("registry").asText());
        assertEquals(List.of("rescan", "registry.local:5000"), rest.images.calls.get(0));
        assertProblem(rest.signed("POST", REGISTRIES + "/none/rescan", ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("POST", REGISTRIES + "/rescan", USER).send(), 403, "forbidden");
        assertProblem(rest.signed("POST", REGISTRIES + "/cr.backend.ai/rescan", USER).send(), 403, "forbidden");
    }

    @Test
    void rescanTasks() {
        rest.signed("POST", REGISTRIES + "/rescan", ADMIN).send();
        Answer list = rest.signed("GET", "/admin/rescans", ADMIN).send();
        assertEquals(200, list.status(), list::toString);
        JsonNode body = list.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(List.of("r-2", "r-1"), List.of(body.path("items").path(0).path("id").asText(),
                body.path("items").path(1).path("id").asText()), "newest first");

        JsonNode done = rest.signed("GET", "/admin/rescans/r-1", ADMIN).send().json();
        assertEquals("done", done.path("state").asText());
        assertEquals(3, done.path("done").asInt());
        assertEquals("2025-04-05T06:07:08Z", done.path("finished_at").asText());
        JsonNode ok = done.path("outcomes").path(0);
        assertEquals(List.of("registry", "ok", "imported", "skipped", "error"), fieldNames(ok));
        assertEquals("cr.backend.ai", ok.path("registry").asText());
        assertTrue(ok.path("ok").asBoolean());
        assertEquals(2, ok.path("imported").asInt());
        assertEquals(1, ok.path("skipped").asInt());
        assertTrue(ok.path("error").isNull());
        JsonNode failed = done.path("outcomes").path(1);
        assertFalse(failed.path("ok").asBoolean(true));
        assertEquals("connection refused", failed.path("error").asText());
        assertEquals(2, done.path("progress").size());
        assertProblem(rest.signed("GET", "/admin/rescans/r-9", ADMIN).send(), 404, "not-found");
    }

    @Test
    void aLongProgressLogKeepsItsNewestLines() {
        int max = Views.RescanTaskView.MAX_PROGRESS_LINES;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < max + 5; i++) {
            lines.add("line " + i);
        }
        Views.RescanTaskView v = Views.RescanTaskView.of(new RescanTask("r", null, RescanTask.State.FAILED, 0, 0,
                List.of(), lines, FakeImageService.T0, FakeImageService.T1));
        assertEquals(max + 1, v.progress().size());
        assertEquals("\u2026 5 earlier lines left out", v.progress().get(0));
        assertEquals("line 5", v.progress().get(1));
        assertEquals("line " + (max + 4), v.progress().get(max));
        assertEquals("failed", v.state());
    }

    // ---- images ----

    @Test
    void imageListWithFiltersAndPaging() {
        Answer a = rest.signed("GET", "/images", USER).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(3, body.path("total").asInt());
        assertEquals(PageRequest.DEFAULT_LIMIT, body.path("limit").asInt());
        JsonNode python = body.path("items").path(0);
        assertEquals(List.of("reference", "registry", "namespace", "name", "tag", "architecture", "digest",
                "size_bytes", "base_distro", "min_resources", "max_resources", "labels", "apps", "installed_on",
                "scanned_at", "modified_at"), fieldNames(python));
        assertEquals(ImageQuery.ALL, rest.images.calls.get(0));

        Answer filtered = rest.signed("GET", "/images?registry=cr.backend.ai&name=torch&architecture=aarch64"
                + "&offset=0&limit=5&order_by=name&order=desc", ADMIN).send();
        assertEquals(200, filtered.status(), filtered::toString);
        assertEquals(1, filtered.json().path("total").asInt());
        assertEquals(FakeImageService.TORCH, filtered.json().path("items").path(0).path("reference").asText());
        assertEquals(new ImageQuery("cr.backend.ai", "torch", "aarch64"), rest.images.calls.get(2));
        assertEquals(new PageRequest(0, 5, "name", true), rest.images.calls.get(3));

        assertEquals("limit", assertProblem(rest.signed("GET", "/images?limit=many", ADMIN).send(), 400,
                "invalid-input").path("field").asText());
        assertEquals("order", assertProblem(rest.signed("GET", "/images?order=up", ADMIN).send(), 400,
                "invalid-input").path("field").asText());
    }

    @Test
    void anImageByAReferenceWithSlashesAndColons() {
        Answer a = rest.signed("GET", "/images/" + FakeImageService.PYTHON, USER).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode i = a.json();
        assertEquals(FakeImageService.PYTHON, i.path("reference").asText());
        assertEquals("cr.backend.ai", i.path("registry").asText());
        assertEquals("stable", i.path("namespace").asText());
        assertEquals("python", i.path("name").asText());
        assertEquals("3.11-ubuntu22.04", i.path("tag").asText());
        assertEquals("x86_64", i.path("architecture").asText());
        assertEquals("sha256:aaa", i.path("digest").asText());
        assertEquals(1_500_000_000L, i.path("size_bytes").asLong());
        assertEquals("ubuntu22.04", i.path("base_distro").asText());
        assertEquals("1", i.path("min_resources").path("cpu").asText());
        assertEquals("1073741824", i.path("min_resources").path("mem").asText());
        assertTrue(i.path("max_resources").isObject() && i.path("max_resources").isEmpty());
        assertEquals("1", i.path("labels").path("ai.backend.kernelspec").asText());
        JsonNode app = i.path("apps").path(0);
        assertEquals(List.of("name", "protocol", "ports"), fieldNames(app));
        assertEquals("jupyter", app.path("name").asText());
        assertEquals("http", app.path("protocol").asText());
        assertEquals(8080, app.path("ports").path(0).asInt());
        assertEquals(List.of("i-gpu1"), texts(i.path("installed_on")));
        assertEquals("2025-01-01T00:00:00Z", i.path("scanned_at").asText());
        assertEquals(List.of("get", FakeImageService.PYTHON), rest.images.calls.get(0));

        Answer local = rest.signed("GET", "/images/" + FakeImageService.LOCAL, USER).send();
        assertEquals(200, local.status(), local::toString);
        assertEquals("", local.json().path("namespace").asText());
        assertEquals(List.of("get", FakeImageService.LOCAL), rest.images.calls.get(1),
                "a registry port and a tag: two colons");

        Answer encoded = rest.signed("GET", "/images/cr.backend.ai%2Fstable%2Fpytorch%3A2.3-py311-cuda12.1", ADMIN)
                .send();
        assertEquals(200, encoded.status(), encoded::toString);
        assertEquals(FakeImageService.TORCH, encoded.json().path("reference").asText(), "encoded slashes work too");
        assertEquals("cuda.shares", new ArrayList<>(fieldNames(encoded.json().path("max_resources"))).get(0));

        assertEquals("reference", assertProblem(rest.signed("GET", "/images/cr.backend.ai/none:1", ADMIN).send(),
                404, "not-found").path("field").asText());
    }

    @Test
    void changeMinimumsAndApps() {
        Answer a = rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, ADMIN).json("{\"min_resources\":"
                + "{\"cpu\":2,\"mem\":\"536870912\"},\"add_apps\":[{\"name\":\"vscode\",\"protocol\":\"http\","
                + "\"ports\":[8180,8181]}],\"remove_apps\":[\"ttyd\"]}").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(new ImageUpdate(Map.of("cpu", 2, "mem", "536870912"),
                List.of(new ImageApp("vscode", "http", List.of(8180, 8181))), List.of("ttyd")),
                rest.images.calls.get(0), "amounts go to core as written");
        JsonNode i = a.json();
        assertEquals("2", i.path("min_resources").path("cpu").asText());
        assertEquals(List.of("jupyter", "vscode"), List.of(i.path("apps").path(0).path("name").asText(),
                i.path("apps").path(1).path("name").asText()));
        assertEquals(8181, i.path("apps").path(1).path("ports").path(1).asInt());

        Answer onlyApps = rest.signed("PATCH", "/images/" + FakeImageService.LOCAL, ADMIN)
                .json("{\"add_apps\":[{\"name\":\"shell\",\"protocol\":\"pty\"}]}").send();
        assertEquals(200, onlyApps.status(), onlyApps::toString);
        ImageUpdate u = (ImageUpdate) rest.images.calls.get(1);
        assertNull(u.minResources(), "absent minimums stay as they are");
        assertNull(u.removeApps());
        assertEquals(List.of(new ImageApp("shell", "pty", List.of())), u.addApps());

        assertEquals("min_resources.cpu", assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON,
                ADMIN).json("{\"min_resources\":{\"cpu\":\"lots\"}}").send(), 400, "invalid-input").path("field")
                .asText(), "core's errors name the slot");
        assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, ADMIN).json(
                "{\"remove_apps\":[\"nope\"]}").send(), 404, "not-found");
        assertProblem(rest.signed("PATCH", "/images/cr.backend.ai/none:1", ADMIN).json("{}").send(), 404,
                "not-found");
        assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, ADMIN).send(), 400,
                "invalid-input");
        assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, USER).json("{}").send(), 403,
                "forbidden");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"add_apps\":[null]}                                      | add_apps[0]",
            "{\"add_apps\":[{\"name\":\"a\",\"ports\":[1,null]}]}        | add_apps[0].ports",
            "{\"remove_apps\":[null]}                                   | remove_apps",
    })
    void nullEntriesAreRefusedNamingTheField(String json, String field) {
        JsonNode p = assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, ADMIN).json(json)
                .send(), 400, "invalid-input");
        assertEquals(field, p.path("field").asText(), p::toString);
        assertTrue(rest.images.calls.isEmpty(), "core is not asked");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"apps\":[]}                                             | apps",
            "{\"add_apps\":[{\"name\":\"a\",\"ports\":[\"80\"]}]}       | add_apps[0].ports[0]",
            "{\"add_apps\":[{\"name\":\"a\",\"port\":80}]}             | add_apps[0].port",
            "{\"remove_apps\":\"ttyd\"}                                | remove_apps",
            "{\"min_resources\":[1]}                                   | min_resources",
    })
    void badImageBodiesNameTheField(String json, String field) {
        JsonNode p = assertProblem(rest.signed("PATCH", "/images/" + FakeImageService.PYTHON, ADMIN).json(json)
                .send(), 400, "invalid-json");
        assertEquals(field, p.path("field").asText(), p::toString);
    }

    @Test
    void forget() {
        Answer a = rest.signed("DELETE", "/images/" + FakeImageService.LOCAL, ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(0, a.body().length);
        assertEquals(List.of("forget", FakeImageService.LOCAL), rest.images.calls.get(0));
        assertProblem(rest.signed("GET", "/images/" + FakeImageService.LOCAL, ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("DELETE", "/images/" + FakeImageService.LOCAL, ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("DELETE", "/images/" + FakeImageService.PYTHON, USER).send(), 403, "forbidden");
    }

    @Test
    void noImageSubResources() {
        assertProblem(rest.signed("POST", "/images/" + FakeImageService.PYTHON + "/apps", ADMIN).json("{}").send(),
                405, "http-405");
    }
}
