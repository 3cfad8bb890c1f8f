package io.berth.persistence.jpa.internal;

import io.berth.core.error.ValidationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Conversions between record values and column values, and LIKE patterns for substring filters. */
final class Columns {
    /** Longest host list text that fits the VARCHAR column on Derby (its VARCHAR maximum). */
    static final int MAX_LIST_CHARS = 32_672;

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
