package io.berth.spi.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResourceSlotsTest {

    static final Function<String, SlotKind> KINDS = slot -> switch (slot) {
        case "cpu", "cuda.shares" -> SlotKind.COUNT;
        case "mem", "disk" -> SlotKind.BYTES;
        case "cuda.device" -> SlotKind.UNIQUE;
        default -> null;
    };

    /** Parses "cpu=4 mem=8g" with {@link #KINDS}. */
    static ResourceSlots slots(String text) {
        Map<String, Object> raw = new LinkedHashMap<>();
        if (!text.isBlank()) {
            for (String pair : text.trim().split("\\s+")) {
                String[] kv = pair.split("=", 2);
                raw.put(kv[0], kv[1]);
            }
        }
        return ResourceSlots.parse(raw, KINDS);
    }

    /** Unvalidated construction from wire text, allowing negatives: "cpu=-1 mem=2". */
    static ResourceSlots wire(String text) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (!text.isBlank()) {
            for (String pair : text.trim().split("\\s+")) {
                String[] kv = pair.split("=", 2);
                raw.put(kv[0], kv[1]);
            }
        }
        return ResourceSlots.fromWire(raw);
    }

    private static Amount a(String wire) {
        return Amount.fromWire(wire);
    }

    private static SlotFormatException parseFails(Map<String, ?> raw) {
        return assertThrows(SlotFormatException.class, () -> ResourceSlots.parse(raw, KINDS));
    }

    // ------------------------------------------------------------ construction

    @Test
    void ofCopiesSortsAndValidates() {
        Map<String, Amount> m = new HashMap<>();
        m.put("mem", Amount.of(8));
        m.put("cpu", Amount.of(4));
        ResourceSlots s = ResourceSlots.of(m);
        m.put("disk", Amount.of(1));
        assertEquals(List.of("cpu", "mem"), new ArrayList<>(s.slots()));
        assertEquals(List.of("cpu", "mem"), new ArrayList<>(s.asMap().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> s.asMap().put("x", Amount.ZERO));
        assertThrows(UnsupportedOperationException.class, () -> s.slots().remove("cpu"));
        assertThrows(IllegalArgumentException.class,
                () -> ResourceSlots.of(Map.of("CPU", Amount.ZERO)));
        Map<String, Amount> withNull = new HashMap<>();
        withNull.put("cpu", null);
        assertThrows(NullPointerException.class, () -> ResourceSlots.of(withNull));
        assertSame(ResourceSlots.EMPTY, ResourceSlots.of(Map.of()));
    }

    @Test
    void withAndWithout() {
        ResourceSlots s = ResourceSlots.EMPTY.with("cpu", Amount.of(4)).with("mem", Amount.of(1));
        assertEquals(wire("cpu=4 mem=1"), s);
        assertEquals(wire("cpu=2 mem=1"), s.with("cpu", Amount.of(2)));
        assertEquals(wire("mem=1"), s.without("cpu"));
        assertSame(s, s.without("gpu"));
        assertSame(ResourceSlots.EMPTY, s.without("cpu").without("mem"));
        assertEquals(wire("cpu=4 mem=1"), s, "original unchanged");
        assertThrows(IllegalArgumentException.class, () -> s.with("Bad Name", Amount.ZERO));
        assertThrows(NullPointerException.class, () -> s.with("cpu", null));
    }

    @Test
    void queries() {
        ResourceSlots s = wire("cpu=4 mem=0");
        assertTrue(s.contains("mem"));
        assertFalse(s.contains("disk"));
        assertFalse(s.contains(null));
        assertEquals(Amount.of(4), s.get("cpu"));
        assertNull(s.get("disk"));
        assertEquals(Amount.INFINITE, s.get("disk", Amount.INFINITE));
        assertEquals(Amount.ZERO, s.get("mem", Amount.INFINITE));
        assertFalse(s.isEmpty());
        assertTrue(ResourceSlots.EMPTY.isEmpty());
    }

    // ------------------------------------------------------------ parse

    @Test
    void parseStringsAndNumbers() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("cpu", 4);
        raw.put("mem", "8g");
        raw.put("cuda.shares", 0.5d);
        raw.put("cuda.device", 2L);
        raw.put("disk", new BigDecimal("1073741824.00"));
        ResourceSlots s = ResourceSlots.parse(raw, KINDS);
        assertEquals(wire("cpu=4 mem=8589934592 cuda.shares=0.5 cuda.device=2 disk=1073741824"), s);
        assertEquals("cpu=4 cuda.device=2 cuda.shares=0.5 disk=1g mem=8g", s.format(KINDS));
    }

    @Test
    void parseDoublesUseTheirShortestDecimal() {
        assertEquals(a("0.1"), ResourceSlots.parse(Map.of("cpu", 0.1d), KINDS).get("cpu"));
        assertEquals(a("0.1"), ResourceSlots.parse(Map.of("cpu", 0.1f), KINDS).get("cpu"));
        assertEquals(a("4"), ResourceSlots.parse(Map.of("cpu", 4.0d), KINDS).get("cpu"));
        assertEquals(a("1000"), ResourceSlots.parse(Map.of("cpu", 1e3), KINDS).get("cpu"));
        assertEquals(a("5"), ResourceSlots.parse(Map.of("cpu", (short) 5), KINDS).get("cpu"));
        assertEquals(a("5"),
                ResourceSlots.parse(Map.of("cpu", BigInteger.valueOf(5)), KINDS).get("cpu"));
        assertEquals(a("7"), ResourceSlots.parse(Map.of("cpu", new AtomicLong(7)), KINDS).get("cpu"));
    }

    @Test
    void parseNumbersFollowTheTextRules() {
        SlotFormatException neg = parseFails(Map.of("cpu", -1));
        assertEquals("cpu", neg.slot());
        assertTrue(neg.getMessage().contains("must not be negative"), neg.getMessage());

        SlotFormatException frac = parseFails(Map.of("cuda.device", 1.5d));
        assertTrue(frac.getMessage().contains("must be a whole number"), frac.getMessage());

        SlotFormatException bytes = parseFails(Map.of("mem", 0.5d));
        assertTrue(bytes.getMessage().contains("whole number of bytes"), bytes.getMessage());

        SlotFormatException prec = parseFails(Map.of("cpu", 0.1234567d));
        assertTrue(prec.getMessage().contains("at most 6 decimal places"), prec.getMessage());

        SlotFormatException big = parseFails(Map.of("cpu", 1e30));
        assertTrue(big.getMessage().contains("too large"), big.getMessage());
    }

    @Test
    void parseRejectsNonFiniteDoubles() {
        for (Object v : new Object[] {Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY}) {
            SlotFormatException e = parseFails(Map.of("cpu", v));
            assertEquals("cpu", e.slot());
            assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
        }
    }

    @Test
    void parseRejectsNullValues() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("mem", null);
        SlotFormatException e = parseFails(raw);
        assertEquals("mem", e.slot());
        assertEquals("resource slot 'mem' needs a value", e.getMessage());
    }

    @Test
    void parseRejectsNullKey() {
        Map<String, Object> raw = new HashMap<>();
        raw.put(null, "4");
        SlotFormatException e = parseFails(raw);
        assertNull(e.slot());
    }

    @Test
    void parseRejectsUnknownSlots() {
        SlotFormatException e = parseFails(Map.of("gpu", "1"));
        assertEquals("gpu", e.slot());
        assertEquals("unknown resource slot 'gpu'", e.getMessage());
    }

    @Test
    void parseRejectsInvalidNamesEvenWhenKindOfAcceptsThem() {
        SlotFormatException e = assertThrows(SlotFormatException.class,
                () -> ResourceSlots.parse(Map.of("CPU", "1"), s -> SlotKind.COUNT));
        assertEquals("CPU", e.slot());
        assertTrue(e.getMessage().contains("not a valid slot name"), e.getMessage());
    }

    @Test
    void parseRejectsOtherValueTypes() {
        SlotFormatException e = parseFails(Map.of("cpu", true));
        assertEquals("cpu", e.slot());
        assertTrue(e.getMessage().contains("Boolean"), e.getMessage());
        assertTrue(e.getMessage().contains("number or a string"), e.getMessage());
    }

    @Test
    void parseErrorsCarryTheSlotAndComeInNameOrder() {
        SlotFormatException e = parseFails(Map.of("mem", "4x", "cpu", "-1", "disk", "1"));
        assertEquals("cpu", e.slot());
        SlotFormatException m = parseFails(Map.of("mem", "4x"));
        assertEquals("mem", m.slot());
        assertTrue(m.getMessage().startsWith("'4x' is not an amount"), m.getMessage());
    }

    @Test
    void parseInfinity() {
        ResourceSlots s = slots("cpu=inf mem=unlimited cuda.device=∞");
        assertTrue(s.get("cpu").isInfinite());
        assertTrue(s.get("mem").isInfinite());
        assertTrue(s.get("cuda.device").isInfinite());
        assertEquals("cpu=inf cuda.device=inf mem=inf", s.format(KINDS));
    }

    // ------------------------------------------------------------ wire

    @Test
    void wireRoundTrip() {
        ResourceSlots s = slots("mem=16g cpu=0.50 cuda.shares=inf");
        Map<String, String> w = s.toWire();
        assertEquals(List.of("cpu", "cuda.shares", "mem"), new ArrayList<>(w.keySet()));
        assertEquals(Map.of("cpu", "0.5", "mem", "17179869184", "cuda.shares", "Infinity"), w);
        assertThrows(UnsupportedOperationException.class, () -> w.put("x", "1"));
        assertEquals(s, ResourceSlots.fromWire(w));
        assertEquals("{cpu=0.5, cuda.shares=Infinity, mem=17179869184}", s.toString());
    }

    @Test
    void fromWireErrorsNameTheSlot() {
        SlotFormatException e = assertThrows(SlotFormatException.class,
                () -> ResourceSlots.fromWire(Map.of("mem", "8g")));
        assertEquals("mem", e.slot());
        assertTrue(e.getMessage().contains("'8g'"), e.getMessage());
        Map<String, String> withNull = new HashMap<>();
        withNull.put("cpu", null);
        assertEquals("cpu", assertThrows(SlotFormatException.class,
                () -> ResourceSlots.fromWire(withNull)).slot());
        assertEquals("Cpu", assertThrows(SlotFormatException.class,
                () -> ResourceSlots.fromWire(Map.of("Cpu", "1"))).slot());
    }

    // ------------------------------------------------------------ equality

    @Test
    void equalityIsByValue() {
        assertEquals(slots("cpu=4.0"), slots("cpu=4"));
        assertEquals(slots("cpu=4.0").hashCode(), slots("cpu=4").hashCode());
        assertEquals(slots("mem=4g"), slots("mem=4096m"));
        assertNotEquals(slots("cpu=4"), slots("cpu=4 mem=0"));
        assertEquals(slots("cpu=4"), slots("cpu=4 mem=0").nonZero());
        assertNotEquals(slots("cpu=4"), slots("cpu=5"));
    }

    // ------------------------------------------------------------ arithmetic

    @Test
    void plusAndMinus() {
        assertEquals(wire("cpu=5 mem=8 disk=1"), wire("cpu=4 mem=8").plus(wire("cpu=1 disk=1")));
        assertEquals(wire("cpu=3 mem=8 disk=-1"), wire("cpu=4 mem=8").minus(wire("cpu=1 disk=1")));
        assertTrue(wire("cpu=4 mem=8").minus(wire("cpu=1 disk=1")).isNegativeAnywhere());
        assertFalse(wire("cpu=4").isNegativeAnywhere());
        assertEquals(wire("cpu=Infinity"), wire("cpu=Infinity").plus(wire("cpu=2")));
        assertEquals(wire("cpu=Infinity"), wire("cpu=Infinity").minus(wire("cpu=2")));
        assertEquals(wire("cpu=Infinity mem=-2"), wire("cpu=Infinity").minus(wire("mem=2")));
        assertThrows(ArithmeticException.class, () -> wire("cpu=2").minus(wire("cpu=Infinity")));
        assertThrows(ArithmeticException.class, () -> wire("mem=2").minus(wire("cpu=Infinity")));
        assertThrows(ArithmeticException.class,
                () -> wire("cpu=Infinity").minus(wire("cpu=Infinity")));
    }

    @Test
    void times() {
        assertEquals(wire("cpu=2 mem=Infinity disk=0"),
                wire("cpu=4 mem=Infinity disk=0").times(new BigDecimal("0.5")));
        assertEquals(wire("cpu=0 mem=0"), wire("cpu=4 mem=Infinity").times(BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> wire("cpu=1").times(new BigDecimal("-2")));
    }

    @Test
    void minTreatsAbsentAsUnlimited() {
        assertEquals(wire("cpu=2 mem=8 disk=3"), wire("cpu=4 mem=8").min(wire("cpu=2 disk=3")));
        assertEquals(wire("cpu=4"), wire("cpu=Infinity").min(wire("cpu=4")));
        assertEquals(wire("cpu=-1"), wire("cpu=-1").min(ResourceSlots.EMPTY));
    }

    @Test
    void maxTreatsAbsentAsZero() {
        assertEquals(wire("cpu=4 mem=8 disk=3"), wire("cpu=4 mem=8").max(wire("cpu=2 disk=3")));
        assertEquals(wire("cpu=0"), wire("cpu=-1").max(ResourceSlots.EMPTY));
        assertEquals(wire("cpu=Infinity"), wire("cpu=Infinity").max(wire("cpu=4")));
    }

    // ------------------------------------------------------------ comparisons

    @Test
    void fitsWithin() {
        ResourceSlots cap = wire("cpu=4 mem=8");
        assertTrue(wire("cpu=4 mem=8").fitsWithin(cap, Amount.ZERO));
        assertTrue(wire("cpu=1").fitsWithin(cap, Amount.ZERO));
        assertTrue(ResourceSlots.EMPTY.fitsWithin(cap, Amount.ZERO));
        assertFalse(wire("cpu=4.000001").fitsWithin(cap, Amount.ZERO));
        assertFalse(wire("cpu=1 disk=1").fitsWithin(cap, Amount.ZERO));
        assertTrue(wire("cpu=1 disk=1").fitsWithin(cap, Amount.INFINITE));
        assertTrue(wire("cpu=1 disk=0").fitsWithin(cap, Amount.ZERO), "zero entries always fit");
        assertTrue(wire("cpu=0").fitsWithin(wire("cpu=-1"), Amount.ZERO), "even below zero");
        assertFalse(wire("cpu=Infinity").fitsWithin(cap, Amount.ZERO));
        assertTrue(wire("cpu=Infinity").fitsWithin(wire("cpu=Infinity"), Amount.ZERO));
        assertTrue(wire("cpu=-1").fitsWithin(wire("cpu=-1"), Amount.ZERO));
        assertFalse(wire("cpu=1").fitsWithin(wire("cpu=-1"), Amount.ZERO));
    }

    @Test
    void exceeding() {
        ResourceSlots cap = wire("cpu=4 mem=8");
        assertEquals(Set.of(), wire("cpu=4 mem=8").exceeding(cap, Amount.ZERO));
        Set<String> over = wire("mem=9 cpu=5 disk=1 gpu=0").exceeding(cap, Amount.ZERO);
        assertEquals(List.of("cpu", "disk", "mem"), new ArrayList<>(over));
        assertEquals(Set.of("cpu", "mem"),
                wire("mem=9 cpu=5 disk=1").exceeding(cap, Amount.INFINITE));
        assertThrows(UnsupportedOperationException.class, () -> over.add("x"));
    }

    @Test
    void nonZero() {
        assertEquals(wire("cpu=4"), wire("cpu=4 mem=0 disk=0.0").nonZero());
        ResourceSlots s = wire("cpu=4");
        assertSame(s, s.nonZero());
        assertSame(ResourceSlots.EMPTY, wire("cpu=0").nonZero());
    }

    // ------------------------------------------------------------ dominant share

    @Test
    void dominantShareExamples() {
        ResourceSlots cap = slots("cpu=4 mem=8g");
        assertEquals(0, new BigDecimal("0.5").compareTo(slots("cpu=2 mem=1g").dominantShare(cap)));
        assertEquals(0, new BigDecimal("0.75").compareTo(slots("cpu=1 mem=6g").dominantShare(cap)));
        assertEquals(0, BigDecimal.ONE.compareTo(slots("cpu=4 mem=8g").dominantShare(cap)));
        assertEquals(0, new BigDecimal("2").compareTo(slots("cpu=8").dominantShare(cap)));
        assertEquals(new BigDecimal("0.3333333333333333"),
                slots("cpu=1").dominantShare(slots("cpu=3")));
        assertEquals(BigDecimal.ZERO, ResourceSlots.EMPTY.dominantShare(cap));
        assertEquals(BigDecimal.ZERO, slots("cpu=0 mem=0").dominantShare(cap));
    }

    @Test
    void dominantShareIgnoresUselessCapacities() {
        ResourceSlots cap = wire("cpu=4 mem=0 disk=-5 cuda.shares=Infinity");
        ResourceSlots req = wire("cpu=1 mem=1 disk=1 cuda.shares=Infinity cuda.device=3");
        assertEquals(0, new BigDecimal("0.25").compareTo(req.dominantShare(cap)));
        assertEquals(BigDecimal.ZERO, wire("cpu=-2").dominantShare(wire("cpu=4")));
    }

    @Test
    void dominantShareOfInfinityIsAnError() {
        assertThrows(ArithmeticException.class,
                () -> wire("cpu=Infinity").dominantShare(wire("cpu=4")));
    }

    // ------------------------------------------------------------ format

    @Test
    void format() {
        assertEquals("", ResourceSlots.EMPTY.format(KINDS));
        assertEquals("cpu=0.5 cuda.device=2 mem=1536m",
                wire("mem=1610612736 cuda.device=2 cpu=0.5").format(KINDS));
        assertEquals("gpu=1024 mem=1k", wire("gpu=1024 mem=1024").format(KINDS),
                "unknown slots format as COUNT");
        ResourceSlots s = slots("mem=1536m cpu=2.5 cuda.device=inf");
        Map<String, Object> back = new HashMap<>();
        for (String pair : s.format(KINDS).split(" ")) {
            String[] kv = pair.split("=");
            back.put(kv[0], kv[1]);
        }
        assertEquals(s, ResourceSlots.parse(back, KINDS));
    }
}
