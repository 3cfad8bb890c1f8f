package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.error.ForbiddenException;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC P1–P5 over HTTP: views, inputs passed through, status codes, downloads. */
class ResourcePolicyResourceTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String BASE = "/admin/resource-policies/";
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private Answer get(String path) {
        return rest.signed("GET", path, ADMIN).send();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---- views ----

    @Test
    void keypairPoliciesListInTheListEnvelope() {
        Answer a = get(BASE + "keypair");
        assertEquals(200, a.status(), a::toString);
        assertEquals("application/json", a.mediaType().toString());
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(2, body.path("total").asInt());
        assertEquals(0, body.path("offset").asInt());
        assertEquals(2, body.path("limit").asInt());
        assertEquals(List.of("default", "gold"), List.of(body.path("items").path(0).path("name").asText(),
                body.path("items").path(1).path("name").asText()));
        assertNull(a.header("Content-Disposition"), "a list is not a download");
    }

    @Test
    void keypairPolicyView() {
        JsonNode p = get(BASE + "keypair/gold").json();
        assertEquals(List.of("name", "default_for_unspecified", "total_resource_slots", "max_session_lifetime",
                "max_concurrent_sessions", "max_pending_session_count", "max_pending_session_resource_slots",
                "max_containers_per_session", "idle_timeout", "allowed_vfolder_hosts", "created_at", "modified_at"),
                fieldNames(p));
        assertEquals("limited", p.path("default_for_unspecified").asText());
        JsonNode slots = p.path("total_resource_slots");
        assertEquals("4", slots.path("cpu").textValue());
        assertEquals("8589934592", slots.path("mem").textValue());
        assertEquals("Infinity", slots.path("cuda.shares").textValue());
        assertEquals("0.5", p.path("max_pending_session_resource_slots").path("cpu").textValue());
        assertEquals(86_400, p.path("max_session_lifetime").asLong());
        assertEquals(5, p.path("max_concurrent_sessions").asInt());
        assertTrue(p.path("max_pending_session_count").isIntegralNumber(), p::toString);
        assertEquals(10, p.path("max_pending_session_count").asInt());
        assertEquals(2, p.path("max_containers_per_session").asInt());
        assertEquals(600, p.path("idle_timeout").asLong());
        assertEquals("local:volume1", p.path("allowed_vfolder_hosts").path(0).asText());
        assertEquals("2025-01-01T00:00:00Z", p.path("created_at").asText());
        assertEquals("2025-03-04T05:06:07.089Z", p.path("modified_at").asText());

        JsonNode d = get(BASE + "keypair/default").json();
        assertEquals("unlimited", d.path("default_for_unspecified").asText());
        assertEquals("Infinity", d.path("max_pending_session_count").textValue(), "infinite is the string Infinity");
        assertTrue(d.path("total_resource_slots").isObject() && d.path("total_resource_slots").isEmpty());
    }

    @Test
    void userPolicyAmountsAreExactNumbersOrInfinity() {
        Answer a = get(BASE + "user/big");
        JsonNode p = a.json();
        assertEquals(List.of("name", "max_vfolder_count", "max_quota_scope_size",
                "max_session_count_per_model_session", "max_customized_image_count", "created_at", "modified_at"),
                fieldNames(p));
        assertTrue(p.path("max_vfolder_count").isNumber());
        assertEquals(50, p.path("max_vfolder_count").asInt());
        assertTrue(a.text().contains("\"max_quota_scope_size\":123456789012345678901234567"), a::toString);
        assertTrue(p.path("max_quota_scope_size").isNumber(), p::toString);
        assertEquals(3, p.path("max_session_count_per_model_session").asInt());
        assertEquals("Infinity", p.path("max_customized_image_count").textValue());

        JsonNode d = get(BASE + "user/default").json();
        assertEquals("Infinity", d.path("max_vfolder_count").textValue());
        assertEquals(3, d.path("max_customized_image_count").asInt());
    }

    @Test
    void projectPolicyView() {
        Answer a = get(BASE + "project");
        JsonNode p = a.json().path("items").path(0);
        assertEquals(List.of("name", "max_vfolder_count", "max_quota_scope_size", "created_at", "modified_at"),
                fieldNames(p));
        assertEquals("Infinity", p.path("max_vfolder_count").textValue());
        assertEquals(1, a.json().path("total").asInt());
        assertEquals(200, get(BASE + "project/default").status());
    }

    @Test
    void unknownPolicyIs404() {
        assertProblem(get(BASE + "keypair/nothing"), 404, "not-found");
        assertProblem(get(BASE + "user/nothing"), 404, "not-found");
        assertProblem(get(BASE + "project/nothing"), 404, "not-found");
    }

    @ParameterizedTest
    @CsvSource({"GET,gold", "POST,gold", "GET,gold/x", "PATCH,gold/x", "DELETE,gold/x", "GET,keypairs",
            "GET,KEYPAIR"})
    void unknownKindIs404NamingTheKinds(String method, String rest) {
        InMemoryRest.Req r = this.rest.signed(method, BASE + rest, ADMIN);
        if (!"GET".equals(method) && !"DELETE".equals(method)) {
            r.json("{}");
        }
        JsonNode p = assertProblem(r.send(), 404, "not-found");
        assertEquals("kind", p.path("field").asText());
        assertTrue(p.path("detail").asText().contains("keypair, user and project"), p::toString);
        assertTrue(this.rest.policies.calls.isEmpty());
    }

    @Test
    void unknownPathsUnderAKnownKindAre404() {
        assertProblem(get(BASE + "keypair/gold/extra"), 404, "http-404");
    }

    @Test
    void methodsAKindDoesNotServeAre405() {
        Answer a = rest.signed("PUT", BASE + "keypair/gold", ADMIN).json("{}").send();
        assertProblem(a, 405, "http-405");
        Answer b = rest.signed("DELETE", BASE + "user", ADMIN).send();
        assertProblem(b, 405, "http-405");
    }

    @Test
    void everyPolicyEndpointIsSigned() {
        for (String path : List.of(BASE + "keypair", BASE + "user/default", BASE + "project?download=csv")) {
            assertProblem(rest.request("GET", path).send(), 401, "unauthorized");
        }
        assertProblem(rest.request("POST", BASE + "user").json("{\"name\":\"x\"}").send(), 401, "unauthorized");
        assertProblem(rest.request("DELETE", BASE + "project/default").send(), 401, "unauthorized");
        assertTrue(rest.policies.calls.isEmpty());
    }

    // ---- creation, change, deletion ----

    @Test
    void keypairPolicyCreationPassesInputsThroughAndAnswers201() {
        Answer a = rest.signed("POST", BASE + "keypair", ADMIN).json("{\"name\":\"silver\","
                + "\"default_for_unspecified\":\"limited\",\"total_resource_slots\":{\"cpu\":4,\"mem\":\"8g\"},"
                + "\"max_session_lifetime\":3600,\"max_concurrent_sessions\":3,\"max_pending_session_count\":\"inf\","
                + "\"max_pending_session_resource_slots\":{\"cuda.shares\":0.5},\"max_containers_per_session\":2,"
                + "\"idle_timeout\":900,\"allowed_vfolder_hosts\":[\"local:volume1\"]}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/resource-policies/keypair/silver", a.header("Location"));
        assertEquals("silver", a.json().path("name").asText());
        KeyPairPolicyInput in = (KeyPairPolicyInput) rest.policies.calls.get(0);
        assertEquals("silver", in.name());
        assertEquals("limited", in.defaultForUnspecified());
        assertEquals(Map.of("cpu", 4, "mem", "8g"), in.totalResourceSlots());
        assertEquals(3600L, in.maxSessionLifetime());
        assertEquals(3, in.maxConcurrentSessions());
        assertEquals("inf", in.maxPendingSessionCount());
        assertEquals(Map.of("cuda.shares", new BigDecimal("0.5")), in.maxPendingSessionResourceSlots());
        assertEquals(2, in.maxContainersPerSession());
        assertEquals(900L, in.idleTimeout());
        assertEquals(List.of("local:volume1"), in.allowedVfolderHosts());
    }

    @Test
    void absentFieldsAreNullForCore() {
        Answer a = rest.signed("POST", BASE + "keypair", ADMIN).json("{\"name\":\"bare\"}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals(new KeyPairPolicyInput("bare", null, null, null, null, null, null, null, null, null),
                rest.policies.calls.get(0));
    }

    @Test
    void userPolicyAmountsArePassedAsNumberOrText() {
        Answer a = rest.signed("POST", BASE + "user", ADMIN).json("{\"name\":\"students\",\"max_vfolder_count\":10,"
                + "\"max_quota_scope_size\":\"10g\",\"max_session_count_per_model_session\":2,"
                + "\"max_customized_image_count\":123456789012345678901234567.5}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/resource-policies/user/students", a.header("Location"));
        UserPolicyInput in = (UserPolicyInput) rest.policies.calls.get(0);
        assertEquals(10, in.maxVfolderCount());
        assertEquals("10g", in.maxQuotaScopeSize());
        assertEquals(2, in.maxSessionCountPerModelSession());
        assertInstanceOf(BigDecimal.class, in.maxCustomizedImageCount());
        assertEquals(new BigDecimal("123456789012345678901234567.5"), in.maxCustomizedImageCount());
    }

    @Test
    void projectPolicyCreation() {
        Answer a = rest.signed("POST", BASE + "project", ADMIN)
                .json("{\"name\":\"labs\",\"max_vfolder_count\":\"Infinity\",\"max_quota_scope_size\":1099511627776}")
                .send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/resource-policies/project/labs", a.header("Location"));
        assertEquals(7, a.json().path("max_vfolder_count").asInt());
        assertEquals(new ProjectPolicyInput("labs", "Infinity", 1_099_511_627_776L), rest.policies.calls.get(0));
    }

    @Test
    void changesPassTheBodyAndThePathName() {
        Answer a = rest.signed("PATCH", BASE + "user/big", ADMIN).json("{\"max_vfolder_count\":\"unlimited\"}").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("big", a.json().path("name").asText());
        assertEquals(new UserPolicyInput(null, "unlimited", null, null, null), rest.policies.calls.get(0));

        Answer k = rest.signed("PATCH", BASE + "keypair/gold", ADMIN).json("{\"idle_timeout\":0}").send();
        assertEquals(200, k.status(), k::toString);
        assertEquals(0L, ((KeyPairPolicyInput) rest.policies.calls.get(2)).idleTimeout());

        Answer p = rest.signed("PATCH", BASE + "project/default", ADMIN).json("{\"max_quota_scope_size\":\"1t\"}")
                .send();
        assertEquals(200, p.status(), p::toString);
        assertEquals(new ProjectPolicyInput(null, null, "1t"), rest.policies.calls.get(4));
    }

    @Test
    void aRenameInTheBodyReachesCoreWhichRefusesIt() {
        Answer a = rest.signed("PATCH", BASE + "keypair/gold", ADMIN).json("{\"name\":\"platinum\"}").send();
        assertEquals("name", assertProblem(a, 400, "invalid-input").path("field").asText());
        assertEquals("platinum", ((KeyPairPolicyInput) rest.policies.calls.get(0)).name());
        Answer same = rest.signed("PATCH", BASE + "keypair/gold", ADMIN).json("{\"name\":\"gold\"}").send();
        assertEquals(200, same.status(), same::toString);
    }

    @Test
    void deletionAnswers204() {
        rest.policies.createProjectPolicy(null, new ProjectPolicyInput("old", null, null));
        rest.policies.calls.clear();
        Answer a = rest.signed("DELETE", BASE + "project/old", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals(0, a.body().length);
        assertEquals(List.of(List.of(PolicyKind.PROJECT, "old")), rest.policies.calls);
        assertFalse(rest.policies.project.containsKey("old"));
        assertProblem(rest.signed("DELETE", BASE + "project/old", ADMIN).send(), 404, "not-found");
    }

    @Test
    void deletingAPolicyInUseIs409ListingTheReferrers() {
        Answer a = rest.signed("DELETE", BASE + "keypair/gold", ADMIN).send();
        JsonNode p = assertProblem(a, 409, "conflict");
        assertEquals("the policy is in use", p.path("detail").asText());
        assertTrue(p.path("referrers").isArray(), p::toString);
        assertEquals("keypair AK1", p.path("referrers").path(0).asText());
        assertEquals("keypair AK2", p.path("referrers").path(1).asText());
        assertTrue(p.path("referrer_count").isIntegralNumber(), p::toString);
        assertEquals(7, p.path("referrer_count").asLong());
        assertFalse(p.has("field"), p::toString);
        assertEquals(List.of(List.of(PolicyKind.KEYPAIR, "gold")), rest.policies.calls);
    }

    @Test
    void strictBodies() {
        Answer unknown = rest.signed("POST", BASE + "keypair", ADMIN).json("{\"name\":\"x\",\"max_sessions\":3}")
                .send();
        assertEquals("max_sessions", assertProblem(unknown, 400, "invalid-json").path("field").asText());
        Answer camel = rest.signed("POST", BASE + "user", ADMIN).json("{\"name\":\"x\",\"maxVfolderCount\":3}").send();
        assertEquals("maxVfolderCount", assertProblem(camel, 400, "invalid-json").path("field").asText());
        Answer type = rest.signed("PATCH", BASE + "keypair/gold", ADMIN).json("{\"max_concurrent_sessions\":\"3\"}")
                .send();
        assertEquals("max_concurrent_sessions", assertProblem(type, 400, "invalid-json").path("field").asText());
        Answer fraction = rest.signed("PATCH", BASE + "keypair/gold", ADMIN).json("{\"idle_timeout\":1.5}").send();
        assertEquals("idle_timeout", assertProblem(fraction, 400, "invalid-json").path("field").asText());
        Answer name = rest.signed("POST", BASE + "project", ADMIN).json("{\"name\":5}").send();
        assertEquals("name", assertProblem(name, 400, "invalid-json").path("field").asText());
        Answer none = rest.signed("POST", BASE + "project", ADMIN).json("").send();
        assertProblem(none, 400, "invalid-input");
        assertTrue(rest.policies.calls.isEmpty(), rest.policies.calls::toString);
    }

    // ---- downloads (P5) ----

    @Test
    void csvDownload() {
        Answer a = get(BASE + "keypair?download=csv");
        assertEquals(200, a.status(), a::toString);
        assertEquals("text/csv;charset=utf-8", a.header("Content-Type"));
        assertEquals("attachment; filename=\"keypair-resource-policies.csv\"", a.header("Content-Disposition"));
        assertEquals(FakeResourcePolicyService.CSV_TEXT, new String(a.body(), StandardCharsets.UTF_8));
        assertEquals(List.of(List.of(FakeAuthService.ADMIN, PolicyKind.KEYPAIR, ExportFormat.CSV)),
                rest.policies.calls);
    }

    @Test
    void jsonDownload() {
        Answer a = get(BASE + "user?download=json");
        assertEquals(200, a.status(), a::toString);
        assertEquals("application/json", a.header("Content-Type"));
        assertEquals("attachment; filename=\"user-resource-policies.json\"", a.header("Content-Disposition"));
        assertEquals(FakeResourcePolicyService.JSON_TEXT, new String(a.body(), StandardCharsets.UTF_8));
        assertEquals(List.of(List.of(FakeAuthService.ADMIN, PolicyKind.USER, ExportFormat.JSON)), rest.policies.calls);

        Answer p = get(BASE + "project?download=JSON");
        assertEquals("attachment; filename=\"project-resource-policies.json\"", p.header("Content-Disposition"));
    }

    @Test
    void downloadWorksWhateverTheClientAccepts() {
        Answer a = rest.signed("GET", BASE + "project?download=csv", ADMIN).header("Accept", "text/csv").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("attachment; filename=\"project-resource-policies.csv\"", a.header("Content-Disposition"));
        Answer list = rest.signed("GET", BASE + "project", ADMIN).header("Accept", "application/json").send();
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.json().has("items"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "csv2", "%20csv", "txt"})
    void otherDownloadFormatsAre400NamingDownload(String format) {
        Answer a = get(BASE + "keypair?download=" + format);
        assertEquals("download", assertProblem(a, 400, "invalid-input").path("field").asText());
        assertNull(a.header("Content-Disposition"));
        assertTrue(rest.policies.calls.isEmpty(), "nothing is exported");
    }

    @Test
    void anEmptyDownloadParameterIsTheList() {
        Answer a = get(BASE + "keypair?download=");
        assertEquals(200, a.status(), a::toString);
        assertTrue(a.json().has("items"), a::toString);
    }

    @Test
    void aRefusedExportIsAProblemNotAnEmptyFile() {
        rest.policies.exportFailure = new ForbiddenException("only superadmins, monitors and domain admins");
        Answer a = get(BASE + "keypair?download=csv");
        assertProblem(a, 403, "forbidden");
        assertNull(a.header("Content-Disposition"), a::toString);
    }
}
