package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC T1, T2 over REST: /me/2fa, the admin's disable, and second_factors in the user views. */
class TwoFactorResourceTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, Boolean> booleans(JsonNode object) {
        assertTrue(object.isObject(), object::toString);
        Map<String, Boolean> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            assertTrue(e.getValue().isBoolean(), () -> e.getKey() + " is not a boolean: " + object);
            out.put(e.getKey(), e.getValue().booleanValue());
        });
        return out;
    }

    private List<String> calls(String what) {
        return rest.twoFactor.calls.stream().filter(c -> c.get(0).equals(what)).map(Object::toString).toList();
    }

    // ---- GET /me/2fa ----

    @Test
    void statusWithoutInstalledFactorsIsAnEmptyObject() {
        Answer a = rest.signed("GET", "/me/2fa", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of("factors"), names(a.json()), a::toString);
        assertTrue(a.json().path("factors").isObject() && a.json().path("factors").isEmpty(), a::toString);
    }

    @Test
    void statusNamesEveryInstalledFactorWithItsState() {
        rest.twoFactor.install("webauthn", "totp");
        rest.twoFactor.activate("admin@berth.io", "totp");
        Answer a = rest.signed("GET", "/me/2fa", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(Map.of("totp", true, "webauthn", false), booleans(a.json().path("factors")));
        assertEquals(List.of("totp", "webauthn"), names(a.json().path("factors")), "in core's (sorted) order");
        assertEquals(List.of("status", FakeAuthService.ADMIN, "admin@berth.io"), rest.twoFactor.calls.get(0),
                "the caller asks about its own account");
    }

    @Test
    void secondFactorEndpointsNeedASignedRequest() {
        assertProblem(rest.request("GET", "/me/2fa").send(), 401, "unauthorized");
        assertProblem(rest.request("POST", "/me/2fa/totp").send(), 401, "unauthorized");
        assertProblem(rest.request("DELETE", "/admin/users/alice@berth.io/2fa/totp").send(), 401, "unauthorized");
        assertTrue(rest.twoFactor.calls.isEmpty());
    }

    // ---- POST /me/2fa/{factor} ----

    @Test
    void enrolAnswers201WithTheFactorAndEveryEntry() {
        rest.twoFactor.install("totp");
        Answer a = rest.signed("POST", "/me/2fa/totp", ADMIN).send();
        assertEquals(201, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(List.of("factor", "secret", "uri"), names(body), a::toString);
        assertEquals("totp", body.path("factor").asText());
        assertEquals("JBSWY3DPEHPK3PXP", body.path("secret").asText());
        assertTrue(body.path("uri").asText().startsWith("otpauth://totp/"), a::toString);
        assertEquals(List.of("enrol", FakeAuthService.ADMIN, "totp"), rest.twoFactor.calls.get(0));
    }

    @Test
    void enrolOfAFactorThatIsNotInstalledIs404() {
        rest.twoFactor.install("totp");
        assertProblem(rest.signed("POST", "/me/2fa/sms", ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("POST", "/me/2fa/sms/activate", ADMIN).json("{\"code\":\"123456\"}").send(), 404,
                "not-found");
        assertProblem(rest.signed("DELETE", "/me/2fa/sms", ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("DELETE", "/admin/users/alice@berth.io/2fa/sms", ADMIN).send(), 404, "not-found");
    }

    @Test
    void anEnrolmentEntryCannotReplaceTheFactorMember() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("factor", "forged");
        entries.put("secret", "S");
        String json = JsonConfig.MAPPER.writeValueAsString(Views.EnrolmentView.of("totp", entries));
        assertEquals("{\"factor\":\"totp\",\"secret\":\"S\"}", json);
        assertEquals("{\"factor\":\"totp\"}", JsonConfig.MAPPER.writeValueAsString(Views.EnrolmentView.of("totp",
                null)));
    }

    // ---- POST /me/2fa/{factor}/activate ----

    @Test
    void activateAnswersTheFactorAsActive() {
        rest.twoFactor.install("totp");
        assertEquals(201, rest.signed("POST", "/me/2fa/totp", ADMIN).send().status());
        Answer a = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("{\"code\":\"123456\"}").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of("factor", "active"), names(a.json()), a::toString);
        assertEquals("totp", a.json().path("factor").asText());
        assertTrue(a.json().path("active").isBoolean() && a.json().path("active").booleanValue(), a::toString);
        assertEquals(List.of("activate", FakeAuthService.ADMIN, "totp", "123456"), rest.twoFactor.calls.get(1));
        assertEquals(Map.of("totp", true), booleans(rest.signed("GET", "/me/2fa", ADMIN).send().json()
                .path("factors")));
    }

    @Test
    void aWrongCodeIsCores400OnCode() {
        rest.twoFactor.install("totp");
        rest.signed("POST", "/me/2fa/totp", ADMIN).send();
        Answer a = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("{\"code\":\"000000\"}").send();
        assertEquals("code", assertProblem(a, 400, "invalid-input").path("field").asText());
    }

    @Test
    void theActivationBodyIsStrict() {
        rest.twoFactor.install("totp");
        Answer missing = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("{}").send();
        assertEquals("code", assertProblem(missing, 400, "invalid-input").path("field").asText());
        Answer nullCode = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("{\"code\":null}").send();
        assertEquals("code", assertProblem(nullCode, 400, "invalid-input").path("field").asText());
        Answer number = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("{\"code\":123456}").send();
        assertEquals("code", assertProblem(number, 400, "invalid-json").path("field").asText());
        Answer unknown = rest.signed("POST", "/me/2fa/totp/activate", ADMIN)
                .json("{\"code\":\"123456\",\"otp\":\"123456\"}").send();
        assertEquals("otp", assertProblem(unknown, 400, "invalid-json").path("field").asText());
        Answer empty = rest.signed("POST", "/me/2fa/totp/activate", ADMIN).json("").send();
        assertProblem(empty, 400, "invalid-input");
        Answer huge = rest.signed("POST", "/me/2fa/totp/activate", ADMIN)
                .json("{\"code\":\"" + "1".repeat(TwoFactorResource.MAX_CODE_LENGTH + 1) + "\"}").send();
        assertEquals("code", assertProblem(huge, 400, "invalid-input").path("field").asText());
        assertEquals(List.of(), calls("activate"), "no refused body reaches core");
    }

    // ---- DELETE ----

    @Test
    void disablingOwnFactorIs204() {
        rest.twoFactor.install("totp");
        rest.twoFactor.activate("admin@berth.io", "totp");
        Answer a = rest.signed("DELETE", "/me/2fa/totp", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals("", a.text());
        assertEquals(List.of("disable", FakeAuthService.ADMIN, "admin@berth.io", "totp"),
                rest.twoFactor.calls.get(0));
        assertFalse(rest.twoFactor.active.get("id-admin@berth.io").contains("totp"));
    }

    @Test
    void anAdministratorDisablesAUsersFactorWith204() {
        rest.twoFactor.install("totp");
        rest.twoFactor.activate("alice@berth.io", "totp");
        Answer a = rest.signed("DELETE", "/admin/users/alice@berth.io/2fa/totp", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertEquals("", a.text());
        assertEquals(List.of("disable", FakeAuthService.ADMIN, "alice@berth.io", "totp"),
                rest.twoFactor.calls.get(0));
        assertFalse(rest.twoFactor.active.get("id-alice@berth.io").contains("totp"));
    }

    @Test
    void anAdministratorCannotEnrolOrActivateAnotherUsersFactor() {
        rest.twoFactor.install("totp");
        Answer enrol = rest.signed("POST", "/admin/users/alice@berth.io/2fa/totp", ADMIN).send();
        JsonNode p = assertProblem(enrol, 405, "http-405");
        Set<String> allowed = new TreeSet<>(enrol.response().getAllowedMethods());
        assertTrue(allowed.contains("DELETE") && !allowed.contains("POST") && !allowed.contains("PUT"),
                p::toString);
        Answer activate = rest.signed("POST", "/admin/users/alice@berth.io/2fa/totp/activate", ADMIN)
                .json("{\"code\":\"123456\"}").send();
        assertProblem(activate, 404, "http-404");
        assertTrue(rest.twoFactor.calls.isEmpty(), rest.twoFactor.calls::toString);
    }

    // ---- second_factors in the user views ----

    @Test
    void userViewsLeaveSecondFactorsOutWhileNoFactorIsInstalled() {
        Answer detail = rest.signed("GET", "/admin/users/alice@berth.io", ADMIN).send();
        assertEquals(200, detail.status(), detail::toString);
        assertFalse(detail.json().has("second_factors"), detail::toString);
        assertFalse(detail.text().contains("second_factors"), "absent, not null: " + detail.text());
        assertTrue(detail.json().has("notice"), "other null members are still written");

        Answer me = rest.signed("GET", "/me", ADMIN).send();
        assertEquals(200, me.status(), me::toString);
        assertEquals("admin@berth.io", me.json().path("email").asText());
        assertFalse(me.text().contains("second_factors"), me::toString);

        Answer list = rest.signed("GET", "/admin/users", ADMIN).send();
        assertEquals(200, list.status(), list::toString);
        assertEquals(2, list.json().path("items").size());
        assertFalse(list.text().contains("second_factors"), list::toString);

        Answer patched = rest.signed("PATCH", "/admin/users/alice@berth.io", ADMIN).json("{\"full_name\":\"A\"}")
                .send();
        assertFalse(patched.text().contains("second_factors"), patched::toString);
        assertTrue(rest.twoFactor.calls.isEmpty(), "nothing to ask while no factor is installed");
        assertTrue(rest.twoFactor.activeFactorsCalls.isEmpty());
    }

    @Test
    void userDetailNamesEveryInstalledFactor() {
        rest.twoFactor.install("totp", "webauthn");
        rest.twoFactor.activate("alice@berth.io", "totp");
        Answer a = rest.signed("GET", "/admin/users/alice@berth.io", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(Map.of("totp", true, "webauthn", false), booleans(a.json().path("second_factors")));
        assertEquals(List.of("status", FakeAuthService.ADMIN, "alice@berth.io"), rest.twoFactor.calls.get(0));

        Answer none = rest.signed("GET", "/admin/users/admin@berth.io", ADMIN).send();
        assertEquals(Map.of("totp", false, "webauthn", false), booleans(none.json().path("second_factors")),
                "every installed factor appears, active or not");

        Answer patched = rest.signed("PATCH", "/admin/users/alice@berth.io", ADMIN).json("{\"full_name\":\"A\"}")
                .send();
        assertEquals(Map.of("totp", true, "webauthn", false), booleans(patched.json().path("second_factors")),
                "every detail answer has the same shape");
    }

    @Test
    void meCarriesTheCallersSecondFactors() {
        rest.twoFactor.install("totp");
        rest.twoFactor.activate("admin@berth.io", "totp");
        Answer a = rest.signed("GET", "/me", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(Map.of("totp", true), booleans(a.json().path("second_factors")));
        assertEquals(List.of("status", FakeAuthService.ADMIN, "admin@berth.io"), rest.twoFactor.calls.get(0));
    }

    @Test
    void theUserListAsksForTheWholePageOnce() {
        rest.twoFactor.install("totp", "webauthn");
        rest.twoFactor.activate("alice@berth.io", "webauthn");
        Answer a = rest.signed("GET", "/admin/users", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode items = a.json().path("items");
        assertEquals(2, items.size(), a::toString);
        Map<String, Map<String, Boolean>> byEmail = new LinkedHashMap<>();
        for (JsonNode item : items) {
            byEmail.put(item.path("email").asText(), booleans(item.path("second_factors")));
        }
        assertEquals(Map.of("admin@berth.io", Map.of("totp", false, "webauthn", false),
                "alice@berth.io", Map.of("totp", false, "webauthn", true)), byEmail);
        assertEquals(List.of(List.of("id-admin@berth.io", "id-alice@berth.io")), rest.twoFactor.activeFactorsCalls,
                "one call with the ids of the page");
        assertEquals(List.of(), calls("status"), "no call per user");
    }

    @Test
    void anEmptyPageNeedsNoLookUp() {
        rest.twoFactor.install("totp");
        Answer a = rest.signed("GET", "/admin/users?email=nobody-here", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(0, a.json().path("items").size());
        assertTrue(rest.twoFactor.activeFactorsCalls.isEmpty());
    }

    @Test
    void createdUserCarriesSecondFactorsToo() {
        rest.twoFactor.install("totp");
        Answer a = rest.signed("POST", "/admin/users", ADMIN).json("{\"email\":\"new@berth.io\"}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals(Map.of("totp", false), booleans(a.json().path("user").path("second_factors")));
        assertNull(a.json().path("keypair").get("second_factors"));
    }

    // ---- login (the extra fields and the lockout) ----

    @Test
    void loginPassesTheOneTimeCodeToCore() {
        String body = "{\"type\":\"keypair\",\"domain\":\"default\",\"username\":\"otp@berth.io\","
                + "\"password\":\"s3cret!\"";
        Answer without = rest.request("POST", "/auth/authorize").json(body + "}").send();
        assertProblem(without, 401, "unauthorized");
        Answer wrong = rest.request("POST", "/auth/authorize").json(body + ",\"otp\":\"000000\"}").send();
        assertProblem(wrong, 401, "unauthorized");
        Answer ok = rest.request("POST", "/auth/authorize").json(body + ",\"otp\":\"123456\"}").send();
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("AKOTP", ok.json().path("data").path("access_key").asText());
        assertEquals(Map.of("otp", "123456"), rest.auth.extras.get(2));
        assertEquals(Map.of(), rest.auth.extras.get(0));
    }

    @Test
    void aLockedAccountIs429WithRetryAfterOnLogin() {
        Answer a = rest.request("POST", "/auth/authorize").json("{\"type\":\"keypair\",\"domain\":\"default\","
                + "\"username\":\"locked@berth.io\",\"password\":\"s3cret!\"}").send();
        assertProblem(a, 429, "too-many-requests");
        assertEquals(Long.toString(FakeAuthService.LOCKED_SECONDS), a.header("Retry-After"), a::toString);
        assertNull(a.header("X-RateLimit-Limit"), "the keypair rate limit plays no part in login");
    }
}
