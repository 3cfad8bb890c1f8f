package io.berth.spi.resource;

import java.util.Objects;
import java.util.regex.Pattern;

/** The rule for slot names, shared by {@link SlotDefinition} and {@link ResourceSlots}. */
final class SlotNames {

    /** The longest valid slot name. */
    static final int MAX_LENGTH = 64;

    private static final Pattern NAME =
            Pattern.compile("[a-z][a-z0-9_-]*(?:\\.[a-z][a-z0-9_-]*)*");

    private SlotNames() {
    }

    /** Whether {@code name} is a valid slot name; {@code false} for {@code null}. */
    static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /**
     * Returns {@code name} when it is a valid slot name.
     *
     * @throws NullPointerException     when {@code name} is {@code null}
     * @throws IllegalArgumentException when it is not a valid slot name
     */
    static String check(String name) {
        Objects.requireNonNull(name, "slot name");
        if (!isValid(name)) {
            throw new IllegalArgumentException(describeInvalid(name));
        }
        return name;
    }

    /** The message for an invalid (non-null) slot name. */
    static String describeInvalid(String name) {
        if (name.length() > MAX_LENGTH) {
            return "slot name '" + Amount.abbreviate(name) + "' is too long (at most " + MAX_LENGTH
                    + " characters)";
        }
        return "'" + name + "' is not a valid slot name; use lower-case dot-separated words such as"
                + " cpu, mem or cuda.shares (letters, digits, '_' and '-', each word starting with"
                + " a letter)";
    }
}
