package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC R3 as a matrix: superadmin, monitor, domain admin of A, domain admin of B and a user of A on
 * every identity endpoint, over signed HTTP.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AccessMatrixIT extends BerthTestSupport {
    private static final String[] ROLES = {"super", "monitor", "adminA", "adminB", "userA"};
    private final AtomicInteger seq = new AtomicInteger();

    interface Call {
        Resp run(Api api, int n) throws Exception;
    }

    record Row(String name, Call call, int... expected) {
    }

    @Test
    public void everyIdentityEndpointHonoursRoleAndDomain() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api sup = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        must(sup.post("/admin/domains", Map.of("name", "mx-alpha")), 201);
        must(sup.post("/admin/domains", Map.of("name", "mx-beta")), 201);
        String p1 = must(sup.post("/admin/projects", Map.of("domain_name", "mx-alpha", "name", "p1")), 201).json()
                .get("id").asText();
        user(sup, "mx-mon@it.test", "default", "monitor", List.of());
        user(sup, "mx-admin-a@it.test", "mx-alpha", "admin", List.of());
        user(sup, "mx-admin-b@it.test", "mx-beta", "admin", List.of());
        user(sup, "mx-user-a@it.test", "mx-alpha", "user", List.of("p1"));
        String targetAk = user(sup, "mx-target@it.test", "mx-alpha", "user", List.of()).json().get("keypair")
                .get("access_key").asText();
        Map<String, Api> as = new LinkedHashMap<>();
        as.put("super", sup);
        as.put("monitor", Api.login(PORT, "default", "mx-mon@it.test", "Passw0rd!x"));
        as.put("adminA", Api.login(PORT, "mx-alpha", "mx-admin-a@it.test", "Passw0rd!x"));
        as.put("adminB", Api.login(PORT, "mx-beta", "mx-admin-b@it.test", "Passw0rd!x"));
        as.put("userA", Api.login(PORT, "mx-alpha", "mx-user-a@it.test", "Passw0rd!x"));
        must(sup.post("/admin/resource-policies/keypair", Map.of("name", "mx-kp")), 201);
        must(sup.post("/admin/resource-policies/user", Map.of("name", "mx-up")), 201);
        must(sup.post("/admin/resource-presets", Map.of("name", "mx-preset", "resource_slots",
                Map.of("cpu", 1, "mem", "1g"))), 201);

        List<Row> rows = List.of(
            new Row("list users", (a, n) -> a.get("/admin/users?limit=100"), 200, 200, 200, 200, 403),
            new Row("get user", (a, n) -> a.get("/admin/users/mx-target@it.test"), 200, 200, 200, 403, 403),
            new Row("create user", (a, n) -> a.post("/admin/users", Map.of("email", "mx-new" + n + "@it.test",
                    "username", "mxnew" + n, "password", "Passw0rd!x", "domain_name", "mx-alpha")), 201, 403, 403, 403, 403),
            new Row("update user", (a, n) -> a.patch("/admin/users/mx-target@it.test", Map.of("full_name", "T" + n)),
                    200, 403, 200, 403, 403),
            new Row("list keypairs", (a, n) -> a.get("/admin/keypairs?limit=100"), 200, 200, 200, 200, 200),
            new Row("get keypair", (a, n) -> a.get("/admin/keypairs/" + targetAk), 200, 200, 200, 403, 403),
            new Row("add keypair", (a, n) -> a.post("/admin/keypairs", Map.of("user_id", "mx-target@it.test")),
                    201, 403, 201, 403, 403),
            new Row("update keypair", (a, n) -> a.patch("/admin/keypairs/" + targetAk, Map.of("rate_limit", 1000 + n)),
                    200, 403, 200, 403, 403),
            new Row("delete keypair", (a, n) -> a.delete("/admin/keypairs/" + sup.post("/admin/keypairs",
                    Map.of("user_id", "mx-target@it.test")).json().get("access_key").asText()), 204, 403, 204, 403, 403),
            new Row("list domains", (a, n) -> a.get("/admin/domains?limit=100"), 200, 200, 200, 200, 200),
            new Row("get domain", (a, n) -> a.get("/admin/domains/mx-alpha"), 200, 200, 200, 403, 200),
            new Row("create domain", (a, n) -> a.post("/admin/domains", Map.of("name", "mx-d" + n)), 201, 403, 403, 403, 403),
            new Row("update domain", (a, n) -> a.patch("/admin/domains/mx-alpha", Map.of("description", "d" + n)),
                    200, 403, 403, 403, 403),
            new Row("list projects", (a, n) -> a.get("/admin/projects?limit=100"), 200, 200, 200, 200, 200),
            new Row("get project", (a, n) -> a.get("/admin/projects/" + p1), 200, 200, 200, 403, 200),
            new Row("create project", (a, n) -> a.post("/admin/projects", Map.of("domain_name", "mx-alpha", "name",
                    "mxp" + n)), 201, 403, 201, 403, 403),
            new Row("update project", (a, n) -> a.patch("/admin/projects/" + p1, Map.of("description", "p" + n)),
                    200, 403, 200, 403, 403),
            // resource model (SPEC P1-P5, A5, R2, Y1, Y3)
            new Row("set domain slots", (a, n) -> a.patch("/admin/domains/mx-alpha", Map.of("total_resource_slots",
                    Map.of("cpu", 100 + n))), 200, 403, 403, 403, 403),
            new Row("set project slots", (a, n) -> a.patch("/admin/projects/" + p1, Map.of("total_resource_slots",
                    Map.of("cpu", n, "mem", "8g"))), 200, 403, 200, 403, 403),
            new Row("assign user policy", (a, n) -> a.patch("/admin/users/mx-target@it.test", Map.of("resource_policy",
                    "mx-up".equals(sup.get("/admin/users/mx-target@it.test").json().get("resource_policy").asText())
                            ? "default" : "mx-up")), 200, 403, 403, 403, 403),
            new Row("list keypair policies", (a, n) -> a.get("/admin/resource-policies/keypair"), 200, 200, 200, 200, 403),
            new Row("list user policies", (a, n) -> a.get("/admin/resource-policies/user"), 200, 200, 200, 200, 403),
            new Row("list project policies", (a, n) -> a.get("/admin/resource-policies/project"), 200, 200, 200, 200, 403),
            new Row("get policy", (a, n) -> a.get("/admin/resource-policies/keypair/default"), 200, 200, 200, 200, 403),
            new Row("download policies", (a, n) -> a.get("/admin/resource-policies/user?download=csv"),
                    200, 200, 200, 200, 403),
            new Row("create keypair policy", (a, n) -> a.post("/admin/resource-policies/keypair", Map.of("name",
                    "mx-kp" + n)), 201, 403, 403, 403, 403),
            new Row("create user policy", (a, n) -> a.post("/admin/resource-policies/user", Map.of("name",
                    "mx-up" + n)), 201, 403, 403, 403, 403),
            new Row("create project policy", (a, n) -> a.post("/admin/resource-policies/project", Map.of("name",
                    "mx-pp" + n)), 201, 403, 403, 403, 403),
            new Row("update policy", (a, n) -> a.patch("/admin/resource-policies/keypair/mx-kp", Map.of(
                    "max_concurrent_sessions", 1 + n % 100)), 200, 403, 403, 403, 403),
            new Row("delete policy", (a, n) -> a.delete("/admin/resource-policies/project/" + must(sup.post(
                    "/admin/resource-policies/project", Map.of("name", "mx-del" + n)), 201).json().get("name")
                    .asText()), 204, 403, 403, 403, 403),
            new Row("list presets", (a, n) -> a.get("/admin/resource-presets"), 200, 200, 200, 200, 200),
            new Row("get preset", (a, n) -> a.get("/admin/resource-presets/mx-preset"), 200, 200, 200, 200, 200),
            new Row("create preset", (a, n) -> a.post("/admin/resource-presets", Map.of("name", "mx-pr" + n,
                    "resource_slots", Map.of("cpu", 2, "mem", "2g"))), 201, 403, 403, 403, 403),
            new Row("update preset", (a, n) -> a.patch("/admin/resource-presets/mx-preset", Map.of("shared_memory",
                    n + "m")), 200, 403, 403, 403, 403),
            new Row("delete preset", (a, n) -> a.delete("/admin/resource-presets/" + must(sup.post(
                    "/admin/resource-presets", Map.of("name", "mx-dp" + n, "resource_slots", Map.of("cpu", 1, "mem",
                    "1g"))), 201).json().get("name").asText()), 204, 403, 403, 403, 403),
            new Row("list slot types", (a, n) -> a.get("/admin/resource-slots"), 200, 200, 200, 200, 200),
            new Row("get settings", (a, n) -> a.get("/admin/settings"), 200, 200, 403, 403, 403),
            new Row("change settings", (a, n) -> a.patch("/admin/settings", Map.of("overlay_network_mtu", 1400 + n)),
                    200, 403, 403, 403, 403),
            new Row("settings history", (a, n) -> a.get("/admin/settings/history"), 200, 200, 403, 403, 403),
            new Row("information", (a, n) -> a.get("/admin/info"), 200, 200, 403, 403, 403),
            // agents and resource groups (SPEC A1-A4)
            new Row("list agents", (a, n) -> a.get("/admin/agents?status=all"), 200, 200, 403, 403, 403),
            new Row("list resource groups", (a, n) -> a.get("/admin/resource-groups"), 200, 200, 200, 200, 200),
            new Row("my resource groups", (a, n) -> a.get("/me/resource-groups"), 200, 200, 200, 200, 200),
            new Row("create resource group", (a, n) -> a.post("/admin/resource-groups", Map.of("name", "mx-rg" + n)),
                    201, 403, 403, 403, 403),
            new Row("update resource group", (a, n) -> a.patch("/admin/resource-groups/default", Map.of(
                    "description", "d" + n)), 200, 403, 403, 403, 403),
            new Row("associate resource group", (a, n) -> a.call("PUT", "/admin/resource-groups/default/domains/"
                    + "mx-alpha", null), 204, 403, 403, 403, 403),
            new Row("group associations", (a, n) -> a.get("/admin/resource-groups/default/associations"),
                    200, 200, 403, 403, 403));
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            for (int i = 0; i < ROLES.length; i++) {
                Resp r = row.call().run(as.get(ROLES[i]), seq.incrementAndGet());
                if (r.status() != row.expected()[i]) {
                    failures.add(row.name() + " as " + ROLES[i] + ": expected " + row.expected()[i] + ", got " + r);
                }
                if (r.status() >= 400 && !r.contentType().startsWith("application/problem+json")) {
                    failures.add(row.name() + " as " + ROLES[i] + ": error without problem+json");
                }
            }
        }
        assertTrue(String.join("\n", failures), failures.isEmpty());

        // lists are scoped to what the caller may see
        assertFalse(emails(as.get("adminB").get("/admin/users?limit=100&status=all")).contains("mx-target@it.test"));
        assertTrue(emails(as.get("adminA").get("/admin/users?limit=100&status=all")).contains("mx-target@it.test"));
        assertTrue(StreamSupport.stream(as.get("adminA").get("/admin/users?limit=100&status=all").json().get("items")
                .spliterator(), false).allMatch(n -> n.get("domain_name").asText().equals("mx-alpha")));
        JsonNode userKeys = as.get("userA").get("/admin/keypairs?limit=100").json();
        assertEquals(1, userKeys.get("total").asInt());
        assertEquals(as.get("userA").accessKey, userKeys.get("items").get(0).get("access_key").asText());
        JsonNode bDomains = as.get("adminB").get("/admin/domains").json();
        assertEquals(1, bDomains.get("total").asInt());
        assertEquals(403, as.get("adminA").patch("/admin/users/mx-target@it.test", Map.of("role", "superadmin"))
                .status());
        assertEquals(403, as.get("adminA").get("/admin/users?domain=mx-beta").status());
    }

    private static List<String> emails(Resp r) {
        return StreamSupport.stream(r.json().get("items").spliterator(), false).map(n -> n.get("email").asText())
                .toList();
    }

    private static Resp user(Api sup, String email, String domain, String role, List<String> projects)
            throws Exception {
        return must(sup.post("/admin/users", Map.of("email", email, "username", email.substring(0, email.indexOf('@')),
                "password", "Passw0rd!x", "domain_name", domain, "role", role, "projects", projects)), 201);
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }
}
