package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/** Login, users, keypairs, cascade, signing and rate limiting over real HTTP with signed requests. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class IdentityIT extends BerthTestSupport {
    private Api admin;

    @Before
    public void login() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static Set<String> emails(JsonNode page) {
        return Set.copyOf(StreamSupport.stream(page.get("items").spliterator(), false)
                .map(n -> n.get("email").asText()).toList());
    }

    private Resp createUser(String email, String username) throws Exception {
        Resp r = admin.post("/admin/users", Map.of("email", email, "username", username, "password", "Passw0rd!x",
                "full_name", "Test " + username));
        assertEquals(r.toString(), 201, r.status());
        return r;
    }

    @Test
    public void publicEndpointsAnswerWithoutSignature() throws Exception {
        Resp root = Api.anonymous(PORT, "GET", "/", null);
        assertEquals(200, root.status());
        assertEquals(Api.VERSION, root.json().get("version").asText());
        assertNotNull(root.json().get("manager"));
        assertEquals(200, Api.anonymous(PORT, "GET", "/healthz", null).status());
        Resp openapi = Api.anonymous(PORT, "GET", "/openapi.json", null);
        assertEquals(200, openapi.status());
        JsonNode paths = openapi.json().get("paths");
        for (String p : List.of("/auth/authorize", "/admin/users", "/admin/users/{email}", "/admin/keypairs",
                "/admin/keypairs/{accessKey}", "/admin/domains", "/admin/projects", "/me", "/healthz")) {
            assertTrue("openapi lists " + p, paths.has(p));
        }
        assertTrue(paths.get("/admin/keypairs/{accessKey}").has("delete"));
        Resp unsigned = Api.anonymous(PORT, "GET", "/admin/users", null);
        assertEquals(401, unsigned.status());
        assertTrue(unsigned.contentType().startsWith("application/problem+json"));
    }

    @Test
    public void loginRefusesBadPasswordsAndInactiveOrUnverifiedUsers() throws Exception {
        Resp bad = Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(Map.of("type",
                "keypair", "domain", "default", "username", ADMIN_EMAIL, "password", "wrong-Pass1!")));
        assertEquals(401, bad.status());
        admin.post("/admin/users", Map.of("email", "unverified@it.test", "username", "unverified", "password",
                "Passw0rd!x", "status", "before-verification"));
        Resp unverified = Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(Map.of("type",
                "keypair", "domain", "default", "username", "unverified@it.test", "password", "Passw0rd!x")));
        assertEquals(401, unverified.status());
        assertTrue(unverified.json().get("detail").asText().contains("not been verified"));
        createUser("gone@it.test", "gone");
        assertEquals(200, admin.post("/admin/users/gone@it.test/deactivate", null).status());
        Resp inactive = Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(Map.of("type",
                "keypair", "domain", "default", "username", "gone@it.test", "password", "Passw0rd!x")));
        assertEquals(401, inactive.status());
        assertTrue(inactive.json().get("detail").asText().contains("inactive"));
    }

    @Test
    public void userLifecycleWithFiltersPagingAndCascade() throws Exception {
        Resp created = createUser("kim.alpha@it.test", "kimalpha");
        JsonNode kp = created.json().get("keypair");
        assertEquals(40, kp.get("secret_key").asText().length());
        assertTrue(kp.get("access_key").asText().startsWith("AK"));
        JsonNode detail = created.json().get("user");
        assertEquals("default", detail.get("domain").get("name").asText());
        assertTrue(StreamSupport.stream(detail.get("projects").spliterator(), false)
                .anyMatch(p -> p.get("name").asText().equals("model-store")));
        createUser("kim.beta@it.test", "kimbeta");
        createUser("lee.gamma@it.test", "leegamma");

        JsonNode byEmail = admin.get("/admin/users?email=kim.&order_by=email&order=desc").json();
        assertEquals(List.of("kim.beta@it.test", "kim.alpha@it.test"),
                StreamSupport.stream(byEmail.get("items").spliterator(), false).map(n -> n.get("email").asText()).toList());
        assertEquals(2, byEmail.get("total").asInt());
        assertEquals(Set.of("lee.gamma@it.test"), emails(admin.get("/admin/users?username=gamma").json()));
        String ak = kp.get("access_key").asText();
        assertEquals(Set.of("kim.alpha@it.test"), emails(admin.get("/admin/users?access_key=" + ak.substring(2, 12)).json()));
        JsonNode page = admin.get("/admin/users?email=kim.&limit=1&offset=1&order_by=email").json();
        assertEquals(1, page.get("items").size());
        assertEquals(2, page.get("total").asInt());
        assertEquals("kim.beta@it.test", page.get("items").get(0).get("email").asText());

        // update
        Resp upd = admin.patch("/admin/users/kim.beta@it.test", Map.of("full_name", "Kim Beta", "need_password_change",
                true, "sudo_session_enabled", true));
        assertEquals(upd.toString(), 200, upd.status());
        assertEquals("Kim Beta", upd.json().get("full_name").asText());
        assertTrue(upd.json().get("sudo_session_enabled").asBoolean());

        // the user signs requests with its own keypair, sees its notice, and cannot list users
        Api kim = Api.login(PORT, "default", "kim.alpha@it.test", "Passw0rd!x");
        assertEquals(ak, kim.accessKey);
        assertEquals(200, kim.get("/me").status());
        assertEquals(403, kim.get("/admin/users").status());

        // a second keypair with explicit keys
        Resp second = admin.post("/admin/keypairs", Map.of("user_id", "kim.alpha@it.test", "access_key",
                "AKITEXPLICIT00000001", "secret_key", "abcdefghijABCDEFGHIJ0123456789/+abcdefgh"));
        assertEquals(second.toString(), 201, second.status());
        assertEquals(409, admin.post("/admin/keypairs", Map.of("user_id", "kim.alpha@it.test", "access_key",
                "AKITEXPLICIT00000001")).status());
        assertEquals("kim.alpha@it.test", second.json().get("user_id").asText());
        assertEquals("kim.alpha@it.test", admin.get("/admin/keypairs/AKITEXPLICIT00000001").json().get("user_id").asText());
        Api kim2 = new Api(PORT, "AKITEXPLICIT00000001", "abcdefghijABCDEFGHIJ0123456789/+abcdefgh");
        assertEquals(200, kim2.get("/me").status());

        // deactivation cascades to every keypair; requests with them fail at once
        Resp deact = admin.post("/admin/users/kim.alpha@it.test/deactivate", null);
        assertEquals(200, deact.status());
        assertEquals(401, kim.get("/me").status());
        assertEquals(401, kim2.get("/me").status());
        assertFalse(admin.get("/admin/keypairs/" + ak).json().get("is_active").asBoolean());
        assertFalse(emails(admin.get("/admin/users?email=kim.").json()).contains("kim.alpha@it.test"));
        assertTrue(emails(admin.get("/admin/users?status=inactive").json()).contains("kim.alpha@it.test"));
        // users are never deleted
        assertEquals(405, admin.delete("/admin/users/kim.alpha@it.test").status());

        // re-activation does not re-activate keypairs
        assertEquals(200, admin.post("/admin/users/kim.alpha@it.test/activate", null).status());
        assertEquals(401, kim.get("/me").status());
        assertFalse(admin.get("/admin/keypairs/" + ak).json().get("is_active").asBoolean());
        assertEquals(200, admin.post("/admin/keypairs/" + ak + "/activate", null).status());
        assertEquals(200, kim.get("/me").status());

        // inactive keypair view and delete (no session ever used it); main key moves to the other one
        assertTrue(StreamSupport.stream(admin.get("/admin/keypairs?is_active=false&limit=100").json().get("items")
                .spliterator(), false).anyMatch(n -> n.get("access_key").asText().equals("AKITEXPLICIT00000001")));
        assertEquals(200, admin.post("/admin/keypairs/AKITEXPLICIT00000001/activate", null).status());
        assertEquals(204, admin.delete("/admin/keypairs/" + ak).status());
        assertEquals("AKITEXPLICIT00000001",
                admin.get("/admin/users/kim.alpha@it.test").json().get("main_access_key").asText());
        assertNull(admin.get("/admin/keypairs?limit=100").json().get("items").findValue("secret_key").textValue());
    }

    @Test
    public void signatureDateAndTamperingAreChecked() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        assertEquals(200, admin.raw("GET", "/me", null, "application/json", now.minusMinutes(14), null).status());
        assertEquals(401, admin.raw("GET", "/me", null, "application/json", now.minusMinutes(16), null).status());
        assertEquals(401, admin.raw("GET", "/me", null, "application/json", now.plusMinutes(16), null).status());
        // a different path than the one signed
        assertEquals(401, admin.raw("GET", "/admin/users", null, "application/json", now,
                b -> b.uri(java.net.URI.create("http://127.0.0.1:" + PORT + "/admin/users?limit=1"))).status());
        // a different version header than the one signed
        assertEquals(401, admin.raw("GET", "/me", null, "application/json", now,
                b -> b.setHeader("X-BackendAI-Version", "v7.20230615")).status());
        // a different content type than the one signed
        assertEquals(401, admin.raw("GET", "/me", null, "application/json", now,
                b -> b.setHeader("Content-Type", "text/plain")).status());
        // a wrong secret
        assertEquals(401, new Api(PORT, admin.accessKey, "x".repeat(40)).get("/me").status());
        Resp ok = admin.get("/me");
        assertEquals("30000", ok.header("X-RateLimit-Limit"));
        assertEquals("900", ok.header("X-RateLimit-Window"));
        assertNotNull(ok.header("X-RateLimit-Remaining"));
    }

    @Test
    public void rateLimitRefusesBeyondTheWindowWithRetryAfter() throws Exception {
        createUser("limited@it.test", "limited");
        Resp kp = admin.post("/admin/keypairs", Map.of("user_id", "limited@it.test", "rate_limit", 5));
        assertEquals(201, kp.status());
        Api limited = new Api(PORT, kp.json().get("access_key").asText(), kp.json().get("secret_key").asText());
        for (int i = 0; i < 5; i++) {
            Resp r = limited.get("/me");
            assertEquals(200, r.status());
            assertEquals(String.valueOf(4 - i), r.header("X-RateLimit-Remaining"));
        }
        Resp refused = limited.get("/me");
        assertEquals(429, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        long retry = Long.parseLong(refused.header("Retry-After"));
        assertTrue("Retry-After " + retry, retry > 880 && retry <= 900);
        assertEquals("0", refused.header("X-RateLimit-Remaining"));
        // raising the limit takes effect at once
        assertEquals(200, admin.patch("/admin/keypairs/" + limited.accessKey, Map.of("rate_limit", 10)).status());
        assertEquals(200, limited.get("/me").status());
    }

    @Test
    public void domainsAndProjects() throws Exception {
        Resp d = admin.post("/admin/domains", Map.of("name", "research", "description", "Research"));
        assertEquals(d.toString(), 201, d.status());
        assertEquals(409, admin.post("/admin/domains", Map.of("name", "research")).status());
        JsonNode projects = admin.get("/admin/projects?domain=research").json();
        assertEquals(1, projects.get("total").asInt());
        assertEquals("model-store", projects.get("items").get(0).get("type").asText());
        Resp p = admin.post("/admin/projects", Map.of("domain_name", "research", "name", "vision"));
        assertEquals(201, p.status());
        Resp dup = admin.post("/admin/projects", Map.of("domain_name", "research", "name", "vision"));
        assertEquals(409, dup.status());
        assertEquals("name", dup.json().get("field").asText());
        Resp u = admin.post("/admin/users", Map.of("email", "r1@it.test", "username", "r1", "password", "Passw0rd!x",
                "domain_name", "research", "projects", List.of("vision")));
        assertEquals(u.toString(), 201, u.status());
        assertEquals(2, u.json().get("user").get("projects").size());
        assertEquals(200, admin.patch("/admin/projects/" + p.json().get("id").asText(), Map.of("is_active", false))
                .status());
        assertEquals(200, admin.patch("/admin/domains/research", Map.of("is_active", false)).status());
        Resp refused = Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(Map.of("type",
                "keypair", "domain", "research", "username", "r1@it.test", "password", "Passw0rd!x")));
        assertEquals(401, refused.status());
        assertEquals(200, admin.patch("/admin/domains/research", Map.of("is_active", true)).status());
        Api.login(PORT, "research", "r1@it.test", "Passw0rd!x");
    }
}
