package io.berth.spi.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class ResourceSlotsPropertiesTest {

    private static final BigInteger LIMIT = BigInteger.TEN.pow(30);
    private static final String[] SLOTS = {"cpu", "mem", "disk", "cuda.shares", "cuda.device"};

    // ------------------------------------------------------------ generators

    /** Non-negative whole numbers below 10^30, spread over magnitudes. */
    private static Arbitrary<BigInteger> wholes() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(100)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000_000_000L)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, LIMIT.subtract(BigInteger.ONE)));
    }

    /** Values a COUNT slot accepts: below 10^30, at most 6 decimal places. */
    private static Arbitrary<BigDecimal> countValues() {
        return Combinators.combine(wholes(), Arbitraries.integers().between(0, 6))
                .as(BigDecimal::new)
                .filter(d -> d.compareTo(new BigDecimal(LIMIT)) < 0);
    }

    /** Values a BYTES slot accepts, many of them exact multiples of binary units. */
    private static Arbitrary<BigDecimal> bytesValues() {
        Arbitrary<BigDecimal> unitMultiples = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(5000)),
                        Arbitraries.integers().between(0, 6))
                .as((k, u) -> new BigDecimal(k.shiftLeft(10 * u)));
        return Arbitraries.oneOf(unitMultiples, wholes().map(BigDecimal::new));
    }

    private static Arbitrary<BigDecimal> uniqueValues() {
        return wholes().map(BigDecimal::new);
    }

    /** Finite amounts of any sign and scale (as arithmetic produces them). */
    private static Arbitrary<Amount> finiteAmounts() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(LIMIT.negate(), LIMIT));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-3, 9))
                .as((u, s) -> Amount.of(new BigDecimal(u, s)));
    }

    private static Arbitrary<Amount> nonNegativeFiniteAmounts() {
        return finiteAmounts().map(a -> a.signum() < 0 ? Amount.ZERO.minus(a) : a);
    }

    private static Arbitrary<Amount> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, finiteAmounts()),
                Tuple.of(1, Arbitraries.just(Amount.INFINITE)));
    }

    private static Arbitrary<ResourceSlots> slotMaps(Arbitrary<Amount> values) {
        return Arbitraries.maps(Arbitraries.of(SLOTS), values).ofMaxSize(SLOTS.length)
                .map(ResourceSlots::of);
    }

    @Provide
    Arbitrary<ResourceSlots> finite() {
        return slotMaps(finiteAmounts());
    }

    @Provide
    Arbitrary<ResourceSlots> nonNegativeFinite() {
        return slotMaps(nonNegativeFiniteAmounts());
    }

    @Provide
    Arbitrary<ResourceSlots> any() {
        return slotMaps(amounts());
    }

    /** Capacities as a cluster reports them: mostly positive, sometimes zero, negative or ∞. */
    @Provide
    Arbitrary<ResourceSlots> capacities() {
        return slotMaps(Arbitraries.frequencyOf(
                Tuple.of(8, nonNegativeFiniteAmounts()),
                Tuple.of(1, Arbitraries.just(Amount.of(-3))),
                Tuple.of(1, Arbitraries.just(Amount.INFINITE))));
    }

    @Provide
    Arbitrary<Amount> amount() {
        return amounts();
    }

    @Provide
    Arbitrary<BigDecimal> count() {
        return countValues();
    }

    @Provide
    Arbitrary<BigDecimal> bytes() {
        return bytesValues();
    }

    @Provide
    Arbitrary<BigDecimal> unique() {
        return uniqueValues();
    }

    // ------------------------------------------------------------ Amount

    @Property
    void parseOfFormatIsIdentityForCounts(@ForAll("count") BigDecimal v) {
        roundTrip(Amount.of(v), SlotKind.COUNT);
    }

    @Property
    void parseOfFormatIsIdentityForBytes(@ForAll("bytes") BigDecimal v) {
        roundTrip(Amount.of(v), SlotKind.BYTES);
    }

    @Property
    void parseOfFormatIsIdentityForUnique(@ForAll("unique") BigDecimal v) {
        roundTrip(Amount.of(v), SlotKind.UNIQUE);
    }

    @Property(tries = 10)
    void parseOfFormatIsIdentityForInfinity(@ForAll SlotKind kind) {
        roundTrip(Amount.INFINITE, kind);
    }

    private static void roundTrip(Amount a, SlotKind kind) {
        String text = a.format(kind);
        assertEquals(a, Amount.parse(text, kind, "s"), text);
        assertEquals(a, Amount.parse(text.toUpperCase(), kind, "s"), text);
    }

    @Property
    void bytesFormatUsesTheLargestExactUnit(@ForAll("bytes") BigDecimal v) {
        String text = Amount.of(v).format(SlotKind.BYTES);
        char last = text.charAt(text.length() - 1);
        if (v.signum() != 0 && Character.isDigit(last)) {
            assertTrue(v.toBigIntegerExact().mod(BigInteger.valueOf(1024)).signum() != 0, text);
        }
        if (Character.isLetter(last) && last != 'e') {
            BigInteger n = new BigInteger(text.substring(0, text.length() - 1));
            assertTrue(n.mod(BigInteger.valueOf(1024)).signum() != 0, text);
        }
    }

    @Property
    void amountWireRoundTrip(@ForAll("amount") Amount a) {
        assertEquals(a, Amount.fromWire(a.toWire()));
        assertEquals(a.toWire(), Amount.fromWire(a.toWire()).toWire());
    }

    @Property
    void normalizationIgnoresScale(@ForAll("amount") Amount a,
            @ForAll @IntRange(min = 0, max = 5) int extraZeros) {
        if (a.isInfinite()) {
            return;
        }
        Amount b = Amount.of(a.value().setScale(a.value().scale() + extraZeros));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toWire(), b.toWire());
        assertTrue(a.value().scale() >= 0);
    }

    @Property
    void amountCompareIsConsistentWithEquals(@ForAll("amount") Amount a, @ForAll("amount") Amount b) {
        assertEquals(a.equals(b), a.compareTo(b) == 0);
        assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)));
    }

    // ------------------------------------------------------------ ResourceSlots arithmetic

    @Property
    void plusIsCommutative(@ForAll("any") ResourceSlots a, @ForAll("any") ResourceSlots b) {
        assertEquals(a.plus(b), b.plus(a));
    }

    @Property
    void plusIsAssociative(@ForAll("any") ResourceSlots a, @ForAll("any") ResourceSlots b,
            @ForAll("any") ResourceSlots c) {
        assertEquals(a.plus(b).plus(c), a.plus(b.plus(c)));
    }

    @Property
    void emptyAndZeroAreIdentities(@ForAll("any") ResourceSlots a, @ForAll("amount") Amount x) {
        assertEquals(a, a.plus(ResourceSlots.EMPTY));
        assertEquals(a, ResourceSlots.EMPTY.plus(a));
        assertEquals(x, x.plus(Amount.ZERO));
        assertEquals(x, Amount.ZERO.plus(x));
    }

    @Property
    void plusThenMinusGivesBackTheOriginal(@ForAll("finite") ResourceSlots a,
            @ForAll("finite") ResourceSlots b) {
        ResourceSlots r = a.plus(b).minus(b);
        // Slots only b had come back as explicit zeros; all others are exactly a's.
        for (String slot : a.slots()) {
            assertEquals(a.get(slot), r.get(slot), slot);
        }
        for (String slot : r.slots()) {
            assertTrue(a.contains(slot) || r.get(slot).isZero(), slot);
        }
        assertEquals(a.nonZero(), r.nonZero());
        if (a.slots().containsAll(b.slots())) {
            assertEquals(a, r);
        }
    }

    @Property
    void timesIsExact(@ForAll("finite") ResourceSlots a,
            @ForAll @IntRange(min = 0, max = 1000) int unscaled,
            @ForAll @IntRange(min = 0, max = 8) int scale) {
        BigDecimal f = BigDecimal.valueOf(unscaled, scale);
        ResourceSlots r = a.times(f);
        assertEquals(a.slots(), r.slots());
        for (String slot : a.slots()) {
            assertEquals(0, a.get(slot).value().multiply(f).compareTo(r.get(slot).value()), slot);
        }
    }

    @Property
    void minAndMaxAreCommutative(@ForAll("any") ResourceSlots a, @ForAll("any") ResourceSlots b) {
        assertEquals(a.min(b), b.min(a));
        assertEquals(a.max(b), b.max(a));
    }

    @Property
    void minAndMaxAreIdempotent(@ForAll("any") ResourceSlots a) {
        assertEquals(a, a.min(a));
        assertEquals(a, a.max(a));
    }

    @Property
    void minAndMaxBoundBothSides(@ForAll("any") ResourceSlots a, @ForAll("any") ResourceSlots b) {
        ResourceSlots lo = a.min(b);
        ResourceSlots hi = a.max(b);
        for (String slot : lo.slots()) {
            assertTrue(lo.get(slot).compareTo(a.get(slot, Amount.INFINITE)) <= 0);
            assertTrue(lo.get(slot).compareTo(b.get(slot, Amount.INFINITE)) <= 0);
            assertTrue(hi.get(slot).compareTo(a.get(slot, Amount.ZERO)) >= 0);
            assertTrue(hi.get(slot).compareTo(b.get(slot, Amount.ZERO)) >= 0);
        }
    }

    @Property
    void somethingFitsWithinItselfPlusMore(@ForAll("any") ResourceSlots a,
            @ForAll("nonNegativeFinite") ResourceSlots b, @ForAll("amount") Amount ifAbsent) {
        assertTrue(a.fitsWithin(a.plus(b), ifAbsent));
        assertTrue(a.fitsWithin(a.plus(b), Amount.ZERO));
        assertEquals(Set.of(), a.exceeding(a.plus(b), Amount.ZERO));
    }

    @Property
    void exceedingIsEmptyExactlyWhenItFits(@ForAll("any") ResourceSlots a,
            @ForAll("any") ResourceSlots limit, @ForAll("amount") Amount ifAbsent) {
        Set<String> over = a.exceeding(limit, ifAbsent);
        assertEquals(over.isEmpty(), a.fitsWithin(limit, ifAbsent));
        for (String slot : over) {
            assertTrue(a.get(slot).compareTo(limit.get(slot, ifAbsent)) > 0, slot);
        }
    }

    @Property
    void dominantShareGrowsWithTheRequest(@ForAll("nonNegativeFinite") ResourceSlots a,
            @ForAll("nonNegativeFinite") ResourceSlots b,
            @ForAll("capacities") ResourceSlots capacity) {
        BigDecimal before = a.dominantShare(capacity);
        BigDecimal after = a.plus(b).dominantShare(capacity);
        assertTrue(before.compareTo(after) <= 0, before + " > " + after);
        assertTrue(before.signum() >= 0);
    }

    @Property
    void dominantShareOfTheUsableCapacityItselfIsOne(@ForAll("capacities") ResourceSlots capacity) {
        Map<String, Amount> usable = finitePositive(capacity.asMap());
        BigDecimal share = ResourceSlots.of(usable).dominantShare(capacity);
        assertEquals(0, (usable.isEmpty() ? BigDecimal.ZERO : BigDecimal.ONE).compareTo(share),
                share::toPlainString);
    }

    private static Map<String, Amount> finitePositive(Map<String, Amount> m) {
        TreeMap<String, Amount> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!v.isInfinite() && v.signum() > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    // ------------------------------------------------------------ ResourceSlots wire

    @Property
    void slotsWireRoundTrip(@ForAll("any") ResourceSlots a) {
        assertEquals(a, ResourceSlots.fromWire(a.toWire()));
        assertEquals(a.toString(), ResourceSlots.fromWire(a.toWire()).toString());
    }

    @Property
    void slotsFormatRoundTrip(@ForAll("count") BigDecimal cpu, @ForAll("bytes") BigDecimal mem,
            @ForAll("unique") BigDecimal dev) {
        ResourceSlots s = ResourceSlots.EMPTY.with("cpu", Amount.of(cpu))
                .with("mem", Amount.of(mem)).with("cuda.device", Amount.of(dev));
        Map<String, Object> raw = new HashMap<>();
        for (String pair : s.format(ResourceSlotsTest.KINDS).split(" ")) {
            String[] kv = pair.split("=", 2);
            raw.put(kv[0], kv[1]);
        }
        assertEquals(s, ResourceSlots.parse(raw, ResourceSlotsTest.KINDS));
    }
}
