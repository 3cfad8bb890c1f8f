package io.berth.core.internal;

import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC P5: each download parses back (Commons CSV, Jackson) into exactly the records that were exported,
 * with ∞ as {@code "Infinity"} and a fixed column order.
 */
class PolicyExportTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final List<String> KEYPAIR_COLUMNS = List.of("name", "default_for_unspecified",
            "total_resource_slots", "max_session_lifetime", "max_concurrent_sessions", "max_pending_session_count",
            "max_pending_session_resource_slots", "max_containers_per_session", "idle_timeout",
            "allowed_vfolder_hosts", "created_at", "modified_at");
    private static final List<String> USER_COLUMNS = List.of("name", "max_vfolder_count", "max_quota_scope_size",
            "max_session_count_per_model_session", "max_customized_image_count", "created_at", "modified_at");
    private static final List<String> PROJECT_COLUMNS = List.of("name", "max_vfolder_count", "max_quota_scope_size",
            "created_at", "modified_at");

    private final World w = new World();

    PolicyExportTest() {
        Caller sa = Caller.SYSTEM;
        w.clock.advance(Duration.ofSeconds(1));
        // created out of name order: the export sorts
        w.policies.createKeyPairPolicy(sa, new KeyPairPolicyInput("zeta", "limited",
                Map.of("cpu", "0.25", "mem", "1t", "cuda.device", "inf"), 86_400L, 100, "inf",
                Map.of("mem", "64g", "cuda.shares", "inf"), 100, 15_552_000L, List.of("nfs", "ceph:1")));
        w.clock.advance(Duration.ofSeconds(1));
        w.policies.createKeyPairPolicy(sa, new KeyPairPolicyInput("alpha-x", null, Map.of(), null, null, 7, null,
                null, null, null));
        w.policies.createUserPolicy(sa, new UserPolicyInput("team", "inf", "1e", 100, 0));
        w.policies.createUserPolicy(sa, new UserPolicyInput("lab", 12, "inf", 1, "inf"));
        w.policies.createProjectPolicy(sa, new ProjectPolicyInput("big", "inf", "1024p"));
        w.policies.createProjectPolicy(sa, new ProjectPolicyInput("small", 3, "1k"));
    }

    private String export(PolicyKind kind, ExportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        w.policies.exportPolicies(Caller.SYSTEM, kind, format, out);
        return out.toString();
    }

    private List<?> stored(PolicyKind kind) {
        return switch (kind) {
            case KEYPAIR -> w.f.keyPairPolicies.list();
            case USER -> w.f.userPolicies.list();
            case PROJECT -> w.f.projectPolicies.list();
        };
    }

    private static List<String> columns(PolicyKind kind) {
        return switch (kind) {
            case KEYPAIR -> KEYPAIR_COLUMNS;
            case USER -> USER_COLUMNS;
            case PROJECT -> PROJECT_COLUMNS;
        };
    }

    // ------------------------------------------------------------ reading a download back

    /** CSV rows as column → text; slot maps and lists are JSON text. */
    private static List<Map<String, String>> csvRows(String csv, List<String> headerOut) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            headerOut.addAll(p.getHeaderNames());
            for (CSVRecord r : p) {
                assertTrue(r.isConsistent(), "row " + r.getRecordNumber() + " has every column");
                rows.add(new LinkedHashMap<>(r.toMap()));
            }
        }
        return rows;
    }

    /** JSON objects as column → text the same way: scalars as their text, objects and arrays as JSON. */
    private static List<Map<String, String>> jsonRows(String json, List<List<String>> orders) throws IOException {
        JsonNode root = JSON.readTree(json);
        assertTrue(root.isArray(), json);
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode o : root) {
            Map<String, String> m = new LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                order.add(e.getKey());
                m.put(e.getKey(), v.isContainerNode() ? JSON.writeValueAsString(v)
                        : v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
            }
            orders.add(order);
            rows.add(m);
        }
        return rows;
    }

    private static Map<String, String> slotMap(String json) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        JsonNode n = JSON.readTree(json);
        assertTrue(n.isObject(), json);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().isTextual(), "slot amounts are canonical strings: " + json);
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static List<String> list(String json) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(json)) {
            out.add(n.asText());
        }
        return out;
    }

    /** Rebuilds the record a row stands for; every column must be there. */
    static Object record(PolicyKind kind, Map<String, String> r) throws IOException {
        Instant created = Instant.parse(r.get("created_at"));
        Instant modified = Instant.parse(r.get("modified_at"));
        return switch (kind) {
            case KEYPAIR -> new KeyPairResourcePolicy(r.get("name"),
                    UnspecifiedSlots.valueOf(r.get("default_for_unspecified").toUpperCase(Locale.ROOT)),
                    ResourceSlots.fromWire(slotMap(r.get("total_resource_slots"))),
                    Long.parseLong(r.get("max_session_lifetime")), Integer.parseInt(r.get("max_concurrent_sessions")),
                    Amount.fromWire(r.get("max_pending_session_count")),
                    ResourceSlots.fromWire(slotMap(r.get("max_pending_session_resource_slots"))),
                    Integer.parseInt(r.get("max_containers_per_session")), Long.parseLong(r.get("idle_timeout")),
                    list(r.get("allowed_vfolder_hosts")), created, modified);
            case USER -> new UserResourcePolicy(r.get("name"), Amount.fromWire(r.get("max_vfolder_count")),
                    Amount.fromWire(r.get("max_quota_scope_size")),
                    Integer.parseInt(r.get("max_session_count_per_model_session")),
                    Amount.fromWire(r.get("max_customized_image_count")), created, modified);
            case PROJECT -> new ProjectResourcePolicy(r.get("name"), Amount.fromWire(r.get("max_vfolder_count")),
                    Amount.fromWire(r.get("max_quota_scope_size")), created, modified);
        };
    }

    // ------------------------------------------------------------ tests

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void csvParsesBackToTheStoredRecordsInNameOrder(PolicyKind kind) throws IOException {
        List<String> header = new ArrayList<>();
        List<Map<String, String>> rows = csvRows(export(kind, ExportFormat.CSV), header);
        assertEquals(columns(kind), header, "stable header order");
        List<Object> back = new ArrayList<>();
        for (Map<String, String> r : rows) {
            back.add(record(kind, r));
        }
        assertEquals(stored(kind), back);
        assertEquals(3, back.size(), "default plus the two made here");
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void jsonParsesBackToTheStoredRecordsInNameOrder(PolicyKind kind) throws IOException {
        List<List<String>> orders = new ArrayList<>();
        List<Map<String, String>> rows = jsonRows(export(kind, ExportFormat.JSON), orders);
        for (List<String> order : orders) {
            assertEquals(columns(kind), order, "every object has the members in the same order");
        }
        List<Object> back = new ArrayList<>();
        for (Map<String, String> r : rows) {
            back.add(record(kind, r));
        }
        assertEquals(stored(kind), back);
    }

    @Test
    void infinityIsTheStringInfinityAndFiniteLimitsAreNumbers() throws IOException {
        JsonNode users = JSON.readTree(export(PolicyKind.USER, ExportFormat.JSON));
        JsonNode lab = users.get(1);
        assertEquals("lab", lab.get("name").asText());
        assertTrue(lab.get("max_quota_scope_size").isTextual());
        assertEquals("Infinity", lab.get("max_quota_scope_size").asText());
        assertTrue(lab.get("max_vfolder_count").isNumber(), lab.toString());
        assertEquals(12, lab.get("max_vfolder_count").intValue());
        JsonNode team = users.get(2);
        assertEquals(1L << 60, team.get("max_quota_scope_size").longValue());
        JsonNode zeta = JSON.readTree(export(PolicyKind.KEYPAIR, ExportFormat.JSON)).get(2);
        assertEquals("zeta", zeta.get("name").asText());
        assertEquals("Infinity", zeta.get("max_pending_session_count").asText());
        assertEquals("Infinity", zeta.get("total_resource_slots").get("cuda.device").asText());
        assertEquals("0.25", zeta.get("total_resource_slots").get("cpu").asText());
        assertEquals(String.valueOf(1L << 40), zeta.get("total_resource_slots").get("mem").asText());
        assertTrue(zeta.get("allowed_vfolder_hosts").isArray());
        // the CSV carries the same text
        List<Map<String, String>> csv = csvRows(export(PolicyKind.KEYPAIR, ExportFormat.CSV), new ArrayList<>());
        assertEquals("Infinity", csv.get(2).get("max_pending_session_count"));
        assertEquals("limited", csv.get(2).get("default_for_unspecified"));
        assertEquals(Map.of("mem", String.valueOf(64L << 30), "cuda.shares", "Infinity"),
                slotMap(csv.get(2).get("max_pending_session_resource_slots")));
        assertEquals("7", csv.get(0).get("max_pending_session_count"));
    }

    @Test
    void headerIsTheSameWithoutAnyPolicy() throws IOException {
        for (PolicyKind kind : PolicyKind.values()) {
            StringWriter out = new StringWriter();
            PolicyExport.write(kind, List.of(), ExportFormat.CSV, out);
            assertEquals(String.join(",", columns(kind)) + "\r\n", out.toString());
            StringWriter json = new StringWriter();
            PolicyExport.write(kind, List.of(), ExportFormat.JSON, json);
            assertEquals("[]", json.toString());
            assertEquals(columns(kind), PolicyExport.header(kind));
        }
    }

    @Test
    void textWithCommasQuotesAndNewlinesSurvivesCsv() throws IOException {
        // names are slugs, so the tricky text lives in a host list (written as JSON inside one CSV cell)
        KeyPairResourcePolicy p = new KeyPairResourcePolicy("odd", UnspecifiedSlots.UNLIMITED, ResourceSlots.EMPTY,
                0, 1, Amount.of(1), ResourceSlots.EMPTY, 1, 0, List.of("a,b", "say \"hi\"", "line\nbreak"),
                Instant.EPOCH, Instant.EPOCH.plusMillis(1));
        StringWriter out = new StringWriter();
        PolicyExport.write(PolicyKind.KEYPAIR, List.of(p), ExportFormat.CSV, out);
        List<Map<String, String>> rows = csvRows(out.toString(), new ArrayList<>());
        assertEquals(List.of(p), List.of(record(PolicyKind.KEYPAIR, rows.get(0))));
    }

    @Test
    void usersMayNotDownloadPolicies() {
        StringWriter out = new StringWriter();
        assertThrows(ForbiddenException.class,
                () -> w.policies.exportPolicies(caller(w.alice), PolicyKind.KEYPAIR, ExportFormat.CSV, out));
        assertEquals("", out.toString(), "nothing is written before the check");
    }

    @Test
    void formatNamesAreCheckedWithTheirField() {
        assertEquals(ExportFormat.CSV, ExportFormat.fromWire("CSV", "format"));
        assertEquals("format", assertThrows(io.berth.core.error.ValidationException.class,
                () -> ExportFormat.fromWire("xml", "format")).field());
        assertEquals("kind", assertThrows(io.berth.core.error.ValidationException.class,
                () -> PolicyKind.fromWire("KEYPAIR", "kind")).field());
        assertEquals(PolicyKind.PROJECT, PolicyKind.fromWire("project", "kind"));
    }
}
