package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.identity.Inputs;
import io.berth.core.identity.UserStatus;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Domains and projects carry total resource slots; users their user resource policy. */
class IdentityResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            assertTrue(e.getValue().isTextual(), () -> e.getKey() + " is not a string: " + object);
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** The map the fake identity service received, with its entries in the order they were sent. */
    private static Map<String, ?> sent(Map<String, ?> m) {
        return new LinkedHashMap<>(m);
    }

    // ---- domains ----

    @Test
    void domainViewHasTotalResourceSlotsAsWireStrings() {
        Answer a = rest.signed("GET", "/admin/domains/default", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(Map.of("cpu", "64", "mem", "274877906944", "cuda.shares", "Infinity"),
                strings(a.json().path("total_resource_slots")));
        Answer list = rest.signed("GET", "/admin/domains", ADMIN).send();
        assertEquals("Infinity", list.json().path("items").path(0).path("total_resource_slots").path("cuda.shares")
                .asText(), list::toString);
    }

    @Test
    void aDomainWithoutLimitsHasAnEmptySlotObject() {
        Answer a = rest.signed("POST", "/admin/domains", ADMIN).json("{\"name\":\"d2\"}").send();
        assertEquals(201, a.status(), a::toString);
        JsonNode slots = a.json().path("total_resource_slots");
        assertTrue(slots.isObject() && slots.isEmpty(), a::toString);
        assertNull(((Inputs.NewDomain) rest.identity.calls.get(0)).totalResourceSlots(), "absent is null for core");
    }

    @Test
    void domainCreationPassesSlotValuesThroughAsGiven() {
        Answer a = rest.signed("POST", "/admin/domains", ADMIN).json("{\"name\":\"d2\",\"total_resource_slots\":"
                + "{\"cpu\":4,\"mem\":\"8g\",\"cuda.shares\":0.1000000000000000000001,\"cuda.device\":\"inf\","
                + "\"big\":123456789012345678901234567890}}").send();
        assertEquals(201, a.status(), a::toString);
        Map<String, ?> slots = ((Inputs.NewDomain) rest.identity.calls.get(0)).totalResourceSlots();
        assertEquals(4, slots.get("cpu"));
        assertEquals("8g", slots.get("mem"));
        assertInstanceOf(BigDecimal.class, slots.get("cuda.shares"), "fractions keep every digit");
        assertEquals(new BigDecimal("0.1000000000000000000001"), slots.get("cuda.shares"));
        assertEquals("inf", slots.get("cuda.device"));
        assertEquals("123456789012345678901234567890", slots.get("big").toString());
        assertEquals(List.of("cpu", "mem", "cuda.shares", "cuda.device", "big"), List.copyOf(sent(slots).keySet()));
    }

    @Test
    void domainUpdateReplacesOrKeepsTheSlots() {
        Answer empty = rest.signed("PATCH", "/admin/domains/default", ADMIN).json("{\"total_resource_slots\":{}}")
                .send();
        assertEquals(200, empty.status(), empty::toString);
        assertEquals(Map.of(), ((Inputs.DomainUpdate) rest.identity.calls.get(0)).totalResourceSlots(),
                "{} removes every limit");
        Answer absent = rest.signed("PATCH", "/admin/domains/default", ADMIN).json("{\"description\":\"x\"}").send();
        assertEquals(200, absent.status(), absent::toString);
        assertNull(((Inputs.DomainUpdate) rest.identity.calls.get(2)).totalResourceSlots(), "absent: as is");
        Answer some = rest.signed("PATCH", "/admin/domains/default", ADMIN)
                .json("{\"total_resource_slots\":{\"mem\":\"16 GiB\",\"cpu\":\"unlimited\"}}").send();
        assertEquals(200, some.status(), some::toString);
        assertEquals(Map.of("mem", "16 GiB", "cpu", "unlimited"),
                ((Inputs.DomainUpdate) rest.identity.calls.get(4)).totalResourceSlots());
    }

    @Test
    void slotsMustBeAJsonObject() {
        Answer a = rest.signed("POST", "/admin/domains", ADMIN)
                .json("{\"name\":\"d2\",\"total_resource_slots\":\"cpu=4\"}").send();
        assertEquals("total_resource_slots", assertProblem(a, 400, "invalid-json").path("field").asText());
        Answer list = rest.signed("PATCH", "/admin/domains/default", ADMIN)
                .json("{\"total_resource_slots\":[4]}").send();
        assertEquals("total_resource_slots", assertProblem(list, 400, "invalid-json").path("field").asText());
        assertTrue(rest.identity.calls.isEmpty());
    }

    @Test
    void unknownDomainFieldIsRefused() {
        Answer a = rest.signed("POST", "/admin/domains", ADMIN)
                .json("{\"name\":\"d2\",\"total_resource_slot\":{\"cpu\":1}}").send();
        assertEquals("total_resource_slot", assertProblem(a, 400, "invalid-json").path("field").asText());
        assertTrue(rest.identity.calls.isEmpty());
    }

    // ---- projects ----

    @Test
    void projectViewHasTotalResourceSlots() {
        Answer a = rest.signed("GET", "/admin/projects/p-1", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(Map.of("cpu", "0.5", "cuda.device", "2"), strings(a.json().path("total_resource_slots")));
        assertEquals("default", a.json().path("resource_policy").asText());
        Answer list = rest.signed("GET", "/admin/projects", ADMIN).send();
        assertEquals("2", list.json().path("items").path(0).path("total_resource_slots").path("cuda.device").asText());
    }

    @Test
    void projectCreationAndUpdatePassSlotsThrough() {
        Answer c = rest.signed("POST", "/admin/projects", ADMIN).json("{\"domain_name\":\"default\",\"name\":\"p2\","
                + "\"resource_policy\":\"small\",\"total_resource_slots\":{\"cpu\":2.5,\"mem\":1073741824}}").send();
        assertEquals(201, c.status(), c::toString);
        Inputs.NewProject in = (Inputs.NewProject) rest.identity.calls.get(0);
        assertEquals("small", in.resourcePolicy());
        assertEquals(new BigDecimal("2.5"), in.totalResourceSlots().get("cpu"));
        assertEquals(1073741824, in.totalResourceSlots().get("mem"));
        assertTrue(c.json().path("total_resource_slots").isObject(), c::toString);

        Answer u = rest.signed("PATCH", "/admin/projects/p-1", ADMIN)
                .json("{\"total_resource_slots\":{\"cuda.shares\":\"inf\"}}").send();
        assertEquals(200, u.status(), u::toString);
        Inputs.ProjectUpdate up = (Inputs.ProjectUpdate) rest.identity.calls.get(1);
        assertEquals(Map.of("cuda.shares", "inf"), up.totalResourceSlots());
        assertNull(up.resourcePolicy());
    }

    // ---- users ----

    @Test
    void userViewsCarryTheUserResourcePolicy() {
        Answer one = rest.signed("GET", "/admin/users/alice@berth.io", ADMIN).send();
        assertEquals("policy-user", one.json().path("resource_policy").asText(), one::toString);
        Answer list = rest.signed("GET", "/admin/users", ADMIN).send();
        assertEquals("policy-superadmin", list.json().path("items").path(0).path("resource_policy").asText(),
                list::toString);
    }

    @Test
    void userCreationPassesTheUserResourcePolicy() {
        Answer a = rest.signed("POST", "/admin/users", ADMIN)
                .json("{\"email\":\"new@berth.io\",\"resource_policy\":\"students\"}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("students", ((Inputs.NewUser) rest.identity.calls.get(0)).resourcePolicy());
        assertEquals("students", a.json().path("user").path("resource_policy").asText(), a::toString);
    }

    @Test
    void userUpdatePassesTheUserResourcePolicy() {
        Answer a = rest.signed("PATCH", "/admin/users/alice@berth.io", ADMIN)
                .json("{\"resource_policy\":\"researchers\"}").send();
        assertEquals(200, a.status(), a::toString);
        assertEquals("researchers", ((Inputs.UserUpdate) rest.identity.calls.get(0)).resourcePolicy());
        assertEquals("researchers", a.json().path("resource_policy").asText(), a::toString);

        Answer wrong = rest.signed("PATCH", "/admin/users/alice@berth.io", ADMIN).json("{\"resource_policy\":3}")
                .send();
        assertEquals("resource_policy", assertProblem(wrong, 400, "invalid-json").path("field").asText());
    }

    @Test
    void activationLeavesTheResourcePolicyAsItIs() {
        Answer a = rest.signed("POST", "/admin/users/alice@berth.io/activate", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        Inputs.UserUpdate u = (Inputs.UserUpdate) rest.identity.calls.get(0);
        assertEquals(UserStatus.ACTIVE, u.status());
        assertNull(u.resourcePolicy());
        assertEquals("policy-user", a.json().path("resource_policy").asText());
    }
}
