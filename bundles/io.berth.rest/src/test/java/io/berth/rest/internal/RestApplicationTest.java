package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.auth.SignedRequest;
import io.berth.core.identity.Inputs;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole provider chain (auth filter, rate limit, strict JSON, problem mappers) in a real Jersey application. */
class RestApplicationTest {
    private static final String PROBLEM = "application/problem+json";
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    static JsonNode assertProblem(Answer a, int status, String type) {
        assertEquals(status, a.status(), a::toString);
        assertNotNull(a.mediaType(), a::toString);
        assertEquals(PROBLEM, a.mediaType().getType() + "/" + a.mediaType().getSubtype(), a::toString);
        JsonNode p = a.json();
        assertEquals("https://berth.io/problems/" + type, p.path("type").asText(), a::toString);
        assertEquals(status, p.path("status").asInt(), a::toString);
        assertTrue(p.path("title").isTextual() && !p.path("title").asText().isEmpty(), a::toString);
        assertTrue(p.path("detail").isTextual() && !p.path("detail").asText().isEmpty(), a::toString);
        return p;
    }

    // ---- public endpoints ----

    @Test
    void versionIsPublicAndAnswersApiAndManagerVersion() {
        Answer a = rest.request("GET", "/").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("v8.20240915", a.json().path("version").asText());
        assertEquals(io.berth.core.info.SystemInformation.API_VERSION, a.json().path("version").asText(),
                "the API version is core's");
        // outside OSGi FrameworkUtil.getBundle is null: the manager version falls back instead of failing
        assertEquals("unknown", a.json().path("manager").asText());
        assertTrue(rest.auth.signed.isEmpty(), "a public endpoint must not consult authentication");
        assertNull(a.header("X-RateLimit-Limit"), "public answers carry no rate-limit headers");
    }

    @Test
    void healthIsPublic() {
        Answer a = rest.request("GET", "/healthz").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("ok", a.json().path("status").asText());
        assertTrue(rest.auth.signed.isEmpty());
    }

    @Test
    void loginIsPublicAndAnswersTheKeypair() {
        Answer a = rest.request("POST", "/auth/authorize")
                .json("{\"type\":\"keypair\",\"domain\":\"default\",\"username\":\"admin@berth.io\",\"password\":\"s3cret!\"}")
                .send();
        assertEquals(200, a.status(), a::toString);
        JsonNode data = a.json().path("data");
        assertEquals(FakeAuthService.ADMIN_KEY, data.path("access_key").asText());
        assertEquals("SKADMIN", data.path("secret_key").asText());
        assertEquals("superadmin", data.path("role").asText());
        assertFalse(data.path("need_password_change").asBoolean(true));
        assertTrue(rest.auth.signed.isEmpty());
    }

    @Test
    void loginWithAWrongPasswordIs401Problem() {
        Answer a = rest.request("POST", "/auth/authorize")
                .json("{\"type\":\"keypair\",\"domain\":\"default\",\"username\":\"admin@berth.io\",\"password\":\"nope\"}")
                .send();
        assertProblem(a, 401, "unauthorized");
    }

    @Test
    void loginWithANonStringFieldNamesTheField() {
        Answer a = rest.request("POST", "/auth/authorize")
                .json("{\"type\":\"keypair\",\"domain\":\"default\",\"username\":42,\"password\":\"x\"}").send();
        assertEquals("username", assertProblem(a, 400, "invalid-input").path("field").asText());
    }

    @Test
    void loginBodyWithDuplicateKeysIsRefused() {
        // a Map body has no schema; only the parser's duplicate detection stands between the two passwords
        Answer a = rest.request("POST", "/auth/authorize")
                .json("{\"type\":\"keypair\",\"domain\":\"default\",\"username\":\"admin@berth.io\","
                        + "\"password\":\"nope\",\"password\":\"s3cret!\"}")
                .send();
        JsonNode p = assertProblem(a, 400, "invalid-json");
        assertTrue(p.path("detail").asText().contains("Duplicate field 'password'"), a::toString);
    }

    // ---- authentication ----

    @Test
    void unsignedRequestToAProtectedResourceIs401Problem() {
        Answer a = rest.request("GET", "/admin/users").send();
        JsonNode p = assertProblem(a, 401, "unauthorized");
        assertEquals("the request is not signed", p.path("detail").asText());
        assertTrue(rest.identity.calls.isEmpty(), "the resource must not run for an unauthenticated request");
        assertNull(a.header("X-RateLimit-Limit"));
    }

    @Test
    void unknownCredentialIs401Problem() {
        Answer a = rest.signed("GET", "/admin/users", "AKUNKNOWN").send();
        assertProblem(a, 401, "unauthorized");
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void signedRequestIsServedWithRateLimitHeaders() {
        Answer a = rest.signed("GET", "/admin/users", FakeAuthService.ADMIN_KEY).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("1000", a.header("X-RateLimit-Limit"));
        assertEquals("999", a.header("X-RateLimit-Remaining"));
        assertEquals("900", a.header("X-RateLimit-Window"));
        JsonNode body = a.json();
        assertEquals(2, body.path("total").asLong());
        assertEquals(PageRequest.DEFAULT_LIMIT, body.path("limit").asInt());
        assertEquals("admin@berth.io", body.path("items").path(0).path("email").asText());
        assertEquals("Full admin@berth.io", body.path("items").path(0).path("full_name").asText(),
                "views are snake_case on the wire");
        assertEquals("superadmin", body.path("items").path(0).path("role").asText());
    }

    @Test
    void theAuthenticatedCallerAndQueryReachTheService() {
        Answer a = rest.signed("GET", "/admin/users?email=alice&status=active,inactive&offset=0&limit=5&order=desc",
                FakeAuthService.ADMIN_KEY).send();
        assertEquals(200, a.status(), a::toString);
        @SuppressWarnings("unchecked")
        List<Object> call = (List<Object>) rest.identity.calls.get(0);
        assertEquals(FakeAuthService.ADMIN, call.get(0));
        UserQuery q = (UserQuery) call.get(1);
        assertEquals("alice", q.email());
        assertEquals(Set.of(UserStatus.ACTIVE, UserStatus.INACTIVE), q.statuses());
        assertEquals(new PageRequest(0, 5, null, true), call.get(2));
        assertEquals(1, a.json().path("total").asLong());
    }

    @Test
    void signedRequestCarriesTheSignedPartsAsReceived() {
        rest.signed("POST", "/admin/users?x=1&y=a%20b", FakeAuthService.ADMIN_KEY)
                .header("Host", "api.berth.test:8080")
                .header("X-BackendAI-Date", "2025-06-01T12:00:00Z")
                .header("Date", "Sun, 01 Jun 2025 11:00:00 GMT")
                .header("X-BackendAI-Version", "v8.20240915")
                .body("application/json; charset=utf-8", "{\"email\":\"new@berth.io\"}")
                .send();
        assertEquals(1, rest.auth.signed.size());
        SignedRequest s = rest.auth.signed.get(0);
        assertEquals("POST", s.method());
        assertEquals("/admin/users?x=1&y=a%20b", s.pathAndQuery(), "the raw path and query are signed");
        assertEquals("api.berth.test:8080", s.host());
        assertEquals("application/json", s.contentType(), "media type parameters are not signed");
        assertEquals("2025-06-01T12:00:00Z", s.date(), "X-BackendAI-Date wins over Date");
        assertEquals("v8.20240915", s.apiVersion());
        assertEquals(FakeAuthService.header(FakeAuthService.ADMIN_KEY), s.authorization());
        assertEquals(InMemoryRest.NOW, rest.auth.instants.get(0), "the filter's clock is used");
    }

    @Test
    void dateHeaderIsUsedWithoutXBackendAiDateAndMissingPartsAreEmpty() {
        rest.signed("GET", "/admin/users", FakeAuthService.ADMIN_KEY).header("Date", "Sun, 01 Jun 2025 11:00:00 GMT")
                .send();
        SignedRequest s = rest.auth.signed.get(0);
        assertEquals("Sun, 01 Jun 2025 11:00:00 GMT", s.date());
        assertEquals("/admin/users", s.pathAndQuery());
        assertEquals("", s.contentType());
        assertEquals("", s.host());
        assertNull(s.apiVersion());
    }

    // ---- rate limiting ----

    @Test
    void exceedingTheKeypairLimitIs429WithRetryAfter() {
        Answer first = rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send();
        Answer second = rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send();
        assertEquals(200, first.status(), first::toString);
        assertEquals("1", first.header("X-RateLimit-Remaining"));
        assertEquals(200, second.status(), second::toString);
        assertEquals("0", second.header("X-RateLimit-Remaining"));

        Answer third = rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send();
        assertProblem(third, 429, "too-many-requests");
        // all requests at the same instant: the first leaves the window a full 15 minutes later
        assertEquals("900", third.header("Retry-After"));
        assertEquals("2", third.header("X-RateLimit-Limit"));
        assertEquals("0", third.header("X-RateLimit-Remaining"));
        assertEquals(2, rest.identity.calls.size(), "a refused request must not reach the resource");

        // other keypairs have their own windows
        assertEquals(200, rest.signed("GET", "/admin/users", FakeAuthService.ADMIN_KEY).send().status());
    }

    @Test
    void unauthenticatedRequestsDoNotUseAWindow() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, rest.request("GET", "/admin/users").send().status());
        }
        assertEquals(200, rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send().status());
    }

    // ---- request bodies ----

    @Test
    void createUserAnswers201WithLocationAndTheSecretOnce() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"new@berth.io\",\"full_name\":\"New One\",\"role\":\"admin\","
                        + "\"need_password_change\":true,\"projects\":[\"p1\"]}")
                .send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/users/new@berth.io", a.header("Location"));
        JsonNode body = a.json();
        assertEquals("New One", body.path("user").path("full_name").asText());
        assertEquals("SKNEW-secret", body.path("keypair").path("secret_key").asText());
        Inputs.NewUser in = (Inputs.NewUser) rest.identity.calls.get(0);
        assertEquals("new@berth.io", in.email());
        assertEquals("New One", in.fullName());
        assertEquals(io.berth.core.identity.Role.ADMIN, in.role());
        assertEquals(Boolean.TRUE, in.needPasswordChange());
        assertEquals(Set.of("p1"), in.projects());
    }

    @Test
    void malformedJsonBodyIs400Problem() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY).json("{\"email\":").send();
        JsonNode p = assertProblem(a, 400, "invalid-json");
        assertTrue(p.path("detail").asText().startsWith("malformed JSON body"), a::toString);
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void unknownFieldIs400NamingIt() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"new@berth.io\",\"fullName\":\"camel\"}").send();
        JsonNode p = assertProblem(a, 400, "invalid-json");
        assertEquals("fullName", p.path("field").asText());
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void wrongScalarTypeIs400NamingTheField() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"new@berth.io\",\"need_password_change\":\"yes\"}").send();
        assertEquals("need_password_change", assertProblem(a, 400, "invalid-json").path("field").asText());
        Answer b = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY).json("{\"email\":17}").send();
        assertEquals("email", assertProblem(b, 400, "invalid-json").path("field").asText());
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void duplicateKeysInABodyAre400() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"a@berth.io\",\"email\":\"b@berth.io\"}").send();
        JsonNode p = assertProblem(a, 400, "invalid-json");
        assertTrue(p.path("detail").asText().contains("Duplicate field 'email'"), a::toString);
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void trailingTokensAfterTheBodyAre400() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"a@berth.io\"} {\"email\":\"b@berth.io\"}").send();
        assertProblem(a, 400, "invalid-json");
        assertTrue(rest.identity.calls.isEmpty(), "a body with trailing garbage must not be acted on");
    }

    @Test
    void emptyBodyIs400() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY).json("").send();
        assertProblem(a, 400, "invalid-input");
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void coreRuleViolationsKeepTheirStatusAndField() {
        Answer conflict = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .json("{\"email\":\"alice@berth.io\"}").send();
        assertEquals("email", assertProblem(conflict, 409, "conflict").path("field").asText());

        Answer missing = rest.signed("GET", "/admin/users/nobody@berth.io", FakeAuthService.ADMIN_KEY).send();
        assertProblem(missing, 404, "not-found");

        Answer badRole = rest.signed("PATCH", "/admin/users/alice@berth.io", FakeAuthService.ADMIN_KEY)
                .json("{\"role\":\"emperor\"}").send();
        assertEquals("role", assertProblem(badRole, 400, "invalid-input").path("field").asText());

        Answer badLimit = rest.signed("GET", "/admin/users?limit=501", FakeAuthService.ADMIN_KEY).send();
        assertEquals("limit", assertProblem(badLimit, 400, "invalid-input").path("field").asText());
    }

    @Test
    void unexpectedFailureIsAGeneric500() {
        rest.identity.failWith = new IllegalStateException("jdbc:derby://db-host/berth password=hunter2");
        Answer a = rest.signed("GET", "/admin/users", FakeAuthService.ADMIN_KEY).send();
        assertProblem(a, 500, "server-error");
        assertFalse(a.text().contains("hunter2"), a::toString);
        assertFalse(a.text().contains("derby"), a::toString);
    }

    // ---- JAX-RS errors ----

    @Test
    void unknownPathIs404Problem() {
        Answer a = rest.request("GET", "/no/such/thing").send();
        assertProblem(a, 404, "http-404");
        Answer signed = rest.signed("GET", "/admin/nothing-here", FakeAuthService.ADMIN_KEY).send();
        assertProblem(signed, 404, "http-404");
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() {
        Answer a = rest.signed("DELETE", "/admin/users/alice@berth.io", FakeAuthService.ADMIN_KEY).send();
        JsonNode p = assertProblem(a, 405, "http-405");
        assertNotNull(a.header("Allow"), a::toString);
        Set<String> allowed = new TreeSet<>(a.response().getAllowedMethods());
        assertTrue(allowed.containsAll(Set.of("GET", "PATCH")), allowed::toString);
        assertFalse(allowed.contains("DELETE"), allowed::toString);
        assertTrue(p.path("detail").asText().contains("GET"), a::toString);
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void unsupportedMediaTypeIs415Problem() {
        Answer a = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY)
                .body("text/plain", "email=new@berth.io").send();
        assertProblem(a, 415, "http-415");
        assertTrue(rest.identity.calls.isEmpty());
    }
}
