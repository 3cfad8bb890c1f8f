package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * More than 100 bad requests across the endpoints: each gets a 4xx problem+json (never a 500), and
 * the stored data is exactly the same afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class BadRequestsIT extends BerthTestSupport {

    record Bad(String method, String path, String body, String contentType, int status) {
    }

    private static Bad bad(String method, String path, String body, int status) {
        return new Bad(method, path, body, "application/json", status);
    }

    private static String json(Object o) throws Exception {
        return Api.JSON.writeValueAsString(o);
    }

    private static final String KP = "/admin/resource-policies/keypair";
    private static final String UP = "/admin/resource-policies/user";
    private static final String PP = "/admin/resource-policies/project";
    private static final String PRESETS = "/admin/resource-presets";

    private static String policy(String field, Object value) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("name", "br-policy"));
        if (value == null) {
            m.remove(field);
        } else {
            m.put(field, value);
        }
        return json(m);
    }

    private static String preset(Map<String, Object> slots, String sharedMemory) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("name", "br-x", "resource_slots", slots));
        if (sharedMemory != null) {
            m.put("shared_memory", sharedMemory);
        }
        return json(m);
    }

    private static String user(String field, Object value) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("email", "bad-user@it.test", "username",
                "baduser", "password", "Passw0rd!x"));
        if (value == null) {
            m.remove(field);
        } else {
            m.put(field, value);
        }
        return json(m);
    }

    @Test
    public void badRequestsGetProblemsAndChangeNothing() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String adminAk = admin.accessKey;
        Resp seeded = admin.post(PRESETS, Map.of("name", "br-preset", "resource_slots", Map.of("cpu", 1, "mem", "1g")));
        assertTrue(seeded.toString(), seeded.status() == 201 || seeded.status() == 409);
        String x65 = "x".repeat(65);
        List<Bad> cases = new ArrayList<>(List.of(
            // users: create
            bad("POST", "/admin/users", user("email", null), 400),
            bad("POST", "/admin/users", user("email", x65 + "@it.test"), 400),
            bad("POST", "/admin/users", user("email", "not-an-email"), 400),
            bad("POST", "/admin/users", user("email", "a b@it.test"), 400),
            bad("POST", "/admin/users", user("email", 5), 400),
            bad("POST", "/admin/users", user("email", List.of("a@b.c")), 400),
            bad("POST", "/admin/users", user("username", x65), 400),
            bad("POST", "/admin/users", user("username", "white space"), 400),
            bad("POST", "/admin/users", user("username", true), 400),
            bad("POST", "/admin/users", user("password", null), 400),
            bad("POST", "/admin/users", user("password", "Sh0rt!"), 400),
            bad("POST", "/admin/users", user("password", "NoDigits!!"), 400),
            bad("POST", "/admin/users", user("password", "12345678!"), 400),
            bad("POST", "/admin/users", user("password", "NoSpecial123"), 400),
            bad("POST", "/admin/users", user("password", "a1!" + "x".repeat(300)), 400),
            bad("POST", "/admin/users", user("password", 12345678), 400),
            bad("POST", "/admin/users", user("role", "god"), 400),
            bad("POST", "/admin/users", user("role", 1), 400),
            bad("POST", "/admin/users", user("status", "zombie"), 400),
            bad("POST", "/admin/users", user("need_password_change", "yes"), 400),
            bad("POST", "/admin/users", user("sudo_session_enabled", 1), 400),
            bad("POST", "/admin/users", user("projects", "model-store"), 400),
            bad("POST", "/admin/users", user("projects", List.of("no-such-project")), 400),
            bad("POST", "/admin/users", user("projects", List.of(7)), 400),
            bad("POST", "/admin/users", user("domain_name", "no-such-domain"), 404),
            bad("POST", "/admin/users", user("domain_name", "Bad Domain"), 400),
            bad("POST", "/admin/users", user("full_name", x65), 400),
            bad("POST", "/admin/users", user("description", "d".repeat(600)), 400),
            bad("POST", "/admin/users", user("resource_policy", "Bad Policy"), 400),
            bad("POST", "/admin/users", user("is_superuser", true), 400),
            bad("POST", "/admin/users", user("email", ADMIN_EMAIL), 409),
            bad("POST", "/admin/users", user("username", "admin"), 409),
            bad("POST", "/admin/users", "{", 400),
            bad("POST", "/admin/users", "{\"email\":", 400),
            bad("POST", "/admin/users", "[]", 400),
            bad("POST", "/admin/users", "\"text\"", 400),
            bad("POST", "/admin/users", "{} trailing", 400),
            bad("POST", "/admin/users", "", 400),
            bad("POST", "/admin/users", "{\"email\":\"a@b.c\",\"email\":\"d@e.f\"}", 400),
            new Bad("POST", "/admin/users", user("email", "x@it.test"), "text/plain", 415),
            new Bad("POST", "/admin/users", "<user/>", "application/xml", 415),
            // users: update
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("role", "emperor")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("status", "gone")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("status", "inactive")), 409),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("role", "user")), 409),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("password", "weak")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("username", x65)), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("email", "new@it.test")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("full_name", 3)), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("projects", List.of("nope"))), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("need_password_change", "no")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, "{bad json", 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, "", 400),
            bad("PATCH", "/admin/users/nobody@it.test", json(Map.of("full_name", "N")), 404),
            bad("POST", "/admin/users/nobody@it.test/deactivate", null, 404),
            bad("POST", "/admin/users/" + ADMIN_EMAIL + "/deactivate", null, 409),
            bad("GET", "/admin/users/nobody@it.test", null, 404),
            bad("GET", "/admin/users/" + x65, null, 404),
            bad("DELETE", "/admin/users/" + ADMIN_EMAIL, null, 405),
            bad("PUT", "/admin/users", "{}", 405),
            // users: list parameters
            bad("GET", "/admin/users?limit=0", null, 400),
            bad("GET", "/admin/users?limit=501", null, 400),
            bad("GET", "/admin/users?limit=abc", null, 400),
            bad("GET", "/admin/users?limit=99999999999", null, 400),
            bad("GET", "/admin/users?offset=-1", null, 400),
            bad("GET", "/admin/users?order=sideways", null, 400),
            bad("GET", "/admin/users?order_by=password_hash", null, 400),
            bad("GET", "/admin/users?status=zombie", null, 400),
            bad("GET", "/admin/users?email=" + "e".repeat(300), null, 400),
            // keypairs
            bad("POST", "/admin/keypairs", json(Map.of()), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", "nobody@it.test")), 404),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "AKSHORT")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "akiaiosfodnn7example")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "XXIAIOSFODNN7EXAMPLE")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "AKIAIOSFODNN7EXAMPL!")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "AKIAIOSFODNN7EXAMPL0",
                    "secret_key", "short")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", "AKIAIOSFODNN7EXAMPL0",
                    "secret_key", "s".repeat(39) + "%")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "secret_key", "s".repeat(40))), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "access_key", adminAk)), 409),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "rate_limit", 0)), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "rate_limit", -5)), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "rate_limit", 100_000_001)), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "rate_limit", "10")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "rate_limit", 1.5)), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "is_admin", "true")), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "resource_policy", x65)), 400),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "colour", "red")), 400),
            bad("POST", "/admin/keypairs", "{\"user_id\": [", 400),
            bad("PATCH", "/admin/keypairs/" + adminAk, json(Map.of("rate_limit", 0)), 400),
            bad("PATCH", "/admin/keypairs/" + adminAk, json(Map.of("is_active", "false")), 400),
            bad("PATCH", "/admin/keypairs/" + adminAk, json(Map.of("secret_key", "s".repeat(40))), 400),
            bad("PATCH", "/admin/keypairs/" + adminAk, json(Map.of("resource_policy", "")), 400),
            bad("PATCH", "/admin/keypairs/AKNOSUCHKEY000000000", json(Map.of("rate_limit", 10)), 404),
            bad("DELETE", "/admin/keypairs/AKNOSUCHKEY000000000", null, 404),
            bad("GET", "/admin/keypairs/AKNOSUCHKEY000000000", null, 404),
            bad("GET", "/admin/keypairs?is_active=maybe", null, 400),
            bad("GET", "/admin/keypairs?order_by=secret_key", null, 400),
            bad("GET", "/admin/keypairs?limit=-3", null, 400),
            // domains
            bad("POST", "/admin/domains", json(Map.of("name", "Upper")), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "with space")), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "-dash")), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "d".repeat(65))), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "")), 400),
            bad("POST", "/admin/domains", json(Map.of()), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "default")), 409),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "allowed_vfolder_hosts", "local")), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "allowed_vfolder_hosts", List.of("bad host"))), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "allowed_docker_registries", List.of(""))), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "description", "d".repeat(513))), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "is_active", "yes")), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "okname", "owner", "me")), 400),
            bad("PATCH", "/admin/domains/no-such-domain", json(Map.of("description", "x")), 404),
            bad("PATCH", "/admin/domains/default", json(Map.of("name", "renamed")), 400),
            bad("PATCH", "/admin/domains/default", json(Map.of("is_active", 0)), 400),
            bad("GET", "/admin/domains/no-such-domain", null, 404),
            bad("DELETE", "/admin/domains/default", null, 405),
            bad("GET", "/admin/domains?is_active=sometimes", null, 400),
            bad("GET", "/admin/domains?order_by=secret", null, 400),
            // projects
            bad("POST", "/admin/projects", json(Map.of("name", "p")), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default")), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "Bad Name")), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "p".repeat(65))), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "model-store")), 409),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "no-such-domain", "name", "p")), 404),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "p", "type", "model-store")), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "p", "resource_policy", "A B")), 400),
            bad("PATCH", "/admin/projects/no-such-id", json(Map.of("description", "x")), 404),
            bad("GET", "/admin/projects/no-such-id", null, 404),
            bad("GET", "/admin/projects?domain=" + "d".repeat(300), null, 400),
            // me
            bad("POST", "/me/password", json(Map.of("old_password", "wrong-Pass1!", "new_password", "Passw0rd!new")), 403),
            bad("POST", "/me/password", json(Map.of("old_password", ADMIN_PASSWORD, "new_password", "weak")), 400),
            bad("POST", "/me/password", json(Map.of("old_password", ADMIN_PASSWORD)), 400),
            // resource policies (SPEC P1-P5)
            bad("POST", KP, policy("total_resource_slots", Map.of("cpu", 513)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cpu", "512.5")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("mem", "1025g")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cuda.device", 65)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cuda.device", "1.5")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cuda.shares", 257)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cpu", -1)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("mem", "4x")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("mem", "1e9")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("mem", "0.5")), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("gpu", 1)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cpu", true)), 400),
            bad("POST", KP, policy("total_resource_slots", Map.of("cpu", List.of(1))), 400),
            bad("POST", KP, policy("total_resource_slots", "cpu=4"), 400),
            bad("POST", KP, "{\"name\":\"br-null\",\"total_resource_slots\":{\"cpu\":null}}", 400),
            bad("POST", KP, policy("max_containers_per_session", 101), 400),
            bad("POST", KP, policy("max_containers_per_session", 0), 400),
            bad("POST", KP, policy("max_concurrent_sessions", 101), 400),
            bad("POST", KP, policy("max_concurrent_sessions", 0), 400),
            bad("POST", KP, policy("idle_timeout", 15_552_001), 400),
            bad("POST", KP, policy("idle_timeout", -1), 400),
            bad("POST", KP, policy("max_session_lifetime", -1), 400),
            bad("POST", KP, policy("max_session_lifetime", "forever"), 400),
            bad("POST", KP, policy("max_pending_session_count", -1), 400),
            bad("POST", KP, policy("max_pending_session_count", "some"), 400),
            bad("POST", KP, policy("max_pending_session_resource_slots", Map.of("cpu", "-2")), 400),
            bad("POST", KP, policy("default_for_unspecified", "maybe"), 400),
            bad("POST", KP, policy("allowed_vfolder_hosts", "local"), 400),
            bad("POST", KP, policy("allowed_vfolder_hosts", List.of("bad host")), 400),
            bad("POST", KP, policy("name", "Bad Name"), 400),
            bad("POST", KP, policy("name", null), 400),
            bad("POST", KP, policy("name", "default"), 409),
            bad("POST", KP, policy("colour", "gold"), 400),
            bad("PATCH", KP + "/default", json(Map.of("name", "renamed")), 400),
            bad("PATCH", KP + "/default", json(Map.of("max_concurrent_sessions", 1000)), 400),
            bad("PATCH", KP + "/no-such-policy", json(Map.of("idle_timeout", 5)), 404),
            bad("DELETE", KP + "/default", null, 409),
            bad("DELETE", KP + "/no-such-policy", null, 404),
            bad("GET", KP + "/no-such-policy", null, 404),
            bad("GET", "/admin/resource-policies/session", null, 404),
            bad("GET", KP + "?download=xml", null, 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_vfolder_count", -1)), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_vfolder_count", 1.5)), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_vfolder_count", "many")), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_quota_scope_size", "1.3k")), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_quota_scope_size", "-1g")), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_session_count_per_model_session", 0)), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_session_count_per_model_session", 101)), 400),
            bad("POST", UP, json(Map.of("name", "br-u", "max_customized_image_count", "ten")), 400),
            bad("DELETE", UP + "/default", null, 409),
            bad("POST", PP, json(Map.of("name", "br-p", "max_quota_scope_size", "12 parsecs")), 400),
            bad("POST", PP, json(Map.of("name", "br-p", "max_vfolder_count", List.of())), 400),
            bad("DELETE", PP + "/default", null, 409),
            bad("POST", "/admin/keypairs", json(Map.of("user_id", ADMIN_EMAIL, "resource_policy", "no-such")), 400),
            bad("PATCH", "/admin/keypairs/" + adminAk, json(Map.of("resource_policy", "no-such")), 400),
            bad("PATCH", "/admin/users/" + ADMIN_EMAIL, json(Map.of("resource_policy", "no-such")), 400),
            bad("POST", "/admin/users", user("resource_policy", "no-such"), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "p", "resource_policy",
                    "no-such")), 400),
            // domain and project totals (SPEC R2)
            bad("PATCH", "/admin/domains/default", json(Map.of("total_resource_slots", Map.of("cpu", -1))), 400),
            bad("PATCH", "/admin/domains/default", json(Map.of("total_resource_slots", Map.of("gpu", 1))), 400),
            bad("PATCH", "/admin/domains/default", json(Map.of("total_resource_slots", List.of("cpu"))), 400),
            bad("POST", "/admin/domains", json(Map.of("name", "br-d", "total_resource_slots", Map.of("mem", "4q"))), 400),
            bad("POST", "/admin/projects", json(Map.of("domain_name", "default", "name", "br-p",
                    "total_resource_slots", Map.of("cuda.device", 0.5))), 400),
            // resource presets (SPEC A5)
            bad("POST", PRESETS, json(Map.of("name", "br-x")), 400),
            bad("POST", PRESETS, preset(Map.of("cpu", "inf", "mem", "1g"), null), 400),
            bad("POST", PRESETS, preset(Map.of("cpu", 1), null), 400),
            bad("POST", PRESETS, preset(Map.of("cpu", 1, "mem", "1g", "tpu", 1), null), 400),
            bad("POST", PRESETS, preset(Map.of("cpu", 1, "mem", "1g"), "2g"), 400),
            bad("POST", PRESETS, preset(Map.of("cpu", 1, "mem", "1g"), "inf"), 400),
            bad("POST", PRESETS, json(Map.of("name", "br-x", "resource_slots", Map.of("cpu", 1, "mem", "1g"),
                    "resource_group", "Bad Group")), 400),
            bad("POST", PRESETS, json(Map.of("name", "br-preset", "resource_slots", Map.of("cpu", 1, "mem", "1g"))), 409),
            bad("PATCH", PRESETS + "/br-preset", json(Map.of("name", "other")), 400),
            bad("PATCH", PRESETS + "/no-such-preset", json(Map.of("shared_memory", "1m")), 404),
            bad("DELETE", PRESETS + "/no-such-preset", null, 404),
            // system settings (SPEC Y1)
            bad("PATCH", "/admin/settings", json(Map.of("overlay_network_mtu", 1279)), 400),
            bad("PATCH", "/admin/settings", json(Map.of("overlay_network_mtu", 9001)), 400),
            bad("PATCH", "/admin/settings", json(Map.of("overlay_network_mtu", "big")), 400),
            bad("PATCH", "/admin/settings", json(Map.of("image_auto_install", "latest")), 400),
            bad("PATCH", "/admin/settings", json(Map.of("image_auto_install", 5)), 400),
            bad("PATCH", "/admin/settings", json(Map.of("default_retries_to_skip", -1)), 400),
            bad("PATCH", "/admin/settings", json(Map.of("retries_to_skip", Map.of("fifo", 1001))), 400),
            bad("PATCH", "/admin/settings", json(Map.of("retries_to_skip", Map.of("Bad Name", 1))), 400),
            bad("PATCH", "/admin/settings", json(Map.of("retries_to_skip", List.of(1))), 400),
            bad("PATCH", "/admin/settings", json(Map.of("mtu", 1500)), 400),
            bad("GET", "/admin/settings/history?limit=0", null, 400),
            // unknown paths and methods
            bad("GET", "/admin/nothing-here", null, 404),
            bad("GET", "/nope", null, 404),
            bad("POST", "/healthz", "{}", 405),
            bad("DELETE", "/", null, 405)));
        Map<String, Object> snapshotBefore = snapshot(admin);
        List<String> failures = new ArrayList<>();
        for (Bad b : cases) {
            Resp r = admin.raw(b.method(), b.path(), b.body(), b.contentType(), java.time.OffsetDateTime.now(
                    java.time.ZoneOffset.UTC), null);
            check(failures, b.method() + " " + b.path() + " " + b.body(), r, b.status());
        }
        // unauthenticated and malformed authentication
        String login = "/auth/authorize";
        List<String[]> anon = List.of(new String[] {"POST", login, "{"}, new String[] {"POST", login, "{}"},
                new String[] {"POST", login, json(Map.of("type", "jwt", "domain", "default", "username", "a", "password", "b"))},
                new String[] {"POST", login, json(Map.of("type", "keypair", "domain", "default", "username", 5, "password", "b"))},
                new String[] {"POST", login, json(Map.of("type", "keypair", "domain", "default", "username", ADMIN_EMAIL))},
                new String[] {"POST", login, json(Map.of("type", "keypair", "domain", "default", "username", "u".repeat(300), "password", "p"))},
                new String[] {"POST", login, "[1,2]"}, new String[] {"GET", login, null},
                new String[] {"GET", "/admin/users", null}, new String[] {"GET", "/me", null});
        for (String[] a : anon) {
            Resp r = Api.anonymous(PORT, a[0], a[1], a[2]);
            if (r.status() < 400 || r.status() >= 500 || !r.contentType().startsWith("application/problem+json")) {
                failures.add(String.join(" ", a) + " -> " + r);
            }
        }
        for (String auth : List.of("Bearer abc", "BackendAI signMethod=HMAC-SHA256", "BackendAI signMethod=MD5, credential=AK:00",
                "BackendAI signMethod=HMAC-SHA256, credential=" + adminAk + ":zz")) {
            Resp r = admin.raw("GET", "/me", null, "application/json", java.time.OffsetDateTime.now(), b -> b.setHeader("Authorization", auth));
            check(failures, "Authorization: " + auth, r, 401);
        }
        Resp noDate = admin.raw("GET", "/me", null, "application/json", java.time.OffsetDateTime.now(),
                b -> b.setHeader("X-BackendAI-Date", "yesterday"));
        check(failures, "bad date", noDate, 401);
        assertTrue(failures.size() + " failures:\n" + String.join("\n", failures), failures.isEmpty());
        assertTrue("at least 100 bad requests, had " + (cases.size() + anon.size() + 5), cases.size() + anon.size() + 5 >= 100);
        assertEquals(snapshotBefore, snapshot(admin));
    }

    private static void check(List<String> failures, String what, Resp r, int expected) {
        if (r.status() != expected) {
            failures.add(what + ": expected " + expected + ", got " + r);
        } else if (!r.contentType().startsWith("application/problem+json")) {
            failures.add(what + ": not problem+json: " + r.contentType());
        } else if (r.json().get("status").asInt() != expected || !r.json().has("type") || !r.json().has("title")
                || !r.json().has("detail")) {
            failures.add(what + ": incomplete problem: " + r);
        }
    }

    /** Everything stored, minus the usage counters that every request moves. */
    private static Map<String, Object> snapshot(Api admin) throws Exception {
        Map<String, Object> s = new java.util.TreeMap<>();
        for (String path : List.of("/admin/users?status=all&limit=500&order_by=email",
                "/admin/keypairs?is_active=true&limit=500&order_by=access_key",
                "/admin/keypairs?is_active=false&limit=500&order_by=access_key", "/admin/domains?limit=500",
                "/admin/projects?limit=500&order_by=name", KP, UP, PP, PRESETS)) {
            JsonNode page = admin.get(path).json();
            for (JsonNode item : page.get("items")) {
                ((ObjectNode) item).remove(List.of("last_used", "num_queries"));
            }
            s.put(path, page);
        }
        s.put("settings", admin.get("/admin/settings").json());
        s.put("me", admin.get("/admin/users/" + ADMIN_EMAIL).json().deepCopy());
        ((ObjectNode) s.get("me")).remove("keypairs");
        return s;
    }
}
