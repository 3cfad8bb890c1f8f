package io.berth.core.storage;

import io.berth.core.error.ValidationException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as administrators write them: a whole number of bytes, or a number with a binary unit
 * {@code k}, {@code m}, {@code g}, {@code t} (optionally followed by {@code b} or {@code ib}, any case),
 * e.g. {@code 10g}, {@code 1.5GiB}, {@code 512m}.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)(?:i?b)?");
    /** 1 PiB: larger limits are refused as typing mistakes. */
    public static final long MAX = 1L << 50;

    private Sizes() {
    }

    /**
     * @param value a Number of bytes or a String as above
     * @param field the input field, named in errors
     * @return the positive size in bytes, at most {@link #MAX}
     */
    public static long parse(Object value, String field) {
        BigDecimal bytes;
        if (value instanceof Number n) {
            try {
                bytes = new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                throw new ValidationException(field + " must be a finite number of bytes", field);
            }
        } else if (value instanceof String s) {
            Matcher m = SIZE.matcher(s.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new ValidationException(field + " must be a size such as 1073741824, 512m or 10g: \""
                        + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"", field);
            }
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        } else {
            throw new ValidationException(field + " is required: a number of bytes or a size such as 10g", field);
        }
        if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw new ValidationException(field + " must be more than 0 and at most 1 PiB", field);
        }
        return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
