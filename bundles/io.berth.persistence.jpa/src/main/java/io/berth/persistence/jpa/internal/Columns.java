package io.berth.persistence.jpa.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.ValidationException;
import io.berth.core.image.ImageApp;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Conversions between record values and column values, and LIKE patterns for substring filters. */
final class Columns {
    /** Longest host list text that fits the VARCHAR column on Derby (its VARCHAR maximum). */
    static final int MAX_LIST_CHARS = 32_672;

    /** Longest slot map JSON text and longest setting value that fit their VARCHAR columns. */
    static final int MAX_TEXT_CHARS = 4096;

    /** Longest wire text of a single amount that fits its VARCHAR column. */
    static final int MAX_AMOUNT_CHARS = 64;

    /** Thread-safe once configured; used for slot maps of strings and device lists (tree model). */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> WIRE_SLOTS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    /**
     * Escape character of every LIKE pattern built by {@link #containsPattern(String)}. Not a backslash,
     * whose meaning inside SQL string literals depends on PostgreSQL's standard_conforming_strings.
     */
    static final char LIKE_ESCAPE = '!';

    private Columns() {
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * Joins host names with commas. Host names (core's {@code Rules.hosts}) cannot contain commas or
     * white space, so the text splits back into the same list.
     *
     * @throws ValidationException when the joined text is longer than the column
     */
    static String joinHosts(List<String> hosts, String field) {
        for (String h : hosts) {
            if (h.isEmpty() || h.indexOf(',') >= 0) {
                throw new ValidationException(field + " entries must be non-empty and contain no commas", field);
            }
        }
        String text = String.join(",", hosts);
        if (text.length() > MAX_LIST_CHARS) {
            throw new ValidationException(field + " is too long to store: at most " + MAX_LIST_CHARS
                    + " characters in total", field);
        }
        return text;
    }

    static List<String> splitHosts(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    /**
     * The compact JSON text of a slot map, slot name to wire amount with the keys sorted, such as
     * <code>{"cpu":"4","mem":"8589934592"}</code>; null is stored as the empty map.
     *
     * @throws ValidationException when the text is longer than the column
     */
    static String slotsText(ResourceSlots slots, String field) {
        Map<String, String> wire = new TreeMap<>((slots == null ? ResourceSlots.EMPTY : slots).toWire());
        String text;
        try {
            text = JSON.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the slots of " + field + " as JSON", e);
        }
        return checkLength(text, MAX_TEXT_CHARS, field);
    }

    /** Reads {@link #slotsText}; null or empty text is the empty map. */
    static ResourceSlots slots(String text) {
        if (text == null || text.isEmpty()) {
            return ResourceSlots.EMPTY;
        }
        try {
            return ResourceSlots.fromWire(JSON.readValue(text, WIRE_SLOTS));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored slot map is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    /**
     * The compact JSON text of an agent's devices: an array of objects in the list's order, each
     * <code>{"plugin":"cuda","id":"0","model":"A100","memory_bytes":85899345920,
     * "capacity":{"cuda.device":"1"},"utilisation_percent":37.5,"memory_used_bytes":1024}</code>, the
     * capacity as in {@link #slotsText} (null is stored as the empty map). Null or empty lists are {@code []}.
     *
     * @throws ValidationException when the text is longer than the column ({@link #MAX_LIST_CHARS})
     */
    static String devicesText(List<DeviceInfo> devices, String field) {
        ArrayNode array = JSON.createArrayNode();
        for (DeviceInfo d : devices == null ? List.<DeviceInfo>of() : devices) {
            ObjectNode o = array.addObject();
            o.put("plugin", d.plugin());
            o.put("id", d.id());
            o.put("model", d.model());
            o.put("memory_bytes", d.memoryBytes());
            ObjectNode capacity = o.putObject("capacity");
            new TreeMap<>((d.capacity() == null ? ResourceSlots.EMPTY : d.capacity()).toWire())
                    .forEach(capacity::put);
            o.put("utilisation_percent", d.utilisationPercent());
            o.put("memory_used_bytes", d.memoryUsedBytes());
        }
        String text;
        try {
            text = JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the devices of " + field + " as JSON", e);
        }
        return checkLength(text, MAX_LIST_CHARS, field);
    }

    /** Reads {@link #devicesText}; null or empty text is the empty list. */
    static List<DeviceInfo> devices(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(text);
            if (!array.isArray()) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<DeviceInfo> out = new ArrayList<>(array.size());
            for (JsonNode o : array) {
                out.add(new DeviceInfo(textOrNull(o, "plugin"), textOrNull(o, "id"), textOrNull(o, "model"),
                        o.required("memory_bytes").asLong(), ResourceSlots.fromWire(JSON.convertValue(
                                o.required("capacity"), WIRE_SLOTS)),
                        o.required("utilisation_percent").asDouble(), o.required("memory_used_bytes").asLong()));
            }
            return List.copyOf(out);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored device list is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    private static String textOrNull(JsonNode o, String name) {
        JsonNode v = o.required(name);
        return v.isNull() ? null : v.asText();
    }

    /**
     * The compact JSON text of an image's apps: an array of objects in the list's order, each
     * <code>{"name":"jupyter","protocol":"http","ports":[8080,8081]}</code>. Null or empty lists are {@code []}.
     *
     * @throws ValidationException when the text is longer than {@code max}
     */
    static String appsText(List<ImageApp> apps, int max, String field) {
        ArrayNode array = JSON.createArrayNode();
        for (ImageApp a : apps == null ? List.<ImageApp>of() : apps) {
            ObjectNode o = array.addObject();
            o.put("name", a.name());
            o.put("protocol", a.protocol());
            ArrayNode ports = o.putArray("ports");
            a.ports().forEach(ports::add);
        }
        try {
            return checkLength(JSON.writeValueAsString(array), max, field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the apps of " + field + " as JSON", e);
        }
    }

    /** Reads {@link #appsText}; null or empty text is the empty list. */
    static List<ImageApp> apps(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(text);
            if (!array.isArray()) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<ImageApp> out = new ArrayList<>(array.size());
            for (JsonNode o : array) {
                JsonNode ports = o.required("ports");
                if (!ports.isArray()) {
                    throw new IllegalArgumentException("ports is not a JSON array");
                }
                List<Integer> numbers = new ArrayList<>(ports.size());
                for (JsonNode port : ports) {
                    if (!port.canConvertToInt()) {
                        throw new IllegalArgumentException("a port is not an integer");
                    }
                    numbers.add(port.intValue());
                }
                out.add(new ImageApp(textOrNull(o, "name"), textOrNull(o, "protocol"), numbers));
            }
            return List.copyOf(out);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored app list is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    /**
     * The compact JSON array text of a list of strings in its order, such as <code>["a","b"]</code>; null
     * is stored as the empty list.
     *
     * @throws ValidationException when the text is longer than {@code max}
     */
    static String stringListText(List<String> list, int max, String field) {
        try {
            return checkLength(JSON.writeValueAsString(list == null ? List.of() : list), max, field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + field + " as JSON", e);
        }
    }

    /** Reads {@link #stringListText}; null or empty text is the empty list. */
    static List<String> stringList(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(text, STRING_LIST));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored string list is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    /**
     * The compact JSON object text of a map of strings with the keys sorted, such as
     * <code>{"A":"1","B":"x"}</code>; null is stored as the empty map.
     *
     * @throws ValidationException when the text is longer than {@code max}
     */
    static String stringMapText(Map<String, String> map, int max, String field) {
        try {
            return checkLength(JSON.writeValueAsString(new TreeMap<>(map == null ? Map.of() : map)), max, field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + field + " as JSON", e);
        }
    }

    /** Reads {@link #stringMapText}; null or empty text is the empty map. */
    static Map<String, String> stringMap(String text) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        try {
            return Map.copyOf(JSON.readValue(text, WIRE_SLOTS));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored string map is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    /**
     * {@code text} cut to its first {@code max} characters when longer, for texts the system writes
     * (status reasons) where losing the end is better than failing the change.
     */
    static String head(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** {@code text} cut to its last {@code max} characters when longer (the end of a log). */
    static String tail(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(text.length() - max);
    }

    /**
     * The wire text of an amount: a plain decimal or {@code Infinity}.
     *
     * @throws ValidationException when the text is longer than the column
     */
    static String amountText(Amount amount, String field) {
        return checkLength(Objects.requireNonNull(amount, field).toWire(), MAX_AMOUNT_CHARS, field);
    }

    /** Reads {@link #amountText}. */
    static Amount amount(String text) {
        try {
            return Amount.fromWire(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored amount is corrupt: '" + abbreviate(text) + "'", e);
        }
    }

    /**
     * Returns {@code text} when it has at most {@code max} characters (or is null).
     *
     * @throws ValidationException when it is longer
     */
    static String checkLength(String text, int max, String field) {
        if (text != null && text.length() > max) {
            throw new ValidationException(field + " is too long to store: at most " + max + " characters", field);
        }
        return text;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 80 ? String.valueOf(text) : text.substring(0, 77) + "...";
    }

    /**
     * A case-insensitive {@code LIKE} pattern matching values that contain {@code text}: the text is
     * lower-cased and its wildcards ({@code %}, {@code _}) and the escape character are escaped. Compare
     * it with {@code LOWER(column)} and {@link #LIKE_ESCAPE}.
     */
    static String containsPattern(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length() + 2).append('%');
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '%' || ch == '_' || ch == LIKE_ESCAPE) {
                sb.append(LIKE_ESCAPE);
            }
            sb.append(ch);
        }
        return sb.append('%').toString();
    }

    /** True when a substring filter is given: null and empty mean "no filter". */
    static boolean given(String filter) {
        return filter != null && !filter.isEmpty();
    }
}
