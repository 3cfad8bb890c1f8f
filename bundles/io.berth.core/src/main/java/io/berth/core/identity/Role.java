package io.berth.core.identity;

import io.berth.core.error.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** SPEC R1: the four roles. {@code monitor} is a read-only superadmin view. */
public enum Role {
    SUPERADMIN, ADMIN, USER, MONITOR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        return Wire.parse(Role.class, values(), value, "role");
    }

    /** Parses the lower-case wire form of enum constants, naming the allowed values on failure. */
    public static final class Wire {
        private Wire() {
        }

        public static <E extends Enum<E>> E parse(Class<E> type, E[] values, String value, String field) {
            if (value != null) {
                String normal = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                for (E e : values) {
                    if (e.name().equals(normal)) {
                        return e;
                    }
                }
            }
            String allowed = Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
            throw new ValidationException(field + " must be one of: " + allowed, field);
        }
    }
}
