package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.itests.Api.Resp;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Resource policies, presets, domain/project slot limits, system settings and information over
 * signed HTTP against the running distribution (SPEC P1-P5, A5, R2, Y1, Y3).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ResourceModelIT extends BerthTestSupport {
    private Api admin;

    @Before
    public void login() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    @Test
    public void keypairPolicyLifecycleWithSlotsInfinityAndDeleteProtection() throws Exception {
        JsonNode dflt = must(admin.get("/admin/resource-policies/keypair/default"), 200).json();
        assertEquals("unlimited", dflt.get("default_for_unspecified").asText());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "rm-gold");
        body.put("default_for_unspecified", "limited");
        body.put("total_resource_slots", Map.of("cpu", 8, "mem", "16g", "cuda.shares", "inf"));
        body.put("max_concurrent_sessions", 4);
        body.put("max_containers_per_session", 8);
        body.put("idle_timeout", 15_552_000);
        body.put("max_pending_session_count", "unlimited");
        JsonNode gold = must(admin.post("/admin/resource-policies/keypair", body), 201).json();
        JsonNode slots = gold.get("total_resource_slots");
        assertEquals("8", slots.get("cpu").asText());
        assertEquals(String.valueOf(16L << 30), slots.get("mem").asText());
        assertEquals("Infinity", slots.get("cuda.shares").asText());
        assertEquals("Infinity", gold.get("max_pending_session_count").asText());
        assertEquals(must(admin.post("/admin/resource-policies/keypair", Map.of("name", "rm-gold")), 409).json()
                .get("status").asInt(), 409);

        JsonNode changed = must(admin.patch("/admin/resource-policies/keypair/rm-gold", Map.of(
                "max_pending_session_count", 5, "total_resource_slots", Map.of("cpu", "0.5", "mem", "512m"))), 200)
                .json();
        assertEquals(5, changed.get("max_pending_session_count").asInt());
        assertEquals("0.5", changed.get("total_resource_slots").get("cpu").asText());
        assertFalse("a replaced slot map drops slots not given", changed.get("total_resource_slots").has("cuda.shares"));
        assertEquals("kept when not given", 4, changed.get("max_concurrent_sessions").asInt());
        must(admin.patch("/admin/resource-policies/keypair/rm-gold", Map.of("name", "rm-platinum")), 400);
        must(admin.get("/admin/resource-policies/keypair/rm-platinum"), 404);

        // assign to a keypair of a user that is then deactivated: the policy is still referred to (SPEC P4)
        must(admin.post("/admin/users", Map.of("email", "rm-holder@it.test", "username", "rmholder", "password",
                "Passw0rd!x")), 201);
        String ak = must(admin.post("/admin/keypairs", Map.of("user_id", "rm-holder@it.test", "resource_policy",
                "rm-gold")), 201).json().get("access_key").asText();
        must(admin.post("/admin/keypairs", Map.of("user_id", "rm-holder@it.test", "resource_policy", "rm-none")), 400);
        must(admin.post("/admin/users/rm-holder@it.test/deactivate", null), 200);
        Resp refused = must(admin.delete("/admin/resource-policies/keypair/rm-gold"), 409);
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.toString(), refused.json().get("referrers").toString().contains(ak));
        assertEquals(1, refused.json().get("referrer_count").asInt());
        must(admin.get("/admin/resource-policies/keypair/rm-gold"), 200);
        must(admin.delete("/admin/resource-policies/keypair/default"), 409);

        must(admin.patch("/admin/keypairs/" + ak, Map.of("resource_policy", "default")), 200);
        must(admin.delete("/admin/resource-policies/keypair/rm-gold"), 204);
        must(admin.get("/admin/resource-policies/keypair/rm-gold"), 404);
    }

    @Test
    public void userAndProjectPoliciesAreAssignedAndProtected() throws Exception {
        JsonNode up = must(admin.post("/admin/resource-policies/user", Map.of("name", "rm-researcher",
                "max_vfolder_count", 20, "max_quota_scope_size", "100g", "max_session_count_per_model_session", 5,
                "max_customized_image_count", "inf")), 201).json();
        assertEquals(20, up.get("max_vfolder_count").asInt());
        assertEquals(100L << 30, up.get("max_quota_scope_size").asLong());
        assertEquals("Infinity", up.get("max_customized_image_count").asText());
        JsonNode pp = must(admin.post("/admin/resource-policies/project", Map.of("name", "rm-lab",
                "max_quota_scope_size", "1t")), 201).json();
        assertEquals(1L << 40, pp.get("max_quota_scope_size").asLong());
        assertEquals("Infinity", pp.get("max_vfolder_count").asText());

        must(admin.post("/admin/users", Map.of("email", "rm-researcher@it.test", "username", "rmresearcher",
                "password", "Passw0rd!x", "resource_policy", "rm-researcher")), 201);
        assertEquals("rm-researcher", admin.get("/admin/users/rm-researcher@it.test").json().get("resource_policy")
                .asText());
        String project = must(admin.post("/admin/projects", Map.of("domain_name", "default", "name", "rm-lab",
                "resource_policy", "rm-lab")), 201).json().get("id").asText();

        Resp userRef = must(admin.delete("/admin/resource-policies/user/rm-researcher"), 409);
        assertTrue(userRef.toString(), userRef.json().get("referrers").toString().contains("rm-researcher@it.test"));
        Resp projectRef = must(admin.delete("/admin/resource-policies/project/rm-lab"), 409);
        assertTrue(projectRef.toString(), projectRef.json().get("referrers").toString().contains("default/rm-lab"));

        must(admin.patch("/admin/users/rm-researcher@it.test", Map.of("resource_policy", "default")), 200);
        must(admin.patch("/admin/projects/" + project, Map.of("resource_policy", "default")), 200);
        must(admin.delete("/admin/resource-policies/user/rm-researcher"), 204);
        must(admin.delete("/admin/resource-policies/project/rm-lab"), 204);
        must(admin.patch("/admin/users/rm-researcher@it.test", Map.of("resource_policy", "rm-researcher")), 400);
    }

    @Test
    public void policyListsDownloadAsCsvAndJsonEqualToTheApi() throws Exception {
        must(admin.post("/admin/resource-policies/keypair", Map.of("name", "rm-export", "total_resource_slots",
                Map.of("cpu", 2, "mem", "4g", "cuda.device", 1), "allowed_vfolder_hosts", List.of("local", "nfs-1"))),
                201);
        for (String kind : List.of("keypair", "user", "project")) {
            JsonNode items = must(admin.get("/admin/resource-policies/" + kind), 200).json().get("items");
            assertTrue(items.size() >= 1);

            Resp json = must(admin.get("/admin/resource-policies/" + kind + "?download=json"), 200);
            assertTrue(json.contentType(), json.contentType().startsWith("application/json"));
            assertEquals("attachment; filename=\"" + kind + "-resource-policies.json\"",
                    json.header("Content-Disposition"));
            assertEquals(items, Api.JSON.readTree(json.raw().body()));

            Resp csv = must(admin.get("/admin/resource-policies/" + kind + "?download=csv"), 200);
            assertTrue(csv.contentType(), csv.contentType().startsWith("text/csv"));
            assertEquals("attachment; filename=\"" + kind + "-resource-policies.csv\"",
                    csv.header("Content-Disposition"));
            List<CSVRecord> rows;
            try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv.raw().body()))) {
                rows = p.getRecords();
                List<String> header = p.getHeaderNames();
                List<String> fields = new ArrayList<>();
                items.get(0).fieldNames().forEachRemaining(fields::add);
                assertEquals(fields, header);
            }
            assertEquals(items.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(kind + " row " + i, items.get(i), fromCsv(rows.get(i), items.get(i)));
            }
        }
        must(admin.get("/admin/resource-policies/keypair?download=xml"), 400);
    }

    /** A CSV row read back with the JSON types of the API's item (nested values are JSON text). */
    private static JsonNode fromCsv(CSVRecord row, JsonNode like) throws Exception {
        ObjectNode o = Api.JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = like.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = row.get(e.getKey());
            JsonNode t = e.getValue();
            if (t.isNull()) {
                assertEquals("", text);
                o.putNull(e.getKey());
            } else if (t.isContainerNode() || t.isNumber()) {
                o.set(e.getKey(), Api.JSON.readTree(text));
            } else {
                o.put(e.getKey(), text);
            }
        }
        return o;
    }

    @Test
    public void presetsAreCreatedListedAndChecked() throws Exception {
        JsonNode p = must(admin.post("/admin/resource-presets", Map.of("name", "rm-small", "resource_slots",
                Map.of("cpu", 1, "mem", "2g"), "shared_memory", "64m")), 201).json();
        assertEquals(64L << 20, p.get("shared_memory").asLong());
        assertTrue(p.get("resource_group").isNull());
        must(admin.post("/admin/resource-presets", Map.of("name", "rm-small", "resource_slots", Map.of("cpu", 1,
                "mem", "1g"))), 409);
        must(admin.post("/admin/resource-presets", Map.of("name", "rm-gpu", "resource_slots", Map.of("cpu", 4,
                "mem", "16g", "cuda.shares", "0.5"), "resource_group", "gpu-nodes")), 201);
        JsonNode forGroup = must(admin.get("/admin/resource-presets?resource_group=cpu-nodes"), 200).json();
        assertTrue(forGroup.toString().contains("rm-small"));
        assertFalse(forGroup.toString().contains("rm-gpu"));
        JsonNode updated = must(admin.patch("/admin/resource-presets/rm-gpu", Map.of("resource_group", "")), 200)
                .json();
        assertTrue(updated.get("resource_group").isNull());
        assertEquals("0.5", updated.get("resource_slots").get("cuda.shares").asText());
        must(admin.patch("/admin/resource-presets/rm-small", Map.of("shared_memory", "4g")), 400);
        must(admin.delete("/admin/resource-presets/rm-gpu"), 204);
        must(admin.get("/admin/resource-presets/rm-gpu"), 404);

        JsonNode types = must(admin.get("/admin/resource-slots"), 200).json();
        assertTrue(types.toString(), types.toString().contains("\"cuda.shares\""));
    }

    @Test
    public void domainAndProjectSlotLimitsFollowTheRoles() throws Exception {
        must(admin.post("/admin/domains", Map.of("name", "rm-alpha", "total_resource_slots", Map.of("cpu", 64,
                "mem", "256g"))), 201);
        must(admin.post("/admin/domains", Map.of("name", "rm-beta")), 201);
        String pa = must(admin.post("/admin/projects", Map.of("domain_name", "rm-alpha", "name", "pa")), 201).json()
                .get("id").asText();
        String pb = must(admin.post("/admin/projects", Map.of("domain_name", "rm-beta", "name", "pb")), 201).json()
                .get("id").asText();
        must(admin.post("/admin/users", Map.of("email", "rm-admin@it.test", "username", "rmadmin", "password",
                "Passw0rd!x", "domain_name", "rm-alpha", "role", "admin")), 201);
        Api domainAdmin = Api.login(PORT, "rm-alpha", "rm-admin@it.test", "Passw0rd!x");

        JsonNode p = must(domainAdmin.patch("/admin/projects/" + pa, Map.of("total_resource_slots", Map.of("cpu", 8,
                "cuda.device", 2))), 200).json();
        assertEquals("2", p.get("total_resource_slots").get("cuda.device").asText());
        must(domainAdmin.patch("/admin/projects/" + pb, Map.of("total_resource_slots", Map.of("cpu", 8))), 403);
        must(domainAdmin.patch("/admin/domains/rm-alpha", Map.of("total_resource_slots", Map.of("cpu", 999))), 403);
        assertEquals("64", admin.get("/admin/domains/rm-alpha").json().get("total_resource_slots").get("cpu")
                .asText());
        Resp unknown = must(admin.patch("/admin/domains/rm-alpha", Map.of("total_resource_slots", Map.of("gpu", 1))),
                400);
        assertTrue(unknown.toString(), unknown.json().toString().contains("gpu"));
        JsonNode cleared = must(admin.patch("/admin/domains/rm-alpha", Map.of("total_resource_slots", Map.of())), 200)
                .json();
        assertEquals(0, cleared.get("total_resource_slots").size());
    }

    @Test
    public void settingsAreStoredAuditedAndRoleChecked() throws Exception {
        JsonNode before = must(admin.get("/admin/settings"), 200).json();
        assertNotNull(before.get("image_auto_install"));
        JsonNode after = must(admin.patch("/admin/settings", Map.of("image_auto_install", "tag",
                "overlay_network_mtu", 8950, "retries_to_skip", Map.of("rm-fifo", 7))), 200).json();
        assertEquals("tag", after.get("image_auto_install").asText());
        assertEquals(8950, after.get("overlay_network_mtu").asInt());
        assertEquals(7, after.get("retries_to_skip").get("rm-fifo").asInt());
        assertEquals(after, admin.get("/admin/settings").json());
        must(admin.patch("/admin/settings", Map.of("overlay_network_mtu", 9001)), 400);
        must(admin.patch("/admin/settings", Map.of("image_auto_install", "latest")), 400);
        assertEquals(after, admin.get("/admin/settings").json());

        JsonNode history = must(admin.get("/admin/settings/history?limit=10"), 200).json().get("items");
        Map<String, JsonNode> latest = new TreeMap<>();
        for (JsonNode h : history) {
            latest.putIfAbsent(h.get("setting").asText(), h);
        }
        JsonNode mtu = latest.get("network.overlay_mtu");
        assertNotNull(history.toString(), mtu);
        assertEquals("8950", mtu.get("new_value").asText());
        assertEquals(ADMIN_EMAIL, mtu.get("changed_by").asText());
        assertEquals("tag", latest.get("image.auto_install").get("new_value").asText());

        Map<String, Object> reset = new LinkedHashMap<>();
        reset.put("image_auto_install", before.get("image_auto_install").asText());
        reset.put("overlay_network_mtu", before.get("overlay_network_mtu").asInt());
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("rm-fifo", null);
        reset.put("retries_to_skip", none);
        JsonNode restored = must(admin.patch("/admin/settings", reset), 200).json();
        assertFalse(restored.get("retries_to_skip").has("rm-fifo"));
    }

    @Test
    public void informationListsTheRunningComponents() throws Exception {
        JsonNode info = must(admin.get("/admin/info"), 200).json();
        assertEquals(Api.VERSION, info.get("api_version").asText());
        assertFalse(info.get("manager_version").asText().isEmpty());
        Map<String, JsonNode> bySymbolicName = new TreeMap<>();
        for (JsonNode c : info.get("components")) {
            bySymbolicName.put(c.get("symbolic_name").asText(), c);
        }
        for (String b : List.of("io.berth.spi", "io.berth.core", "io.berth.persistence.jpa", "io.berth.rest",
                "io.berth.shell")) {
            JsonNode c = bySymbolicName.get(b);
            assertNotNull(b + " in " + bySymbolicName.keySet(), c);
            assertEquals(b, "active", c.get("state").asText());
            assertTrue(b, c.get("compatible").asBoolean());
            assertFalse(b, c.get("plugin").asBoolean());
        }
        JsonNode core = bySymbolicName.get("io.berth.core");
        assertTrue(core.toString(), core.get("spi_imports").toString().contains("io.berth.spi.resource"));
        for (JsonNode i : core.get("spi_imports")) {
            assertTrue(i.toString(), i.get("satisfied").asBoolean());
            assertFalse(i.toString(), i.get("wired_to").isNull());
        }
    }
}
