package io.berth.core.internal;

import io.berth.core.error.ValidationException;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.SlotFormatException;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Input rules of SPEC U2, R2, K1, K4: lengths, formats and the password policy. */
public final class Rules {
    public static final int MAX_NAME = 64;
    public static final int MAX_DESCRIPTION = 512;
    public static final int MAX_PASSWORD = 256;
    public static final int MIN_PASSWORD = 8;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");
    private static final Pattern USERNAME = Pattern.compile("^[\\p{L}\\p{N}._@+-]+$");
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$");
    private static final Pattern ACCESS_KEY = Pattern.compile("^AK[A-Z0-9]{18}$");
    private static final Pattern SECRET_KEY = Pattern.compile("^[A-Za-z0-9/+]{40}$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private Rules() {
    }

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field + " is required", field);
        }
        return value.trim();
    }

    public static String maxLength(String value, int max, String field) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new ValidationException(field + " must be at most " + max + " characters", field);
        }
        return value;
    }

    public static String email(String value) {
        String v = maxLength(required(value, "email"), MAX_NAME, "email").toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(v).matches()) {
            throw new ValidationException("email is not a valid e-mail address", "email");
        }
        return v;
    }

    public static String username(String value) {
        String v = maxLength(required(value, "username"), MAX_NAME, "username");
        if (!USERNAME.matcher(v).matches()) {
            throw new ValidationException(
                    "username may contain only letters, digits and . _ @ + -", "username");
        }
        return v;
    }

    /** Domain and project names: lower-case slugs of at most 64 characters. */
    public static String slug(String value, String field) {
        String v = maxLength(required(value, field), MAX_NAME, field);
        if (!SLUG.matcher(v).matches()) {
            throw new ValidationException(field
                    + " must be lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
                    field);
        }
        return v;
    }

    public static String text(String value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new ValidationException(field + " must not contain control characters", field);
        }
        return maxLength(value, max, field);
    }

    /** SPEC U2: at least 8 characters with a letter, a digit and a special character. */
    public static String password(String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("password is required", "password");
        }
        if (value.length() < MIN_PASSWORD) {
            throw new ValidationException("password must be at least " + MIN_PASSWORD + " characters", "password");
        }
        maxLength(value, MAX_PASSWORD, "password");
        boolean letter = value.codePoints().anyMatch(Character::isLetter);
        boolean digit = value.codePoints().anyMatch(Character::isDigit);
        boolean special = value.codePoints().anyMatch(c -> !Character.isLetterOrDigit(c) && !Character.isWhitespace(c));
        if (!letter || !digit || !special) {
            throw new ValidationException(
                    "password must contain at least one letter, one digit and one special character", "password");
        }
        return value;
    }

    public static String accessKey(String value) {
        String v = required(value, "access_key");
        if (!ACCESS_KEY.matcher(v).matches()) {
            throw new ValidationException(
                    "access_key must be 20 characters: 'AK' followed by 18 upper-case letters or digits", "access_key");
        }
        return v;
    }

    public static String secretKey(String value) {
        String v = required(value, "secret_key");
        if (!SECRET_KEY.matcher(v).matches()) {
            throw new ValidationException("secret_key must be 40 characters of A-Z, a-z, 0-9, '/' or '+'",
                    "secret_key");
        }
        return v;
    }

    public static int rateLimit(Integer value, int max) {
        if (value == null || value < 1 || value > max) {
            throw new ValidationException("rate_limit must be between 1 and " + max, "rate_limit");
        }
        return value;
    }

    /** Volume host or registry names: distinct, each at most 128 characters of a host-like form. */
    public static List<String> hosts(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > 256) {
            throw new ValidationException(field + " may list at most 256 entries", field);
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || !HOST.matcher(v).matches()) {
                throw new ValidationException(field + " entries must be host names (letters, digits, . _ : -)", field);
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    /** Like {@link #hosts} for updates, where {@code null} means "leave the list as it is". */
    public static List<String> hostsOrKeep(List<String> values, String field) {
        return values == null ? null : hosts(values, field);
    }

    public static String policyName(String value) {
        return slug(value, "resource_policy");
    }

    /** Echoes client text safely in messages: control characters dropped, at most 64 characters. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String v = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return v.codePointCount(0, v.length()) > 64 ? v.substring(0, v.offsetByCodePoints(0, 61)) + "..." : v;
    }

    /** A whole number in {@code [min, max]}; {@code null} gives {@code ifNull}. */
    public static long range(Long value, long min, long max, long ifNull, String field) {
        if (value == null) {
            return ifNull;
        }
        if (value < min || value > max) {
            throw new ValidationException(field + " must be between " + min + " and " + max, field);
        }
        return value;
    }

    public static int range(Integer value, int min, int max, int ifNull, String field) {
        return (int) range(value == null ? null : value.longValue(), min, max, ifNull, field);
    }

    /**
     * A limit given as a number or text ({@code 10}, {@code "100g"}, {@code "inf"}); {@code max} bounds a
     * finite value; {@code null} gives {@code ifNull}.
     */
    public static Amount amount(Object raw, SlotKind kind, Amount max, Amount ifNull, String field) {
        if (raw == null) {
            return ifNull;
        }
        String text;
        if (raw instanceof String t) {
            text = t;
        } else if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (!Double.isFinite(d)) {
                throw new ValidationException(field + " must be a finite number or 'inf'", field);
            }
            text = BigDecimal.valueOf(d).toPlainString();
        } else if (raw instanceof Number n) {
            text = new BigDecimal(n.toString()).toPlainString();
        } else {
            throw new ValidationException(field + " must be a number or text such as 10, '100g' or 'inf'", field);
        }
        Amount a;
        try {
            a = Amount.parse(text, kind, field);
        } catch (SlotFormatException e) {
            throw new ValidationException(e.getMessage(), field);
        }
        if (!a.isInfinite() && max != null && a.compareTo(max) > 0) {
            throw new ValidationException(field + " must be at most " + max.format(kind) + " or unlimited", field);
        }
        return a;
    }
}
