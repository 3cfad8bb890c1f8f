package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC I1-I5 and the rescan of Y2 against real registries (Debian's docker-registry, started by CI on
 * 127.0.0.1:5000 open and 127.0.0.1:5001 with basic authentication, holding images built from the test
 * image with and without Berth's labels): rescan imports only labelled images with their minimums and
 * apps, a broken registry is reported on its own, admins tune images, and session creation raises
 * requests to an image's minimums and refuses registries a domain does not allow.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ImagesIT extends BerthTestSupport {
    private static final String OPEN = "127.0.0.1:5000";
    private static final String PRIVATE = "127.0.0.1:5001";
    private static final String PYTHON = OPEN + "/berth/python:3.11";
    private static final String TOOL = PRIVATE + "/private/tool:2";
    private static final String PASSWORD = "berth-registry-pass";

    private Api admin;

    @Before
    public void login() throws Exception {
        Api.awaitReady(PORT, "/admin/registries", Duration.ofSeconds(90));
        admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    private JsonNode rescan(String path) throws Exception {
        Resp started = must(admin.post(path, null), 202);
        String location = started.header("Location");
        assertTrue(location, location.contains("/admin/rescans/"));
        String id = started.json().get("id").asText();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode task = started.json();
        while (System.nanoTime() < end && task.get("state").asText().equals("running")) {
            Thread.sleep(300);
            task = must(admin.get("/admin/rescans/" + id), 200).json();
        }
        assertEquals(task.toString(), "done", task.get("state").asText());
        return task;
    }

    private static Map<String, JsonNode> outcomes(JsonNode task) {
        Map<String, JsonNode> out = new HashMap<>();
        task.get("outcomes").forEach(o -> out.put(o.get("registry").asText(), o));
        return out;
    }

    @Test
    public void rescanImportsLabelledImagesAndSessionsFollowTheirRules() throws Exception {
        // an offline site deletes the default registry entry
        must(admin.delete("/admin/registries/cr.backend.ai"), 204);
        must(admin.get("/admin/registries/cr.backend.ai"), 404);
        must(admin.post("/admin/registries", Map.of("hostname", OPEN, "url", "http://" + OPEN, "type", "docker")), 201);
        Resp priv = must(admin.post("/admin/registries", Map.of("hostname", PRIVATE, "url", "http://" + PRIVATE,
                "type", "docker", "username", "berth", "password", PASSWORD)), 201);
        assertTrue(priv.json().get("has_password").asBoolean());
        assertFalse("the password never comes back", priv.raw().body().contains(PASSWORD));
        assertFalse(must(admin.get("/admin/registries"), 200).raw().body().contains(PASSWORD));
        must(admin.post("/admin/registries", Map.of("hostname", "broken.test", "url", "http://127.0.0.1:5999",
                "type", "docker")), 201);
        must(admin.post("/admin/registries", Map.of("hostname", "bad.test", "url", "127.0.0.1:5999")), 400);

        JsonNode task = rescan("/admin/registries/rescan");
        Map<String, JsonNode> byRegistry = outcomes(task);
        assertTrue(task.toString(), byRegistry.get(OPEN).get("ok").asBoolean());
        assertEquals(task.toString(), 1, byRegistry.get(OPEN).get("imported").asInt());
        assertTrue(task.toString(), byRegistry.get(OPEN).get("skipped").asInt() >= 1);
        assertTrue("basic authentication: " + task, byRegistry.get(PRIVATE).get("ok").asBoolean());
        assertEquals(1, byRegistry.get(PRIVATE).get("imported").asInt());
        assertFalse("the broken registry fails on its own: " + task, byRegistry.get("broken.test").get("ok")
                .asBoolean());
        assertFalse(byRegistry.get("broken.test").get("error").asText().isBlank());
        assertFalse(task.get("progress").isEmpty());

        JsonNode python = must(admin.get("/images/" + PYTHON), 200).json();
        assertEquals("1", python.get("min_resources").get("cpu").asText());
        assertEquals(String.valueOf(256L << 20), python.get("min_resources").get("mem").asText());
        assertEquals("ubuntu22.04", python.get("base_distro").asText());
        assertTrue(python.get("digest").asText().startsWith("sha256:"));
        assertTrue(python.get("size_bytes").asLong() > 0);
        assertFalse(python.get("architecture").asText().isBlank());
        Map<String, JsonNode> apps = new HashMap<>();
        python.get("apps").forEach(a -> apps.put(a.get("name").asText(), a));
        assertEquals("http", apps.get("jupyter").get("protocol").asText());
        assertEquals(8080, apps.get("jupyter").get("ports").get(0).asInt());
        assertEquals(2200, apps.get("ssh").get("ports").get(0).asInt());
        JsonNode list = must(admin.get("/images?registry=" + OPEN), 200).json();
        assertEquals(list.toString(), 1, list.get("items").size());
        must(admin.get("/images/" + OPEN + "/berth/plain:1"), 404);
        assertEquals("2", must(admin.get("/images/" + TOOL), 200).json().get("min_resources").get("cpu").asText());

        // I5: a registry the user's domain does not allow is refused; I2: requests are raised to the minimums
        JsonNode created = must(admin.post("/admin/users", Map.of("email", "img-user@it.test", "username",
                "img-user", "password", "Passw0rd!x")), 201).json();
        Api user = new Api(PORT, created.get("keypair").get("access_key").asText(),
                created.get("keypair").get("secret_key").asText());
        Map<String, Object> body = Map.of("name", "py", "image", PYTHON, "resources", Map.of("cpu", "0.5",
                "mem", "64m"), "startup_command", "sleep 600");
        Resp refused = must(user.post("/sessions", body), 403);
        assertEquals(refused.toString(), "image", refused.json().get("field").asText());
        must(admin.patch("/admin/domains/default", Map.of("allowed_docker_registries", List.of(OPEN))), 200);
        JsonNode session = must(user.post("/sessions", body), 201).json();
        assertEquals("1", session.get("slots_per_container").get("cpu").asText());
        assertEquals(String.valueOf(256L << 20), session.get("slots_per_container").get("mem").asText());
        String id = session.get("id").asText();
        // the local agent runs the registry's image (it has it: CI pushed it from this host)
        awaitTrue("the session ran", () -> user.get("/sessions/" + id).json().get("status").asText().equals("running"));
        must(user.delete("/sessions/" + id), 200);
        // agents report the images they have: the catalogue says where each image is installed
        awaitTrue("the local agent reported the image", () -> admin.get("/images/" + PYTHON).json()
                .get("installed_on").size() > 0);

        // admins tune an image; a single-registry rescan keeps to that registry
        JsonNode tuned = must(admin.patch("/images/" + PYTHON, Map.of("min_resources", Map.of("cpu", 2, "mem", "512m"),
                "add_apps", List.of(Map.of("name", "tensorboard", "protocol", "http", "ports", List.of(6006))),
                "remove_apps", List.of("ssh"))), 200).json();
        assertEquals("2", tuned.get("min_resources").get("cpu").asText());
        assertTrue(tuned.get("apps").toString().contains("tensorboard"));
        assertFalse(tuned.get("apps").toString().contains("ssh"));
        must(admin.patch("/images/" + PYTHON, Map.of("min_resources", Map.of("cpu", -1))), 400);
        JsonNode one = rescan("/admin/registries/" + OPEN + "/rescan");
        assertEquals(one.toString(), List.of(OPEN), List.copyOf(outcomes(one).keySet()));

        must(admin.delete("/images/" + PYTHON), 204);
        must(admin.get("/images/" + PYTHON), 404);
        must(admin.delete("/admin/registries/" + PRIVATE), 204);
        must(admin.get("/images/" + TOOL), 404);
        must(admin.patch("/admin/domains/default", Map.of("allowed_docker_registries", List.of())), 200);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("never: " + what);
    }
}
