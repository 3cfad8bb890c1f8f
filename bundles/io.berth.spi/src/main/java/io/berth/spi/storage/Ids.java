package io.berth.spi.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of the ids that become path components. */
final class Ids {
    /** Up to 128 letters, digits and {@code . _ -}, starting with a letter or digit. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Ids() {
    }

    static String check(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException(what + " must be 1 to 128 letters, digits and . _ - starting with "
                    + "a letter or digit, without path separators or '..': " + quote(id));
        }
        return id;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int max = Math.min(s.length(), 140);
        for (int i = 0; i < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > max ? "…\"" : "\"").toString();
    }
}
