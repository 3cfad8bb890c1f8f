package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.berth.rest.internal.InMemoryRest.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider set production registers (RestInfrastructure.registerInto) guards and maps as the tests assume. */
class RestInfrastructureTest {
    private RestInfrastructure infrastructure;

    @AfterEach
    void tearDown() {
        if (infrastructure != null) {
            infrastructure.deactivate();
        }
    }

    @Test
    void productionProvidersAuthenticateLimitAndMapProblems() {
        FakeAuthService auth = new FakeAuthService();
        infrastructure = new RestInfrastructure(auth);
        // the providers come from the infrastructure (with `auth`), the resources from the harness
        InMemoryRest rest = new InMemoryRest(infrastructure);
        Answer unsigned = rest.request("GET", "/admin/users").send();
        assertEquals(401, unsigned.status(), unsigned::toString);
        assertEquals("application/problem+json", unsigned.mediaType().toString());

        Answer ok = rest.signed("GET", "/admin/users", FakeAuthService.ADMIN_KEY).send();
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("1000", ok.header("X-RateLimit-Limit"));
        assertEquals(2, auth.signed.size(), "the unsigned and the signed request were checked by the service");

        assertEquals(200, rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send().status());
        assertEquals(200, rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send().status());
        Answer limited = rest.signed("GET", "/admin/users", FakeAuthService.LIMITED_KEY).send();
        assertEquals(429, limited.status(), limited::toString);
        assertNotNull(limited.header("Retry-After"));

        Answer bad = rest.signed("POST", "/admin/users", FakeAuthService.ADMIN_KEY).json("{\"email\":1}").send();
        assertEquals(400, bad.status(), bad::toString);
        assertEquals("email", bad.json().path("field").asText());

        Answer missing = rest.request("GET", "/nowhere").send();
        assertEquals(404, missing.status());
        assertEquals("application/problem+json", missing.mediaType().toString());

        Answer locked = rest.request("POST", "/auth/authorize").json("{\"type\":\"keypair\",\"domain\":\"default\","
                + "\"username\":\"" + FakeAuthService.LOCKED_EMAIL + "\",\"password\":\"x\"}").send();
        assertEquals(429, locked.status(), locked::toString);
        assertEquals(Long.toString(FakeAuthService.LOCKED_SECONDS), locked.header("Retry-After"),
                "a locked account's login says when to retry");

        Answer health = rest.request("GET", "/healthz").send();
        assertEquals(200, health.status(), health::toString);

        int signed = auth.signed.size();
        Answer agent = rest.request("POST", "/agent-api/heartbeat").json("{not json").send();
        assertEquals(401, agent.status(), "the agent token's header is checked before the body is read: " + agent);
        assertEquals("BerthAgent", agent.header("WWW-Authenticate"));
        assertEquals(signed, auth.signed.size(), "an agent request is no signed request");
        Answer beat = rest.request("POST", "/agent-api/heartbeat").header("Authorization",
                "BerthAgent " + FakeAgentService.TOKEN).json("{\"id\":\"i-gpu1\"}").send();
        assertEquals(200, beat.status(), beat::toString);
        assertNull(beat.header("X-RateLimit-Limit"), "agents are not rate limited as keypairs");
    }
}
