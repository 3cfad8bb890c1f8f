package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.PageRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Query parameters are taken as strings and checked here, so bad values get a 400 naming them. */
final class Params {
    private Params() {
    }

    static PageRequest page(String offset, String limit, String orderBy, String order) {
        int off = integer(offset, "offset", 0);
        int lim = integer(limit, "limit", PageRequest.DEFAULT_LIMIT);
        boolean desc = false;
        if (order != null) {
            switch (order.toLowerCase(Locale.ROOT)) {
                case "asc" -> desc = false;
                case "desc" -> desc = true;
                default -> throw new ValidationException("order must be 'asc' or 'desc'", "order");
            }
        }
        return new PageRequest(off, lim, orderBy == null || orderBy.isBlank() ? null : orderBy, desc);
    }

    static int integer(String value, String name, int dflt) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name + " must be an integer", name);
        }
    }

    static long longInteger(String value, String name, long dflt) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name + " must be an integer", name);
        }
    }

    /**
     * An ISO-8601 date-time with an offset ({@code 2025-06-01T12:00:00Z}, {@code 2025-06-01T14:00:00+02:00});
     * with {@code dateAllowed} also a plain date ({@code 2025-06-01}), meaning its start in UTC.
     */
    static Instant instant(String value, String name, boolean dateAllowed) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            if (dateAllowed) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        throw new ValidationException(name + " must be an ISO-8601 date-time with an offset, e.g. "
                + "2025-06-01T12:00:00Z" + (dateAllowed ? ", or a date such as 2025-06-01" : ""), name);
    }

    static Boolean bool(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ValidationException(name + " must be 'true' or 'false'", name);
        };
    }

    static <T> T body(T value) {
        if (value == null) {
            throw new ValidationException("a JSON request body is required", null);
        }
        return value;
    }

    static String text(String value, String name) {
        if (value != null && value.length() > 256) {
            throw new ValidationException(name + " must be at most 256 characters", name);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** A value as given, safe to echo in a message: control characters replaced, at most 64 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 65));
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 64 ? b.append('\u2026').toString() : b.toString();
    }
}
