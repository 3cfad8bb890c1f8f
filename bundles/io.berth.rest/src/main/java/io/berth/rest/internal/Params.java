package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.PageRequest;
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
}
