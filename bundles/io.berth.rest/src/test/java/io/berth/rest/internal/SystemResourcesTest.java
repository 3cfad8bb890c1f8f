package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.identity.PageRequest;
import io.berth.core.settings.SettingsUpdate;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slot types, system settings (Y1) and system information (Y3) over HTTP. */
class SystemResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
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

    @ParameterizedTest
    @ValueSource(strings = {"/admin/resource-slots", "/admin/settings", "/admin/settings/history", "/admin/info"})
    void signedOnly(String path) {
        assertProblem(rest.request("GET", path).send(), 401, "unauthorized");
        assertEquals(200, rest.signed("GET", path, ADMIN).send().status());
    }

    // ---- slots ----

    @Test
    void slotTypes() {
        Answer a = rest.signed("GET", "/admin/resource-slots", FakeAuthService.LIMITED_KEY).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(4, body.path("total").asInt());
        JsonNode items = body.path("items");
        assertEquals(List.of("name", "kind", "display_name", "policy_maximum"), fieldNames(items.path(0)));
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.path("name").asText()));
        assertEquals(List.of("cpu", "cuda.device", "cuda.shares", "mem"), names, "sorted by name");
        assertEquals("count", items.path(0).path("kind").asText());
        assertEquals("CPU cores", items.path(0).path("display_name").asText());
        assertTrue(items.path(0).path("policy_maximum").isNull());
        assertEquals("unique", items.path(1).path("kind").asText());
        assertEquals("8", items.path(1).path("policy_maximum").textValue());
        assertEquals("2.5", items.path(2).path("policy_maximum").textValue(), "a wire amount");
        assertEquals("bytes", items.path(3).path("kind").asText());
    }

    // ---- settings ----

    @Test
    void settingsView() {
        Answer a = rest.signed("GET", "/admin/settings", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode s = a.json();
        assertEquals(List.of("image_auto_install", "overlay_network_mtu", "default_retries_to_skip",
                "retries_to_skip"), fieldNames(s));
        assertEquals("digest", s.path("image_auto_install").asText());
        assertEquals(1500, s.path("overlay_network_mtu").asInt());
        assertEquals(3, s.path("default_retries_to_skip").asInt());
        assertEquals(7, s.path("retries_to_skip").path("drf").asInt());
        assertEquals(1, s.path("retries_to_skip").path("fifo").asInt());
        assertEquals(FakeAuthService.ADMIN, rest.settings.calls.get(0));
    }

    @Test
    void settingsChangePassesFieldsAndNullsAndAnswersTheNewSettings() {
        Answer a = rest.signed("PATCH", "/admin/settings", ADMIN).json("{\"image_auto_install\":\"tag\","
                + "\"overlay_network_mtu\":9000,\"retries_to_skip\":{\"fifo\":null,\"lifo\":2}}").send();
        assertEquals(200, a.status(), a::toString);
        Map<String, Integer> retries = new HashMap<>();
        retries.put("fifo", null);
        retries.put("lifo", 2);
        assertEquals(new SettingsUpdate("tag", 9000, null, retries), rest.settings.calls.get(0));
        JsonNode s = a.json();
        assertEquals("tag", s.path("image_auto_install").asText());
        assertEquals(9000, s.path("overlay_network_mtu").asInt());
        assertEquals(3, s.path("default_retries_to_skip").asInt());
        assertEquals(List.of("drf", "lifo"), fieldNames(s.path("retries_to_skip")));
    }

    @Test
    void settingsChangeIsStrict() {
        Answer unknown = rest.signed("PATCH", "/admin/settings", ADMIN).json("{\"mtu\":1500}").send();
        assertEquals("mtu", assertProblem(unknown, 400, "invalid-json").path("field").asText());
        Answer text = rest.signed("PATCH", "/admin/settings", ADMIN).json("{\"overlay_network_mtu\":\"1500\"}").send();
        assertEquals("overlay_network_mtu", assertProblem(text, 400, "invalid-json").path("field").asText());
        Answer fraction = rest.signed("PATCH", "/admin/settings", ADMIN)
                .json("{\"retries_to_skip\":{\"drf\":1.5}}").send();
        assertEquals("retries_to_skip.drf", assertProblem(fraction, 400, "invalid-json").path("field").asText());
        assertTrue(rest.settings.calls.isEmpty());
        Answer rule = rest.signed("PATCH", "/admin/settings", ADMIN).json("{\"image_auto_install\":\"always\"}").send();
        assertEquals("image_auto_install", assertProblem(rule, 400, "invalid-input").path("field").asText());
    }

    @Test
    void settingsHistoryIsPaged() {
        Answer a = rest.signed("GET", "/admin/settings/history?offset=1&limit=2", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        assertEquals(new PageRequest(1, 2, null, false), rest.settings.calls.get(0));
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(5, body.path("total").asInt());
        assertEquals(1, body.path("offset").asInt());
        assertEquals(2, body.path("limit").asInt());
        JsonNode c = body.path("items").path(0);
        assertEquals(List.of("id", "setting", "old_value", "new_value", "changed_by", "changed_at"), fieldNames(c));
        assertEquals(4, c.path("id").asLong());
        assertEquals("overlay_network_mtu", c.path("setting").asText());
        assertEquals("1404", c.path("old_value").asText());
        assertEquals("1405", c.path("new_value").asText());
        assertEquals("admin@berth.io", c.path("changed_by").asText());
        assertEquals("2025-02-04T10:00:00Z", c.path("changed_at").asText());

        Answer last = rest.signed("GET", "/admin/settings/history?offset=4", ADMIN).send();
        assertTrue(last.json().path("items").path(0).path("old_value").isNull(), last::toString);
        assertEquals(PageRequest.DEFAULT_LIMIT, last.json().path("limit").asInt());
    }

    @Test
    void settingsHistoryParametersAreChecked() {
        assertEquals("limit", assertProblem(rest.signed("GET", "/admin/settings/history?limit=0", ADMIN).send(),
                400, "invalid-input").path("field").asText());
        assertEquals("offset", assertProblem(rest.signed("GET", "/admin/settings/history?offset=x", ADMIN).send(),
                400, "invalid-input").path("field").asText());
    }

    // ---- information ----

    @Test
    void information() {
        Answer a = rest.signed("GET", "/admin/info", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode i = a.json();
        assertEquals(List.of("manager_version", "api_version", "java_version", "karaf_version", "components"),
                fieldNames(i));
        assertEquals("v8.20240915", i.path("api_version").asText());
        assertEquals("4.4.10", i.path("karaf_version").asText());
        JsonNode plugin = i.path("components").path(1);
        assertEquals(List.of("bundle_id", "symbolic_name", "name", "version", "state", "plugin", "compatible",
                "problems", "spi_imports"), fieldNames(plugin));
        assertEquals(77, plugin.path("bundle_id").asLong());
        assertTrue(plugin.path("plugin").asBoolean());
        assertTrue(!plugin.path("compatible").asBoolean(true));
        assertEquals("io.berth.spi.agent [2.0,3) is not exported", plugin.path("problems").path(0).asText());
        JsonNode imp = plugin.path("spi_imports").path(0);
        assertEquals(List.of("package", "range", "wired_to", "satisfied"), fieldNames(imp));
        assertEquals("io.berth.spi.resource", imp.path("package").asText());
        assertEquals("[1.0,2)", imp.path("range").asText());
        assertEquals("1.0.0", imp.path("wired_to").asText());
        assertTrue(plugin.path("spi_imports").path(1).path("wired_to").isNull());
        assertEquals(List.of(FakeAuthService.ADMIN), rest.information.callers);
    }
}
