package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text formatting shared by the commands: error lines, dates, table footers, "key: value" blocks. */
final class Format {
    static final String NONE = "-";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code Error: <message> (field: <field>)}, the field only when the exception names one. */
    static String error(BerthException e) {
        String message = e.getMessage() == null ? e.title() : e.getMessage();
        return "Error: " + message + (e.field() == null ? "" : " (field: " + e.field() + ")");
    }

    /**
     * The error line of a refused delete followed by what still refers to the object, one per line, and
     * how many more there are when core sent only a sample.
     */
    static void referrers(ReferencedException e, PrintStream err) {
        err.println(error(e));
        err.println("Referred to by:");
        e.referrers().forEach(r -> err.println("  " + r));
        long more = e.total() - e.referrers().size();
        if (more > 0) {
            err.println("  \u2026 and " + more + " more");
        }
    }

    static String date(Instant instant) {
        return instant == null ? NONE : DATE.format(instant);
    }

    static String text(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    static String list(Collection<String> values) {
        return values == null || values.isEmpty() ? NONE : String.join(", ", values);
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** Cuts {@code value} to {@code max} characters, marking the cut with an ellipsis. */
    static String cut(String value, int max) {
        if (value == null) {
            return NONE;
        }
        return value.length() <= max ? value : value.substring(0, max - 1) + "\u2026";
    }

    /** {@code 1 user policy}, {@code 3 user policies}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** {@code 20 of 134 users (offset 0)}. */
    static String footer(Page<?> page, String noun) {
        return page.items().size() + " of " + page.total() + " " + noun + " (offset " + page.offset() + ")";
    }

    /**
     * Parses {@code true|false} (also {@code yes|no}, {@code on|off}); {@code null} stays {@code null}
     * ("leave as is").
     */
    static Boolean bool(String value, String field) {
        if (value == null) {
            return null;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return Boolean.TRUE;
            case "false", "no", "off":
                return Boolean.FALSE;
            default:
                throw new ValidationException(field + " must be true or false", field);
        }
    }

    /** Flattens repeated and comma-separated option values, dropping blanks; {@code null} stays {@code null}. */
    static List<String> values(List<String> raw) {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            for (String part : r.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /**
     * The new value of a list field: the given values, an empty list when {@code clear} is set, or
     * {@code null} ("leave as is") when neither is given.
     */
    static List<String> replacement(List<String> raw, boolean clear, String option) {
        if (clear && raw != null) {
            throw new ValidationException("give either --" + option + " or its --clear flag, not both", option);
        }
        return clear ? List.of() : values(raw);
    }

    /** An ordered block of {@code key: value} lines, printed with the values aligned. */
    static final class Details {
        private final Map<String, String> lines = new LinkedHashMap<>();

        Details add(String key, String value) {
            lines.put(key, value == null || value.isEmpty() ? NONE : value);
            return this;
        }

        void print(PrintStream out) {
            int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
            lines.forEach((k, v) -> out.println(String.format(Locale.ROOT, "%-" + width + "s %s", k + ":", v)));
        }
    }
}
