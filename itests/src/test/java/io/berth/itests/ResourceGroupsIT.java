package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/** Resource groups (SPEC A4): CRUD, validation, associations and who sees which group, over signed HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ResourceGroupsIT extends BerthTestSupport {

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    private static List<String> names(Resp r) {
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    public void groupsAreManagedAndOfferedToWhomTheyAreAllowed() throws Exception {
        Api.awaitReady(PORT, "/admin/resource-groups", Duration.ofSeconds(90));
        Api sup = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);

        JsonNode dflt = must(sup.get("/admin/resource-groups/default"), 200).json();
        assertEquals("fifo", dflt.get("scheduler").asText());
        assertTrue(must(sup.get("/admin/resource-groups/default/associations"), 200).json().get("domains")
                .toString().contains("default"));

        JsonNode gpu = must(sup.post("/admin/resource-groups", Map.of("name", "rg-gpu", "description", "V100 nodes",
                "scheduler", "drf", "wsproxy_address", "https://wsproxy.example.com:10200", "scheduler_options",
                Map.of("allowed_session_types", List.of("batch"), "pending_timeout", 600, "retries_to_skip", 2,
                        "agent_selection", "concentrated"))), 201).json();
        assertEquals("drf", gpu.get("scheduler").asText());
        assertEquals("concentrated", gpu.get("scheduler_options").get("agent_selection").asText());
        assertEquals(2, gpu.get("scheduler_options").get("retries_to_skip").asInt());
        must(sup.post("/admin/resource-groups", Map.of("name", "rg-gpu")), 409);
        must(sup.post("/admin/resource-groups", Map.of("name", "rg-bad", "scheduler_options",
                Map.of("allowed_session_types", List.of()))), 400);
        must(sup.post("/admin/resource-groups", Map.of("name", "rg-bad", "wsproxy_address", "wsproxy:10200")), 400);
        must(sup.get("/admin/resource-groups/rg-bad"), 404);

        JsonNode updated = must(sup.patch("/admin/resource-groups/rg-gpu", Map.of("scheduler_options",
                Map.of("retries_to_skip", -1))), 200).json();
        assertTrue(updated.get("scheduler_options").get("retries_to_skip").isNull());
        assertEquals("kept", "V100 nodes", updated.get("description").asText());

        // a user of a fresh domain sees only what is made available to it
        must(sup.post("/admin/domains", Map.of("name", "rg-lab")), 201);
        String project = must(sup.post("/admin/projects", Map.of("domain_name", "rg-lab", "name", "vision")), 201)
                .json().get("id").asText();
        must(sup.post("/admin/users", Map.of("email", "rg-user@it.test", "username", "rguser", "password",
                "Passw0rd!x", "domain_name", "rg-lab", "projects", List.of("vision"))), 201);
        must(sup.post("/admin/users", Map.of("email", "rg-admin@it.test", "username", "rgadmin", "password",
                "Passw0rd!x", "domain_name", "rg-lab", "role", "admin")), 201);
        Api user = Api.login(PORT, "rg-lab", "rg-user@it.test", "Passw0rd!x");
        Api domainAdmin = Api.login(PORT, "rg-lab", "rg-admin@it.test", "Passw0rd!x");
        assertFalse(names(must(user.get("/me/resource-groups"), 200)).contains("rg-gpu"));
        must(user.get("/admin/resource-groups/rg-gpu"), 403);

        must(sup.call("PUT", "/admin/resource-groups/rg-gpu/projects/" + project, null), 204);
        assertTrue(names(user.get("/me/resource-groups")).contains("rg-gpu"));
        assertEquals(200, user.get("/admin/resource-groups/rg-gpu").status());
        must(sup.delete("/admin/resource-groups/rg-gpu/projects/" + project), 204);
        assertFalse(names(user.get("/me/resource-groups")).contains("rg-gpu"));

        must(sup.call("PUT", "/admin/resource-groups/rg-gpu/domains/rg-lab", null), 204);
        must(sup.call("PUT", "/admin/resource-groups/rg-gpu/domains/rg-lab", null), 204);
        assertEquals(List.of("rg-lab"), List.of(sup.get("/admin/resource-groups/rg-gpu/associations").json()
                .get("domains").get(0).asText()));
        assertTrue(names(user.get("/me/resource-groups")).contains("rg-gpu"));
        must(sup.call("PUT", "/admin/resource-groups/rg-gpu/keypairs/" + user.accessKey, null), 204);
        must(sup.call("PUT", "/admin/resource-groups/rg-gpu/domains/no-such-domain", null), 404);

        must(sup.patch("/admin/resource-groups/rg-gpu", Map.of("is_active", false)), 200);
        assertFalse("inactive groups are not offered", names(user.get("/me/resource-groups")).contains("rg-gpu"));

        // role checks: only a superadmin changes groups and associations
        must(domainAdmin.post("/admin/resource-groups", Map.of("name", "rg-mine")), 403);
        must(domainAdmin.patch("/admin/resource-groups/rg-gpu", Map.of("description", "x")), 403);
        must(domainAdmin.call("PUT", "/admin/resource-groups/rg-gpu/domains/rg-lab", null), 403);
        must(user.delete("/admin/resource-groups/rg-gpu"), 403);

        must(sup.delete("/admin/resource-groups/default"), 409);
        must(sup.delete("/admin/resource-groups/rg-gpu"), 204);
        must(sup.get("/admin/resource-groups/rg-gpu"), 404);
        assertTrue(must(sup.get("/admin/resource-groups"), 200).json().toString().contains("\"default\""));
    }
}
