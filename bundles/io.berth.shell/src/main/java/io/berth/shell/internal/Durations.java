package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in whole seconds, as policies store them. Input is seconds ({@code 3600}) or a number with one
 * unit: {@code s}, {@code m}, {@code h} or {@code d} ({@code 90m}, {@code 1h}, {@code 2d}). 0 means no limit.
 */
final class Durations {
    private static final Pattern INPUT = Pattern.compile("([0-9]{1,12})\\s*([smhd]?)");
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60};
    private static final String[] UNIT_NAMES = {"d", "h", "m"};

    private Durations() {
    }

    /** Seconds; {@code null} stays {@code null} ("leave as is"). */
    static Long parse(String text, String option, String field) {
        if (text == null) {
            return null;
        }
        Matcher m = INPUT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ValidationException("--" + option + ": '" + text + "' is not a duration; use seconds (3600) "
                    + "or a number with s, m, h or d (90m, 1h, 2d); 0 means no limit", field);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> n * 86_400;
            case "h" -> n * 3_600;
            case "m" -> n * 60;
            default -> n;
        };
    }

    /** {@code 1h}, {@code 90m}, {@code 45s}; 0 is {@code unlimited}. Reads back through {@link #parse}. */
    static String format(long seconds) {
        if (seconds == 0) {
            return "unlimited";
        }
        for (int i = 0; i < UNIT_SECONDS.length; i++) {
            if (seconds % UNIT_SECONDS[i] == 0) {
                return seconds / UNIT_SECONDS[i] + UNIT_NAMES[i];
            }
        }
        return seconds + "s";
    }
}
