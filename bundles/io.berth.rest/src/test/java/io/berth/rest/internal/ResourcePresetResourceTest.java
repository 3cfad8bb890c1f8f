package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC A5 over HTTP. */
class ResourcePresetResourceTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String BASE = "/admin/resource-presets";
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void listAndViews() {
        Answer a = rest.signed("GET", BASE, ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(2, body.path("total").asInt());
        JsonNode gpu = body.path("items").path(0);
        assertEquals(List.of("name", "resource_slots", "shared_memory", "resource_group", "created_at", "modified_at"),
                fieldNames(gpu));
        assertEquals("gpu", gpu.path("name").asText());
        assertEquals("0.25", gpu.path("resource_slots").path("cuda.shares").textValue());
        assertTrue(gpu.path("shared_memory").isNull(), "no shared memory is null, not absent: " + gpu);
        assertEquals("gpu-group", gpu.path("resource_group").asText());
        JsonNode small = body.path("items").path(1);
        assertTrue(small.path("shared_memory").isIntegralNumber(), small::toString);
        assertEquals(67_108_864L, small.path("shared_memory").asLong());
        assertEquals("1073741824", small.path("resource_slots").path("mem").textValue());
        assertTrue(small.path("resource_group").isNull(), small::toString);
        assertEquals(Arrays.asList(FakeAuthService.ADMIN, null), rest.policies.calls.get(0));
    }

    @Test
    void theResourceGroupFilterReachesCore() {
        Answer a = rest.signed("GET", BASE + "?resource_group=cpu-only", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(List.of(FakeAuthService.ADMIN, "cpu-only"), rest.policies.calls.get(0));
        assertEquals(1, a.json().path("total").asInt());
        assertEquals("small", a.json().path("items").path(0).path("name").asText());
    }

    @Test
    void anyoneSignedInReadsPresetsButUnsignedNot() {
        Answer a = rest.signed("GET", BASE + "/small", FakeAuthService.LIMITED_KEY).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("small", a.json().path("name").asText());
        assertProblem(rest.request("GET", BASE).send(), 401, "unauthorized");
        assertProblem(rest.signed("GET", BASE + "/nothing", ADMIN).send(), 404, "not-found");
    }

    @Test
    void creationPassesSlotsAndSharedMemoryAsGiven() {
        Answer a = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"medium\",\"resource_slots\":{\"cpu\":2,"
                + "\"mem\":\"4g\",\"cuda.shares\":0.5},\"shared_memory\":\"64m\",\"resource_group\":\"default\"}")
                .send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/resource-presets/medium", a.header("Location"));
        assertEquals("medium", a.json().path("name").asText());
        PresetInput in = (PresetInput) rest.policies.calls.get(0);
        assertEquals(new PresetInput("medium", Map.of("cpu", 2, "mem", "4g", "cuda.shares", new BigDecimal("0.5")),
                "64m", "default"), in);

        Answer n = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"n\",\"shared_memory\":67108864}").send();
        assertEquals(201, n.status(), n::toString);
        assertEquals(67108864, ((PresetInput) rest.policies.calls.get(1)).sharedMemory());
    }

    @Test
    void changePassesTheBodyIncludingAnEmptyGroup() {
        Answer a = rest.signed("PATCH", BASE + "/gpu", ADMIN).json("{\"resource_group\":\"\"}").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(new PresetInput(null, null, null, ""), rest.policies.calls.get(0));
        Answer renamed = rest.signed("PATCH", BASE + "/gpu", ADMIN).json("{\"name\":\"gpu2\"}").send();
        assertEquals("name", assertProblem(renamed, 400, "invalid-input").path("field").asText());
    }

    @Test
    void deletion() {
        Answer a = rest.signed("DELETE", BASE + "/small", ADMIN).send();
        assertEquals(204, a.status(), a::toString);
        assertFalse(rest.policies.presets.containsKey("small"));
        assertProblem(rest.signed("DELETE", BASE + "/small", ADMIN).send(), 404, "not-found");
    }

    @Test
    void strictBodies() {
        Answer a = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"x\",\"slots\":{}}").send();
        assertEquals("slots", assertProblem(a, 400, "invalid-json").path("field").asText());
        Answer b = rest.signed("POST", BASE, ADMIN).json("{\"name\":\"x\",\"resource_group\":1}").send();
        assertEquals("resource_group", assertProblem(b, 400, "invalid-json").path("field").asText());
        assertTrue(rest.policies.calls.isEmpty());
    }
}
