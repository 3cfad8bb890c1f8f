package io.berth.spi.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotDefinitionTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "mem", "cuda.shares", "cuda.device", "a", "x1", "a_b-c.d9",
            "rocm.gpu.mem"})
    void validNames(String name) {
        assertEquals(name, new SlotDefinition(name, SlotKind.COUNT, name, null).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CPU", "Cpu", "1cpu", "_cpu", "-cpu", "cuda.", ".cuda", "cuda..x",
            "cuda.1x", "cu da", "cpu!", "mem/x", "ü"})
    void invalidNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlotDefinition(name, SlotKind.COUNT, "x", null));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void nameLengthLimit() {
        String ok = "a".repeat(64);
        assertEquals(ok, new SlotDefinition(ok, SlotKind.BYTES, "x", null).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlotDefinition("a".repeat(65), SlotKind.BYTES, "x", null));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class,
                () -> new SlotDefinition(null, SlotKind.COUNT, "x", null));
        assertThrows(NullPointerException.class, () -> new SlotDefinition("cpu", null, "x", null));
        assertThrows(NullPointerException.class,
                () -> new SlotDefinition("cpu", SlotKind.COUNT, null, null));
    }

    @Test
    void policyMaximum() {
        assertNull(new SlotDefinition("cpu", SlotKind.COUNT, "CPU", null).policyMaximum());
        assertEquals(BigDecimal.ZERO,
                new SlotDefinition("cpu", SlotKind.COUNT, "CPU", new BigDecimal("0.00"))
                        .policyMaximum());
        assertThrows(IllegalArgumentException.class,
                () -> new SlotDefinition("cpu", SlotKind.COUNT, "CPU", new BigDecimal("-1")));
        SlotDefinition a = new SlotDefinition("cpu", SlotKind.COUNT, "CPU", new BigDecimal("4.0"));
        SlotDefinition b = new SlotDefinition("cpu", SlotKind.COUNT, "CPU", new BigDecimal("4"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("4", a.policyMaximum().toPlainString());
    }

    @Test
    void slotFormatException() {
        SlotFormatException e = new SlotFormatException("mem", "bad");
        assertEquals("mem", e.slot());
        assertEquals("bad", e.getMessage());
        assertNull(new SlotFormatException(null, "m").slot());
        assertTrue(e instanceof IllegalArgumentException);
    }
}
