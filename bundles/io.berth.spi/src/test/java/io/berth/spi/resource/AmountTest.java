package io.berth.spi.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmountTest {

    private static Amount dec(String s) {
        return Amount.of(new BigDecimal(s));
    }

    private static SlotFormatException parseFails(String text, SlotKind kind) {
        return assertThrows(SlotFormatException.class, () -> Amount.parse(text, kind, "slot-x"));
    }

    private static void assertMessage(SlotFormatException e, String... fragments) {
        assertEquals("slot-x", e.slot());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f),
                    () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    // ------------------------------------------------------------ normalization

    @Test
    void equalValuesAreEqualRegardlessOfScale() {
        assertEquals(dec("4"), dec("4.0"));
        assertEquals(dec("4").hashCode(), dec("4.000").hashCode());
        assertEquals(dec("0.5"), dec("0.50"));
        assertEquals(Amount.of(4), dec("4.00"));
        assertEquals("4", dec("4.000").toWire());
        assertEquals(0, dec("4.000").value().scale());
    }

    @Test
    void zeroAtAnyScaleIsZero() {
        assertSame(Amount.ZERO, dec("0.000"));
        assertSame(Amount.ZERO, Amount.of(new BigDecimal("0E+5")));
        assertSame(Amount.ZERO, Amount.of(0));
        assertEquals(BigDecimal.ZERO, dec("0.00").value());
        assertEquals(0, dec("-0.0").value().scale());
        assertTrue(dec("0.0").isZero());
        assertEquals("0", dec("0.00").toWire());
    }

    @Test
    void largeRoundValuesHaveNoNegativeScale() {
        Amount a = Amount.of(new BigDecimal("1E+3"));
        assertEquals(0, a.value().scale());
        assertEquals("1000", a.toWire());
        assertEquals(Amount.of(1000), a);
        assertEquals(Amount.of(1000).hashCode(), a.hashCode());
        assertEquals("17179869184", Amount.of(17179869184L).toWire());
    }

    @Test
    void infinity() {
        assertTrue(Amount.INFINITE.isInfinite());
        assertFalse(Amount.INFINITE.isZero());
        assertEquals(1, Amount.INFINITE.signum());
        assertThrows(IllegalStateException.class, Amount.INFINITE::value);
        assertEquals("Infinity", Amount.INFINITE.toWire());
        assertEquals("Infinity", Amount.INFINITE.toString());
        assertEquals("inf", Amount.INFINITE.format(SlotKind.BYTES));
        assertFalse(Amount.of(Long.MAX_VALUE).isInfinite());
    }

    @Test
    void signum() {
        assertEquals(-1, Amount.of(-3).signum());
        assertEquals(0, Amount.ZERO.signum());
        assertEquals(1, dec("0.000001").signum());
    }

    // ------------------------------------------------------------ arithmetic

    @Test
    void finiteArithmeticIsExact() {
        assertEquals(dec("0.3"), dec("0.1").plus(dec("0.2")));
        assertEquals(dec("-0.5"), dec("1").minus(dec("1.5")));
        assertEquals(dec("1.5"), dec("0.5").times(new BigDecimal("3")));
        assertEquals(dec("0.0625"), dec("0.125").times(new BigDecimal("0.5")));
        assertEquals("0.000000001", dec("0.001").times(new BigDecimal("0.000001")).toWire());
        assertEquals("0.3", dec("0.1").plus(dec("0.2")).toWire());
        assertSame(Amount.ZERO, dec("1.5").minus(dec("1.50")));
    }

    @Test
    void infinityArithmetic() {
        assertSame(Amount.INFINITE, Amount.INFINITE.plus(Amount.of(5)));
        assertSame(Amount.INFINITE, Amount.of(5).plus(Amount.INFINITE));
        assertSame(Amount.INFINITE, Amount.INFINITE.plus(Amount.INFINITE));
        assertSame(Amount.INFINITE, Amount.INFINITE.plus(Amount.of(-5)));
        assertSame(Amount.INFINITE, Amount.INFINITE.minus(Amount.of(5)));
        assertThrows(ArithmeticException.class, () -> Amount.of(5).minus(Amount.INFINITE));
        assertThrows(ArithmeticException.class, () -> Amount.INFINITE.minus(Amount.INFINITE));
        assertSame(Amount.ZERO, Amount.INFINITE.times(BigDecimal.ZERO));
        assertSame(Amount.ZERO, Amount.INFINITE.times(new BigDecimal("0.00")));
        assertSame(Amount.INFINITE, Amount.INFINITE.times(new BigDecimal("0.001")));
        assertSame(Amount.ZERO, Amount.of(7).times(BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Amount.of(1).times(new BigDecimal("-1")));
        assertThrows(IllegalArgumentException.class,
                () -> Amount.INFINITE.times(new BigDecimal("-1")));
    }

    @Test
    void orderAndMinMax() {
        assertTrue(Amount.INFINITE.compareTo(Amount.of(Long.MAX_VALUE)) > 0);
        assertTrue(Amount.of(Long.MAX_VALUE).compareTo(Amount.INFINITE) < 0);
        assertEquals(0, Amount.INFINITE.compareTo(Amount.INFINITE));
        assertTrue(Amount.of(-1).compareTo(Amount.ZERO) < 0);
        assertEquals(0, dec("2.0").compareTo(Amount.of(2)));
        assertEquals(Amount.of(2), Amount.of(2).min(Amount.INFINITE));
        assertEquals(Amount.INFINITE, Amount.of(2).max(Amount.INFINITE));
        assertEquals(dec("0.5"), dec("0.5").min(Amount.of(1)));
        assertEquals(Amount.of(1), dec("0.5").max(Amount.of(1)));
        assertNotEquals(Amount.INFINITE, Amount.of(0));
        assertNotEquals(Amount.INFINITE.hashCode(), Amount.ZERO.hashCode());
    }

    // ------------------------------------------------------------ wire

    @ParameterizedTest
    @CsvSource({"4,4", "0.5,0.5", "4.50,4.5", "-3,-3", "0.000,0", "17179869184,17179869184",
            "007,7", "Infinity,Infinity"})
    void fromWire(String wire, String canonical) {
        Amount a = Amount.fromWire(wire);
        assertEquals(canonical, a.toWire());
        assertEquals(a, Amount.fromWire(a.toWire()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 4", "4 ", "+4", "1e3", "1E+3", "4g", "inf", "infinity",
            "INFINITY", "∞", ".5", "5.", "0x10", "NaN", "-", "--1", "4,5"})
    void fromWireRejectsEverythingElse(String wire) {
        SlotFormatException e =
                assertThrows(SlotFormatException.class, () -> Amount.fromWire(wire));
        assertNull(e.slot());
        assertTrue(e.getMessage().contains("'" + wire + "'"), e.getMessage());
    }

    @Test
    void fromWireRejectsNull() {
        SlotFormatException e =
                assertThrows(SlotFormatException.class, () -> Amount.fromWire(null));
        assertNull(e.slot());
    }

    // ------------------------------------------------------------ parse: numbers and infinity

    @ParameterizedTest
    @ValueSource(strings = {"inf", "INF", "Inf", "infinity", "Infinity", "INFINITY", "unlimited",
            "Unlimited", "∞", "  inf  ", "\tunlimited\n"})
    void infinitySpellings(String text) {
        for (SlotKind kind : SlotKind.values()) {
            assertSame(Amount.INFINITE, Amount.parse(text, kind, "s"));
        }
    }

    @ParameterizedTest
    @CsvSource({"4,4", "0.5,0.5", "4.50,4.5", "0,0", "0.000,0", "  2  ,2", "0.000001,0.000001",
            "0.1234560,0.123456", "007,7", "999999999999999999999999999999,999999999999999999999999999999"})
    void countValues(String text, String wire) {
        assertEquals(wire, Amount.parse(text, SlotKind.COUNT, "cpu").toWire());
    }

    @Test
    void countRejectsMoreThanSixDecimals() {
        SlotFormatException e = parseFails("0.1234567", SlotKind.COUNT);
        assertMessage(e, "'0.1234567'", "at most 6 decimal places");
    }

    @ParameterizedTest
    @CsvSource({"4g,4294967296", "4G,4294967296", "4gb,4294967296", "4GB,4294967296",
            "4GiB,4294967296", "4gib,4294967296", "4 g,4294967296", "4 GiB,4294967296",
            "512m,536870912", "512MiB,536870912", "1.5t,1649267441664", "1k,1024", "1KB,1024",
            "3p,3377699720527872", "1e,1152921504606846976", "2EiB,2305843009213693952",
            "4096,4096", "1b,1", "1 B,1", "0.5k,512", "0g,0", "1.0g,1073741824",
            "0.25k,256"})
    void bytesValues(String text, String wire) {
        assertEquals(wire, Amount.parse(text, SlotKind.BYTES, "mem").toWire());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "1.5b", "0.3k", "0.1"})
    void bytesMustBeWhole(String text) {
        assertMessage(parseFails(text, SlotKind.BYTES), "'" + text + "'",
                "must be a whole number of bytes");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2.0,2", "0,0", "12,12"})
    void uniqueValues(String text, String wire) {
        assertEquals(wire, Amount.parse(text, SlotKind.UNIQUE, "cuda.device").toWire());
    }

    @Test
    void uniqueMustBeWhole() {
        SlotFormatException e = parseFails("1.5", SlotKind.UNIQUE);
        assertMessage(e, "'1.5'", "must be a whole number");
        assertFalse(e.getMessage().contains("bytes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4g", "4k", "1b", "2 GiB", "1kb"})
    void unitsOnlyForBytes(String text) {
        for (SlotKind kind : new SlotKind[] {SlotKind.COUNT, SlotKind.UNIQUE}) {
            SlotFormatException e = parseFails(text, kind);
            assertMessage(e, "'" + text + "'", "units are only allowed for byte amounts");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4", "-0.5", "-4g", "- 4", "-inf", "-Infinity", " -1 "})
    void negativesAreRejected(String text) {
        for (SlotKind kind : SlotKind.values()) {
            SlotFormatException e = parseFails(text, kind);
            assertMessage(e, "'" + text.strip() + "'", "must not be negative");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4x", "abc", "+4", "1e3", "1E3", ".5", "5.", "4 4", "4..5", "4.5.6",
            "0x10", "NaN", "4ib", "4gg", "4 g b", "4bb", "4gi", "four", "-x", "--4", "4-", "4,5",
            "1_000", "∞∞", "infinite", "4\u00a0g", "٤"})
    void malformedInput(String text) {
        SlotFormatException e = parseFails(text, SlotKind.BYTES);
        assertMessage(e, "'" + text.strip() + "' is not an amount", "such as", "'inf'");
    }

    @Test
    void malformedMessagesGiveKindSpecificExamples() {
        assertEquals("'4x' is not an amount; use a number such as 4 or 0.5, or 'inf'",
                parseFails("4x", SlotKind.COUNT).getMessage());
        assertEquals("'4x' is not an amount; use a number of bytes such as 4096, 512m or 8g, or"
                + " 'inf'", parseFails("4x", SlotKind.BYTES).getMessage());
        assertEquals("'4x' is not an amount; use a whole number such as 1 or 2, or 'inf'",
                parseFails("4x", SlotKind.UNIQUE).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void emptyInput(String text) {
        SlotFormatException e = parseFails(text, SlotKind.COUNT);
        assertMessage(e, "empty", "such as 4");
    }

    @Test
    void nullInputIsEmpty() {
        assertMessage(parseFails(null, SlotKind.BYTES), "empty");
    }

    @Test
    void tooLongInput() {
        String ok = "1." + "0".repeat(62); // 64 characters
        assertEquals(Amount.of(1), Amount.parse(ok, SlotKind.COUNT, "cpu"));
        String tooLong = "1." + "0".repeat(63); // 65 characters
        SlotFormatException e = parseFails(tooLong, SlotKind.COUNT);
        assertMessage(e, "too long", "64");
        assertTrue(e.getMessage().length() < 120, "long input is not quoted in full");
        parseFails("x".repeat(10_000), SlotKind.COUNT);
    }

    @Test
    void tooLarge() {
        assertMessage(parseFails("1000000000000000000000000000000", SlotKind.COUNT), "too large");
        assertMessage(parseFails("1000000000000000000000000000000.5", SlotKind.COUNT),
                "too large");
        // 2^100 bytes = 2^40 e is above 10^30
        assertMessage(parseFails("1099511627776e", SlotKind.BYTES), "'1099511627776e' is too large");
        // 2^99 is just below
        assertEquals(new BigDecimal(java.math.BigInteger.TWO.pow(99)),
                Amount.parse("549755813888e", SlotKind.BYTES, "mem").value());
    }

    @Test
    void slotMayBeNull() {
        SlotFormatException e =
                assertThrows(SlotFormatException.class, () -> Amount.parse("x", SlotKind.COUNT, null));
        assertNull(e.slot());
    }

    @Test
    void parsedAmountsAreNormalized() {
        assertEquals(Amount.parse("4", SlotKind.COUNT, "cpu"),
                Amount.parse("4.0", SlotKind.COUNT, "cpu"));
        assertEquals(Amount.parse("4g", SlotKind.BYTES, "mem"),
                Amount.parse("4096m", SlotKind.BYTES, "mem"));
        assertEquals(0, Amount.parse("4.0", SlotKind.COUNT, "cpu").value().scale());
    }

    // ------------------------------------------------------------ format

    @ParameterizedTest
    @CsvSource({"8589934592,8g", "1610612736,1536m", "1000,1000", "0,0", "1024,1k", "1,1",
            "1152921504606846976,1e", "2305843009213693952,2e",
            "1180591620717411303424,1024e", "1649267441664,1536g"})
    void formatBytes(String value, String expected) {
        Amount a = dec(value);
        assertEquals(expected, a.format(SlotKind.BYTES));
        assertEquals(a, Amount.parse(a.format(SlotKind.BYTES), SlotKind.BYTES, "mem"));
    }

    @Test
    void formatOddBytesValues() {
        assertEquals("-8g", Amount.of(-8589934592L).format(SlotKind.BYTES));
        assertEquals("0.5", dec("0.5").format(SlotKind.BYTES));
    }

    @Test
    void formatCountAndUnique() {
        assertEquals("0.5", dec("0.50").format(SlotKind.COUNT));
        assertEquals("1024", Amount.of(1024).format(SlotKind.COUNT));
        assertEquals("1024", Amount.of(1024).format(SlotKind.UNIQUE));
        assertEquals("1000000", dec("1E+6").format(SlotKind.COUNT));
        assertEquals("inf", Amount.INFINITE.format(SlotKind.COUNT));
        assertEquals("inf", Amount.INFINITE.format(SlotKind.UNIQUE));
    }
}
