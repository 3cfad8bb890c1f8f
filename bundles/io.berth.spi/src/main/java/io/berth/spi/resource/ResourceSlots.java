package io.berth.spi.resource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * An immutable map from resource slot name to {@link Amount}, sorted by slot name, e.g.
 * {@code cpu=4 mem=8g cuda.shares=0.5}. Used for requests, capacities, occupancy and policy
 * limits.
 *
 * <p>Instances are immutable and thread-safe; every operation returns a new instance (or
 * {@code this} when nothing changes). Slot names follow the rule of {@link SlotDefinition}.
 * Equality is by content: two instances are equal when they hold the same slots with equal amounts.
 * A slot holding zero is <em>not</em> the same as an absent slot for {@link #equals(Object)},
 * {@link #get(String)} and {@link #slots()}; use {@link #nonZero()} to compare while ignoring zero
 * entries.
 *
 * <p>The binary operations work on the union of both sides' slots. What an absent slot stands for
 * depends on the operation and is stated on each: zero for {@link #plus}, {@link #minus} and
 * {@link #max}; "unlimited" for {@link #min}; a caller-chosen amount for {@link #fitsWithin} and
 * {@link #exceeding}.
 */
public final class ResourceSlots {

    /** No slots. */
    public static final ResourceSlots EMPTY = new ResourceSlots(new TreeMap<>());

    private final SortedMap<String, Amount> amounts;

    /** @param amounts owned by the new instance; never modified afterwards */
    private ResourceSlots(TreeMap<String, Amount> amounts) {
        this.amounts = Collections.unmodifiableSortedMap(amounts);
    }

    private static ResourceSlots wrap(TreeMap<String, Amount> amounts) {
        return amounts.isEmpty() ? EMPTY : new ResourceSlots(amounts);
    }

    // ---------------------------------------------------------------- creation

    /**
     * A copy of {@code m}.
     *
     * @param m slot name to amount; not {@code null}
     * @return the slots
     * @throws NullPointerException     when {@code m}, a key or a value is {@code null}
     * @throws IllegalArgumentException when a key is not a valid slot name
     */
    public static ResourceSlots of(Map<String, Amount> m) {
        Objects.requireNonNull(m, "map");
        TreeMap<String, Amount> copy = new TreeMap<>();
        for (Map.Entry<String, Amount> e : m.entrySet()) {
            String slot = SlotNames.check(e.getKey());
            copy.put(slot, Objects.requireNonNull(e.getValue(),
                    () -> "amount of slot '" + slot + "' must not be null"));
        }
        return wrap(copy);
    }

    /**
     * These slots with {@code slot} set to {@code amount} (added or replaced).
     *
     * @param slot   a valid slot name
     * @param amount not {@code null}
     * @return the new slots
     * @throws NullPointerException     when an argument is {@code null}
     * @throws IllegalArgumentException when {@code slot} is not a valid slot name
     */
    public ResourceSlots with(String slot, Amount amount) {
        SlotNames.check(slot);
        Objects.requireNonNull(amount, "amount");
        if (amount.equals(amounts.get(slot))) {
            return this;
        }
        TreeMap<String, Amount> copy = new TreeMap<>(amounts);
        copy.put(slot, amount);
        return wrap(copy);
    }

    /**
     * These slots without {@code slot}.
     *
     * @param slot the slot to remove; nothing happens when it is absent
     * @return the new slots ({@code this} when {@code slot} is absent)
     */
    public ResourceSlots without(String slot) {
        if (slot == null || !amounts.containsKey(slot)) {
            return this;
        }
        TreeMap<String, Amount> copy = new TreeMap<>(amounts);
        copy.remove(slot);
        return wrap(copy);
    }

    /**
     * Reads slots from user input, e.g. a JSON object such as
     * {@code {"cpu": 4, "mem": "8g", "cuda.shares": 0.5}}.
     *
     * <p>Each value may be a {@link String} (read by {@link Amount#parse(String, SlotKind, String)})
     * or a {@link Number}: integers and {@link BigDecimal}s are used exactly, {@link Double}s and
     * {@link Float}s by their shortest decimal representation ({@code 0.1} is 0.1). Numbers are
     * converted to plain decimal text and then go through the same {@code parse}, so the rules on
     * negatives, precision and whole numbers apply identically. Entries are checked in slot-name
     * order, so the first error reported does not depend on the map's iteration order.
     *
     * @param raw    slot name to raw value; not {@code null}
     * @param kindOf the kind of each slot, {@code null} for slots that do not exist; not
     *               {@code null}
     * @return the slots
     * @throws SlotFormatException when a name is missing, unknown or invalid, or a value is
     *                             {@code null}, of another type, not a finite number or breaks a
     *                             parse rule; {@link SlotFormatException#slot()} names the slot
     */
    public static ResourceSlots parse(Map<String, ?> raw, Function<String, SlotKind> kindOf) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(kindOf, "kindOf");
        List<Map.Entry<String, Object>> entries = new ArrayList<>(raw.size());
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            if (e.getKey() == null) {
                throw new SlotFormatException(null, "a resource slot name is missing");
            }
            entries.add(Map.entry(e.getKey(), valueOrMarker(e.getValue())));
        }
        entries.sort(Map.Entry.comparingByKey());
        TreeMap<String, Amount> result = new TreeMap<>();
        for (Map.Entry<String, Object> e : entries) {
            String slot = e.getKey();
            SlotKind kind = kindOf.apply(slot);
            if (kind == null) {
                throw new SlotFormatException(slot,
                        "unknown resource slot '" + Amount.abbreviate(slot) + "'");
            }
            if (!SlotNames.isValid(slot)) {
                throw new SlotFormatException(slot, SlotNames.describeInvalid(slot));
            }
            Object value = e.getValue() == NULL_MARKER ? null : e.getValue();
            result.put(slot, Amount.parse(rawText(slot, value), kind, slot));
        }
        return wrap(result);
    }

    /** Stands for a {@code null} value in the sorted entry list ({@link Map#entry} rejects null). */
    private static final Object NULL_MARKER = new Object();

    private static Object valueOrMarker(Object value) {
        return value == null ? NULL_MARKER : value;
    }

    private static String rawText(String slot, Object value) {
        if (value == null) {
            throw new SlotFormatException(slot, "resource slot '" + slot + "' needs a value");
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return numberText(slot, n);
        }
        throw new SlotFormatException(slot, "the value of resource slot '" + slot
                + "' must be a number or a string such as \"8g\", not a "
                + value.getClass().getSimpleName());
    }

    private static String numberText(String slot, Number n) {
        BigDecimal d;
        if (n instanceof BigDecimal b) {
            d = b;
        } else if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new SlotFormatException(slot, "'" + n + "' is not a finite number; use a"
                        + " number such as 4 or 0.5, or the string 'inf' for unlimited");
            }
            // Float.toString gives the shortest decimal that reads back as this float.
            d = n instanceof Float ? new BigDecimal(n.toString()) : BigDecimal.valueOf(x);
        } else if (n instanceof Long || n instanceof Integer || n instanceof Short
                || n instanceof Byte) {
            d = BigDecimal.valueOf(n.longValue());
        } else if (n instanceof BigInteger b) {
            d = new BigDecimal(b);
        } else {
            try {
                d = new BigDecimal(n.toString());
            } catch (NumberFormatException ex) {
                throw new SlotFormatException(slot, "'" + Amount.abbreviate(n.toString())
                        + "' is not a number; use a number such as 4 or 0.5");
            }
        }
        return d.toPlainString();
    }

    /**
     * Reads the wire form written by {@link #toWire()}.
     *
     * @param wire slot name to wire amount; not {@code null}
     * @return the slots
     * @throws SlotFormatException when a name is missing or invalid or a value is {@code null} or
     *                             not a wire amount ({@link Amount#fromWire(String)}); its
     *                             {@link SlotFormatException#slot()} names the slot
     */
    public static ResourceSlots fromWire(Map<String, String> wire) {
        Objects.requireNonNull(wire, "wire");
        TreeMap<String, Amount> result = new TreeMap<>();
        for (Map.Entry<String, String> e : wire.entrySet()) {
            String slot = e.getKey();
            if (slot == null) {
                throw new SlotFormatException(null, "a resource slot name is missing");
            }
            if (!SlotNames.isValid(slot)) {
                throw new SlotFormatException(slot, SlotNames.describeInvalid(slot));
            }
            if (e.getValue() == null) {
                throw new SlotFormatException(slot, "resource slot '" + slot + "' needs a value");
            }
            try {
                result.put(slot, Amount.fromWire(e.getValue()));
            } catch (SlotFormatException ex) {
                throw new SlotFormatException(slot, ex.getMessage());
            }
        }
        return wrap(result);
    }

    /**
     * The canonical wire form: slot name to {@link Amount#toWire()}, sorted by slot name.
     *
     * @return an unmodifiable map in slot-name order
     */
    public Map<String, String> toWire() {
        Map<String, String> wire = new LinkedHashMap<>();
        amounts.forEach((slot, amount) -> wire.put(slot, amount.toWire()));
        return Collections.unmodifiableMap(wire);
    }

    // ---------------------------------------------------------------- queries

    /** @return an unmodifiable view, sorted by slot name */
    public Map<String, Amount> asMap() {
        return amounts;
    }

    /** @return the slot names present (including those holding zero), sorted, unmodifiable */
    public Set<String> slots() {
        return amounts.keySet();
    }

    /** @return whether no slot is present */
    public boolean isEmpty() {
        return amounts.isEmpty();
    }

    /**
     * @param slot a slot name
     * @return whether the slot is present (possibly holding zero)
     */
    public boolean contains(String slot) {
        return slot != null && amounts.containsKey(slot);
    }

    /**
     * @param slot a slot name
     * @return its amount, or {@code null} when absent
     */
    public Amount get(String slot) {
        return slot == null ? null : amounts.get(slot);
    }

    /**
     * @param slot     a slot name
     * @param ifAbsent what to return when the slot is absent
     * @return its amount, or {@code ifAbsent}
     */
    public Amount get(String slot, Amount ifAbsent) {
        Amount a = get(slot);
        return a == null ? ifAbsent : a;
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * The slot-wise sum over the union of slots; an absent slot counts as zero.
     *
     * @param o not {@code null}
     * @return {@code this + o}
     */
    public ResourceSlots plus(ResourceSlots o) {
        return combine(o, Amount.ZERO, Amount.ZERO, Amount::plus);
    }

    /**
     * The slot-wise difference over the union of slots; an absent slot counts as zero. Results may
     * be negative (see {@link #isNegativeAnywhere()}).
     *
     * @param o not {@code null}
     * @return {@code this − o}
     * @throws ArithmeticException when {@code o} holds an infinite amount (subtracting infinity is
     *                             undefined)
     */
    public ResourceSlots minus(ResourceSlots o) {
        return combine(o, Amount.ZERO, Amount.ZERO, Amount::minus);
    }

    /**
     * Every amount multiplied by {@code factor} (see {@link Amount#times(BigDecimal)}).
     *
     * @param factor not {@code null}, not negative
     * @return the scaled slots
     * @throws IllegalArgumentException when {@code factor} is negative
     */
    public ResourceSlots times(BigDecimal factor) {
        Objects.requireNonNull(factor, "factor");
        if (factor.signum() < 0) {
            throw new IllegalArgumentException(
                    "factor must not be negative: " + factor.toPlainString());
        }
        TreeMap<String, Amount> result = new TreeMap<>();
        amounts.forEach((slot, a) -> result.put(slot, a.times(factor)));
        return wrap(result);
    }

    /**
     * The slot-wise minimum over the union of slots; an absent slot means unlimited, so a slot
     * present on one side only keeps that side's amount. Typical use: the tighter of two limits.
     *
     * @param o not {@code null}
     * @return {@code min(this, o)}
     */
    public ResourceSlots min(ResourceSlots o) {
        return combine(o, Amount.INFINITE, Amount.INFINITE, Amount::min);
    }

    /**
     * The slot-wise maximum over the union of slots; an absent slot counts as zero, so a slot
     * present on one side only becomes {@code max(amount, 0)}.
     *
     * @param o not {@code null}
     * @return {@code max(this, o)}
     */
    public ResourceSlots max(ResourceSlots o) {
        return combine(o, Amount.ZERO, Amount.ZERO, Amount::max);
    }

    private ResourceSlots combine(ResourceSlots o, Amount absentHere, Amount absentThere,
            BinaryOperator<Amount> op) {
        Objects.requireNonNull(o, "other");
        TreeMap<String, Amount> result = new TreeMap<>();
        for (Map.Entry<String, Amount> e : amounts.entrySet()) {
            result.put(e.getKey(), op.apply(e.getValue(), o.get(e.getKey(), absentThere)));
        }
        for (Map.Entry<String, Amount> e : o.amounts.entrySet()) {
            if (!amounts.containsKey(e.getKey())) {
                result.put(e.getKey(), op.apply(absentHere, e.getValue()));
            }
        }
        return wrap(result);
    }

    // ---------------------------------------------------------------- comparisons

    /**
     * Whether these slots fit within {@code limit}: every slot of this with a non-zero amount is
     * at most {@code limit.get(slot, ifAbsentInLimit)}. Zero entries always fit.
     *
     * @param limit           not {@code null}
     * @param ifAbsentInLimit what a slot missing from {@code limit} allows, typically
     *                        {@link Amount#ZERO} for capacities or {@link Amount#INFINITE} for
     *                        policies; not {@code null}
     * @return whether everything fits
     */
    public boolean fitsWithin(ResourceSlots limit, Amount ifAbsentInLimit) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(ifAbsentInLimit, "ifAbsentInLimit");
        for (Map.Entry<String, Amount> e : amounts.entrySet()) {
            if (!fits(e.getValue(), limit.get(e.getKey(), ifAbsentInLimit))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The slots that do not fit within {@code limit}, by the rule of
     * {@link #fitsWithin(ResourceSlots, Amount)}.
     *
     * @param limit           not {@code null}
     * @param ifAbsentInLimit what a slot missing from {@code limit} allows; not {@code null}
     * @return the offending slot names, sorted, unmodifiable; empty when everything fits
     */
    public Set<String> exceeding(ResourceSlots limit, Amount ifAbsentInLimit) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(ifAbsentInLimit, "ifAbsentInLimit");
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, Amount> e : amounts.entrySet()) {
            if (!fits(e.getValue(), limit.get(e.getKey(), ifAbsentInLimit))) {
                out.add(e.getKey());
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    private static boolean fits(Amount amount, Amount limit) {
        return amount.isZero() || amount.compareTo(limit) <= 0;
    }

    /** @return these slots without the entries that hold zero */
    public ResourceSlots nonZero() {
        if (amounts.values().stream().noneMatch(Amount::isZero)) {
            return this;
        }
        TreeMap<String, Amount> result = new TreeMap<>();
        amounts.forEach((slot, a) -> {
            if (!a.isZero()) {
                result.put(slot, a);
            }
        });
        return wrap(result);
    }

    /** @return whether any slot holds a negative amount */
    public boolean isNegativeAnywhere() {
        return amounts.values().stream().anyMatch(a -> a.signum() < 0);
    }

    /**
     * The dominant share of these slots relative to {@code capacity}, as used by dominant resource
     * fairness (DRF): the largest {@code amount / capacity} over the slots of this, computed with
     * {@link MathContext#DECIMAL64}.
     *
     * <p>Slots are ignored when their amount is zero or when their capacity is absent, zero,
     * negative or infinite. The result is never negative: it is {@link BigDecimal#ZERO} when no
     * slot contributes (or only negative amounts do).
     *
     * @param capacity the total to compare against; not {@code null}
     * @return the dominant share, e.g. {@code 0.5} for {@code cpu=2 mem=1g} of
     *         {@code cpu=4 mem=8g}
     * @throws ArithmeticException when a slot holds an infinite amount while its capacity is
     *                             finite and positive (the share would be infinite)
     */
    public BigDecimal dominantShare(ResourceSlots capacity) {
        Objects.requireNonNull(capacity, "capacity");
        BigDecimal best = BigDecimal.ZERO;
        for (Map.Entry<String, Amount> e : amounts.entrySet()) {
            Amount amount = e.getValue();
            Amount cap = capacity.get(e.getKey());
            if (amount.isZero() || cap == null || cap.isInfinite() || cap.signum() <= 0) {
                continue;
            }
            if (amount.isInfinite()) {
                throw new ArithmeticException("dominant share of an infinite amount of slot '"
                        + e.getKey() + "' is infinite");
            }
            BigDecimal share = amount.value().divide(cap.value(), MathContext.DECIMAL64);
            if (share.compareTo(best) > 0) {
                best = share;
            }
        }
        return best.signum() == 0 ? BigDecimal.ZERO : best.stripTrailingZeros();
    }

    // ---------------------------------------------------------------- text and object

    /**
     * The human-readable form, e.g. {@code cpu=4 mem=8g}: {@code slot=amount} pairs in slot-name
     * order, separated by single spaces, each amount written by {@link Amount#format(SlotKind)};
     * the empty string when there are no slots.
     *
     * @param kindOf the kind of each slot; {@code null} (unknown slot) formats as
     *               {@link SlotKind#COUNT}; not {@code null} itself
     * @return the text
     */
    public String format(Function<String, SlotKind> kindOf) {
        Objects.requireNonNull(kindOf, "kindOf");
        StringJoiner out = new StringJoiner(" ");
        amounts.forEach((slot, a) -> {
            SlotKind kind = kindOf.apply(slot);
            out.add(slot + "=" + a.format(kind == null ? SlotKind.COUNT : kind));
        });
        return out.toString();
    }

    /** Equal when both hold the same slots with equal amounts (zero entries count). */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ResourceSlots r && amounts.equals(r.amounts);
    }

    @Override
    public int hashCode() {
        return amounts.hashCode();
    }

    /** @return {@code toWire().toString()}, e.g. <code>{cpu=4, mem=8589934592}</code> */
    @Override
    public String toString() {
        return toWire().toString();
    }
}
