package io.berth.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * SPEC P5 downloads. Each policy becomes the same object the REST API shows (snake_case names, slot maps
 * of canonical strings, limits as numbers or {@code "Infinity"}); CSV has one column per member, with
 * slot maps and lists written as JSON text so that the file parses back without loss.
 */
final class PolicyExport {
    private static final JsonFactory JSON = new JsonFactory();

    private PolicyExport() {
    }

    static void write(PolicyKind kind, List<?> policies, ExportFormat format, Writer out) throws IOException {
        List<Map<String, Object>> rows = policies.stream().map(PolicyExport::row).toList();
        List<String> header = header(kind);
        if (format == ExportFormat.CSV) {
            CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out);
            for (Map<String, Object> row : rows) {
                for (String column : header) {
                    Object v = row.get(column);
                    csv.print(v instanceof Map || v instanceof List ? json(v)
                            : v instanceof BigDecimal b ? b.toPlainString() : v);
                }
                csv.println();
            }
            csv.flush();
        } else {
            JsonGenerator g = JSON.createGenerator(out);
            g.writeStartArray();
            for (Map<String, Object> row : rows) {
                value(g, row);
            }
            g.writeEndArray();
            g.flush();
        }
    }

    static List<String> header(PolicyKind kind) {
        Object sample = switch (kind) {
            case KEYPAIR -> KeyPairResourcePolicy.defaults(Instant.EPOCH);
            case USER -> UserResourcePolicy.defaults(Instant.EPOCH);
            case PROJECT -> ProjectResourcePolicy.defaults(Instant.EPOCH);
        };
        return List.copyOf(row(sample).keySet());
    }

    static Map<String, Object> row(Object policy) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (policy instanceof KeyPairResourcePolicy p) {
            m.put("name", p.name());
            m.put("default_for_unspecified", p.defaultForUnspecified().wire());
            m.put("total_resource_slots", p.totalResourceSlots().toWire());
            m.put("max_session_lifetime", p.maxSessionLifetime());
            m.put("max_concurrent_sessions", p.maxConcurrentSessions());
            m.put("max_pending_session_count", amount(p.maxPendingSessionCount()));
            m.put("max_pending_session_resource_slots", p.maxPendingSessionResourceSlots().toWire());
            m.put("max_containers_per_session", p.maxContainersPerSession());
            m.put("idle_timeout", p.idleTimeout());
            m.put("allowed_vfolder_hosts", p.allowedVfolderHosts());
            times(m, p.createdAt(), p.modifiedAt());
        } else if (policy instanceof UserResourcePolicy p) {
            m.put("name", p.name());
            m.put("max_vfolder_count", amount(p.maxVfolderCount()));
            m.put("max_quota_scope_size", amount(p.maxQuotaScopeSize()));
            m.put("max_session_count_per_model_session", p.maxSessionCountPerModelSession());
            m.put("max_customized_image_count", amount(p.maxCustomizedImageCount()));
            times(m, p.createdAt(), p.modifiedAt());
        } else if (policy instanceof ProjectResourcePolicy p) {
            m.put("name", p.name());
            m.put("max_vfolder_count", amount(p.maxVfolderCount()));
            m.put("max_quota_scope_size", amount(p.maxQuotaScopeSize()));
            times(m, p.createdAt(), p.modifiedAt());
        } else {
            throw new IllegalArgumentException("not a resource policy: " + policy);
        }
        return m;
    }

    private static void times(Map<String, Object> m, Instant created, Instant modified) {
        m.put("created_at", created == null ? null : created.toString());
        m.put("modified_at", modified == null ? null : modified.toString());
    }

    /** A finite limit as a number, an infinite one as {@code "Infinity"} (the REST encoding). */
    static Object amount(Amount a) {
        return a.isInfinite() ? a.toWire() : a.value();
    }

    static String json(Object v) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            value(g, v);
        }
        return w.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b.toPlainString());
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof ResourceSlots rs) {
            value(g, rs.toWire());
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }
}
