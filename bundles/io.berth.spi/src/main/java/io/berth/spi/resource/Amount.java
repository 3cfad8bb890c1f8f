package io.berth.spi.resource;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One exact resource amount: a decimal number (possibly negative, as results of subtraction may
 * be) or positive infinity, meaning "unlimited".
 *
 * <p>Amounts are immutable, thread-safe and normalized: trailing zeros are stripped and the stored
 * scale is never negative, so amounts that are numerically equal are {@link #equals(Object) equal},
 * have the same {@link #hashCode()} and the same {@link #toWire() wire text} ({@code 4.0} and
 * {@code 4} are the same amount). Arithmetic is exact ({@link BigDecimal} without rounding).
 *
 * <p>Three text forms exist:
 * <ul>
 * <li>{@link #parse(String, SlotKind, String)} reads user input ({@code 8g}, {@code 0.5},
 * {@code inf}) according to the slot's {@link SlotKind} and rejects anything doubtful with a
 * {@link SlotFormatException} that explains itself;</li>
 * <li>{@link #format(SlotKind)} writes the human-readable form that {@code parse} reads back to an
 * equal amount;</li>
 * <li>{@link #toWire()} / {@link #fromWire(String)} are the canonical, kind-independent form for
 * storage and protocols ({@code 17179869184}, {@code 0.5}, {@code Infinity}).</li>
 * </ul>
 */
public final class Amount implements Comparable<Amount> {

    /** The amount zero. */
    public static final Amount ZERO = new Amount(BigDecimal.ZERO);

    /** Positive infinity: unlimited. Greater than every finite amount. */
    public static final Amount INFINITE = new Amount(null);

    /** Longest user input {@link #parse} accepts, in characters. */
    private static final int MAX_INPUT_LENGTH = 64;

    /** Parsed values must be below this (10^30). */
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(30);

    /** Most fractional digits a {@link SlotKind#COUNT} amount may have. */
    private static final int MAX_COUNT_SCALE = 6;

    private static final String WIRE_INFINITY = "Infinity";

    private static final Pattern USER_NUMBER =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(?:[ \\t]*([a-z]+))?");

    private static final Pattern WIRE_NUMBER = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?");

    /** Byte unit suffixes (lower case) to the power of 1024 they stand for. */
    private static final Map<String, Integer> BYTE_UNITS = byteUnits();

    /** Unit letters by power of 1024, index 0 = plain bytes. */
    private static final String[] UNIT_LETTERS = {"", "k", "m", "g", "t", "p", "e"};

    /** The value, or {@code null} for {@link #INFINITE}. */
    private final BigDecimal value;

    private Amount(BigDecimal value) {
        this.value = value;
    }

    // ---------------------------------------------------------------- creation

    /**
     * The finite amount {@code v}, normalized.
     *
     * @param v any finite decimal, may be negative; not {@code null}
     * @return the amount; {@link #ZERO} when {@code v} is zero at any scale
     * @throws NullPointerException when {@code v} is {@code null}
     */
    public static Amount of(BigDecimal v) {
        Objects.requireNonNull(v, "value");
        if (v.signum() == 0) {
            return ZERO;
        }
        BigDecimal n = v.stripTrailingZeros();
        if (n.scale() < 0) {
            n = n.setScale(0);
        }
        return new Amount(n);
    }

    /**
     * The finite amount {@code v}.
     *
     * @param v any value, may be negative
     * @return the amount
     */
    public static Amount of(long v) {
        return v == 0 ? ZERO : new Amount(BigDecimal.valueOf(v));
    }

    // ---------------------------------------------------------------- queries

    /** @return whether this is {@link #INFINITE} */
    public boolean isInfinite() {
        return value == null;
    }

    /** @return whether this is exactly zero (never true for {@link #INFINITE}) */
    public boolean isZero() {
        return value != null && value.signum() == 0;
    }

    /** @return -1, 0 or 1 as this is negative, zero or positive; 1 for {@link #INFINITE} */
    public int signum() {
        return value == null ? 1 : value.signum();
    }

    /**
     * The exact, normalized value (no trailing zeros, scale never negative).
     *
     * @return the value
     * @throws IllegalStateException when this is {@link #INFINITE}
     */
    public BigDecimal value() {
        if (value == null) {
            throw new IllegalStateException("an infinite amount has no finite value");
        }
        return value;
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * The exact sum. Infinity absorbs every finite amount: {@code ∞ + x = ∞}.
     *
     * @param other not {@code null}
     * @return {@code this + other}
     */
    public Amount plus(Amount other) {
        Objects.requireNonNull(other, "other");
        if (value == null || other.value == null) {
            return INFINITE;
        }
        return of(value.add(other.value));
    }

    /**
     * The exact difference. {@code ∞ − x = ∞} for finite {@code x}.
     *
     * @param other not {@code null}
     * @return {@code this − other}, possibly negative
     * @throws ArithmeticException when {@code other} is infinite ({@code x − ∞} and {@code ∞ − ∞}
     *                             are undefined)
     */
    public Amount minus(Amount other) {
        Objects.requireNonNull(other, "other");
        if (other.value == null) {
            throw new ArithmeticException(
                    (value == null ? "Infinity" : value.toPlainString()) + " − Infinity is undefined");
        }
        if (value == null) {
            return INFINITE;
        }
        return of(value.subtract(other.value));
    }

    /**
     * The exact product with a non-negative factor. {@code ∞ × 0 = 0}, {@code ∞ × f = ∞} for
     * positive {@code f}.
     *
     * @param factor not {@code null}, not negative
     * @return {@code this × factor}
     * @throws IllegalArgumentException when {@code factor} is negative
     */
    public Amount times(BigDecimal factor) {
        Objects.requireNonNull(factor, "factor");
        if (factor.signum() < 0) {
            throw new IllegalArgumentException(
                    "factor must not be negative: " + factor.toPlainString());
        }
        if (factor.signum() == 0) {
            return ZERO;
        }
        return value == null ? INFINITE : of(value.multiply(factor));
    }

    /**
     * @param other not {@code null}
     * @return the smaller of the two (this one when they are equal)
     */
    public Amount min(Amount other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /**
     * @param other not {@code null}
     * @return the larger of the two (this one when they are equal)
     */
    public Amount max(Amount other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /**
     * Numeric order; {@link #INFINITE} is greater than every finite amount and equal to itself.
     * Consistent with {@link #equals(Object)}.
     */
    @Override
    public int compareTo(Amount other) {
        Objects.requireNonNull(other, "other");
        if (value == null) {
            return other.value == null ? 0 : 1;
        }
        if (other.value == null) {
            return -1;
        }
        return value.compareTo(other.value);
    }

    // ---------------------------------------------------------------- wire form

    /**
     * The canonical text for storage and protocols: the plain decimal without trailing zeros
     * ({@code 4}, {@code 0.5}, {@code -3}, {@code 17179869184}; never an exponent) or
     * {@code Infinity}. Equal amounts have equal wire text.
     *
     * @return the wire text
     */
    public String toWire() {
        return value == null ? WIRE_INFINITY : value.toPlainString();
    }

    /**
     * Reads the canonical text written by {@link #toWire()}. Also accepts any plain decimal with
     * an optional leading {@code -} (e.g. {@code 4.50}); nothing else: no units, exponents,
     * {@code +} signs, spaces or other spellings of infinity.
     *
     * @param wire the text
     * @return the amount
     * @throws SlotFormatException (with a {@code null} slot) when {@code wire} is {@code null} or
     *                             not in that form
     */
    public static Amount fromWire(String wire) {
        if (wire == null) {
            throw new SlotFormatException(null, "a wire amount is missing");
        }
        if (WIRE_INFINITY.equals(wire)) {
            return INFINITE;
        }
        if (!WIRE_NUMBER.matcher(wire).matches()) {
            throw new SlotFormatException(null, "'" + abbreviate(wire)
                    + "' is not a wire amount; expected a plain decimal such as 4, 0.5 or -3, or"
                    + " 'Infinity'");
        }
        return of(new BigDecimal(wire));
    }

    // ---------------------------------------------------------------- user text

    /**
     * Reads an amount a user typed for a slot of the given kind.
     *
     * <p>Rules (the input is trimmed and read case-insensitively):
     * <ul>
     * <li>{@code inf}, {@code infinity}, {@code unlimited} and {@code ∞} mean {@link #INFINITE}
     * (for every kind);</li>
     * <li>otherwise a plain non-negative decimal: digits with an optional fraction
     * ({@code 4}, {@code 0.5}, {@code 4.50}); no sign, exponent or inner spaces;</li>
     * <li>{@link SlotKind#BYTES}: optionally followed (spaces allowed in between) by a binary unit
     * {@code k m g t p e} (2<sup>10</sup> … 2<sup>60</sup>), itself optionally followed by
     * {@code b} or {@code ib}, or by a bare {@code b} (bytes): {@code 4096}, {@code 512m},
     * {@code 4 g}, {@code 4GiB}, {@code 1.5t}. The result must be a whole number of bytes;</li>
     * <li>{@link SlotKind#UNIQUE}: a whole number, no unit;</li>
     * <li>{@link SlotKind#COUNT}: at most 6 decimal places (after dropping trailing zeros), no
     * unit;</li>
     * <li>at most 64 characters; values must be below 10<sup>30</sup>.</li>
     * </ul>
     *
     * @param text the input; {@code null} is treated like an empty input
     * @param kind the slot's kind; not {@code null}
     * @param slot the slot name, only used for the {@link SlotFormatException}; may be
     *             {@code null}
     * @return the amount, never negative
     * @throws SlotFormatException when the input breaks a rule; the message quotes the input and
     *                             shows valid examples
     */
    public static Amount parse(String text, SlotKind kind, String slot) {
        Objects.requireNonNull(kind, "kind");
        if (text == null || text.isBlank()) {
            throw new SlotFormatException(slot, "the amount is empty; " + examples(kind));
        }
        if (text.length() > MAX_INPUT_LENGTH) {
            throw new SlotFormatException(slot, "'" + abbreviate(text.strip())
                    + "' is too long; an amount has at most " + MAX_INPUT_LENGTH + " characters");
        }
        String input = text.strip();
        String lower = input.toLowerCase(Locale.ROOT);
        if (isInfinityWord(lower)) {
            return INFINITE;
        }
        if (lower.startsWith("-")) {
            String rest = lower.substring(1).strip();
            if (isInfinityWord(rest) || USER_NUMBER.matcher(rest).matches()) {
                throw new SlotFormatException(slot, "'" + input + "' must not be negative");
            }
            throw notAnAmount(slot, input, kind);
        }
        Matcher m = USER_NUMBER.matcher(lower);
        if (!m.matches()) {
            throw notAnAmount(slot, input, kind);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit != null) {
            Integer power = BYTE_UNITS.get(unit);
            if (power == null) {
                throw notAnAmount(slot, input, kind);
            }
            if (kind != SlotKind.BYTES) {
                throw new SlotFormatException(slot, "'" + input
                        + "' has a unit, but units are only allowed for byte amounts; "
                        + examples(kind));
            }
            number = number.multiply(BigDecimal.valueOf(2).pow(10 * power));
        }
        if (number.compareTo(LIMIT) >= 0) {
            throw new SlotFormatException(slot, "'" + input
                    + "' is too large; amounts must be below 10^30");
        }
        Amount amount = of(number);
        switch (kind) {
            case BYTES -> {
                if (amount.value.scale() > 0) {
                    throw new SlotFormatException(slot, "'" + input
                            + "' must be a whole number of bytes; " + examples(kind));
                }
            }
            case UNIQUE -> {
                if (amount.value.scale() > 0) {
                    throw new SlotFormatException(slot, "'" + input
                            + "' must be a whole number; " + examples(kind));
                }
            }
            case COUNT -> {
                if (amount.value.scale() > MAX_COUNT_SCALE) {
                    throw new SlotFormatException(slot, "'" + input
                            + "' has too many decimal places; use at most " + MAX_COUNT_SCALE
                            + " decimal places, such as 0.125");
                }
            }
            default -> throw new AssertionError(kind);
        }
        return amount;
    }

    /**
     * The human-readable form for a slot of the given kind, which
     * {@link #parse(String, SlotKind, String) parse} reads back to an equal amount (for every
     * amount {@code parse} can produce):
     * <ul>
     * <li>{@link #INFINITE}: {@code inf};</li>
     * <li>{@link SlotKind#BYTES}: a whole number of bytes with the largest binary unit it is an
     * exact multiple of, lower case and without {@code b}: {@code 8589934592 → 8g},
     * {@code 1610612736 → 1536m}, {@code 1000 → 1000}, {@code 0 → 0}. A negative or fractional
     * byte value (possible only through arithmetic) is written as a plain decimal, or with a unit
     * and a leading {@code -};</li>
     * <li>{@link SlotKind#COUNT} and {@link SlotKind#UNIQUE}: the plain decimal, as
     * {@link #toWire()}.</li>
     * </ul>
     *
     * @param kind not {@code null}
     * @return the text
     */
    public String format(SlotKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (value == null) {
            return "inf";
        }
        if (kind != SlotKind.BYTES || value.signum() == 0 || value.scale() > 0) {
            return value.toPlainString();
        }
        BigDecimal n = value;
        int unit = 0;
        BigDecimal k = BigDecimal.valueOf(1024);
        while (unit < UNIT_LETTERS.length - 1) {
            BigDecimal[] qr = n.divideAndRemainder(k);
            if (qr[1].signum() != 0) {
                break;
            }
            n = qr[0];
            unit++;
        }
        return n.toPlainString() + UNIT_LETTERS[unit];
    }

    // ---------------------------------------------------------------- object

    /** Equal when numerically equal ({@code 4.0} equals {@code 4}); infinity equals itself. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Amount a && Objects.equals(value, a.value);
    }

    @Override
    public int hashCode() {
        return value == null ? 0x7f800000 : value.hashCode();
    }

    /** @return {@link #toWire()} */
    @Override
    public String toString() {
        return toWire();
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isInfinityWord(String lower) {
        return switch (lower) {
            case "inf", "infinity", "unlimited", "∞" -> true;
            default -> false;
        };
    }

    private static SlotFormatException notAnAmount(String slot, String input, SlotKind kind) {
        return new SlotFormatException(slot, "'" + input + "' is not an amount; " + examples(kind));
    }

    private static String examples(SlotKind kind) {
        return switch (kind) {
            case COUNT -> "use a number such as 4 or 0.5, or 'inf'";
            case BYTES -> "use a number of bytes such as 4096, 512m or 8g, or 'inf'";
            case UNIQUE -> "use a whole number such as 1 or 2, or 'inf'";
        };
    }

    /** {@code s}, cut to 20 characters plus an ellipsis when longer, for quoting in messages. */
    static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }

    private static Map<String, Integer> byteUnits() {
        Map<String, Integer> units = new java.util.HashMap<>();
        units.put("b", 0);
        String letters = "kmgtpe";
        for (int i = 0; i < letters.length(); i++) {
            String l = String.valueOf(letters.charAt(i));
            units.put(l, i + 1);
            units.put(l + "b", i + 1);
            units.put(l + "ib", i + 1);
        }
        return Map.copyOf(units);
    }
}
