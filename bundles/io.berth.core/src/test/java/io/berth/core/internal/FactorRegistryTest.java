package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.testing.FakeSecondFactor;
import io.berth.spi.auth.SecondFactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The installed factors by their {@value SecondFactor#PROPERTY} service property. */
class FactorRegistryTest {
    private final FactorRegistry registry = new FactorRegistry();

    private static Map<String, Object> props(Object name) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.id", 42L);
        m.put(SecondFactor.PROPERTY, name);
        return m;
    }

    @Test
    void emptyAtFirst() {
        assertEquals(List.of(), registry.names());
        assertEquals(Optional.empty(), registry.get("totp"));
        assertEquals(Optional.empty(), registry.get(null));
    }

    @Test
    void factorsAreFoundByNameAndListedSorted() {
        FakeSecondFactor totp = new FakeSecondFactor("totp");
        FakeSecondFactor hotp = new FakeSecondFactor("hotp");
        FakeSecondFactor web = new FakeSecondFactor("web-authn2");
        registry.addFactor(web, web.properties());
        registry.addFactor(totp, totp.properties());
        registry.addFactor(hotp, hotp.properties());
        assertEquals(List.of("hotp", "totp", "web-authn2"), registry.names());
        assertSame(totp, registry.get("totp").orElseThrow());
        assertSame(web, registry.get("web-authn2").orElseThrow());
        assertEquals(Optional.empty(), registry.get("TOTP"));
    }

    @Test
    void missingOrInvalidNamesAreIgnored() {
        FakeSecondFactor f = new FakeSecondFactor("x");
        Map<String, Object> none = new HashMap<>(Map.of("service.id", 1L));
        registry.addFactor(f, none);
        for (Object bad : new Object[] {null, "", "TOTP", "Totp", "1totp", "-totp", "to tp", "to_tp", "totp\n",
                "tötp", "a".repeat(33), 42, List.of("totp"), new String[] {"totp"}}) {
            registry.addFactor(f, props(bad));
        }
        assertEquals(List.of(), registry.names());
        // the longest and shortest valid names
        registry.addFactor(f, props("a".repeat(32)));
        registry.addFactor(new FakeSecondFactor("b"), props("b"));
        registry.addFactor(new FakeSecondFactor("c"), props("c-1"));
        assertEquals(List.of("a".repeat(32), "b", "c-1"), registry.names());
        // removing with invalid properties removes nothing
        registry.removeFactor(f, none);
        registry.removeFactor(f, props("A".repeat(32)));
        assertEquals(3, registry.names().size());
    }

    @Test
    void aDuplicateNameKeepsTheFirst() {
        FakeSecondFactor first = new FakeSecondFactor("totp");
        FakeSecondFactor second = new FakeSecondFactor("totp");
        registry.addFactor(first, first.properties());
        registry.addFactor(second, second.properties());
        assertSame(first, registry.get("totp").orElseThrow());
        assertEquals(List.of("totp"), registry.names());
        // adding the same instance twice changes nothing
        registry.addFactor(first, first.properties());
        assertSame(first, registry.get("totp").orElseThrow());
    }

    @Test
    void removalRemovesOnlyTheSameInstance() {
        FakeSecondFactor first = new FakeSecondFactor("totp");
        FakeSecondFactor second = new FakeSecondFactor("totp");
        FakeSecondFactor other = new FakeSecondFactor("hotp");
        registry.addFactor(first, first.properties());
        registry.addFactor(other, other.properties());
        // an ignored duplicate going away leaves the installed one
        registry.addFactor(second, second.properties());
        registry.removeFactor(second, second.properties());
        assertSame(first, registry.get("totp").orElseThrow());
        // an instance removed under another factor's name removes nothing
        registry.removeFactor(other, first.properties());
        registry.removeFactor(first, other.properties());
        assertSame(first, registry.get("totp").orElseThrow());
        assertSame(other, registry.get("hotp").orElseThrow());
        registry.removeFactor(first, first.properties());
        assertEquals(List.of("hotp"), registry.names());
        // removing again is harmless
        registry.removeFactor(first, first.properties());
        assertEquals(List.of("hotp"), registry.names());
    }

    @Test
    void whenTheFirstGoesAStillRegisteredDuplicateTakesOver() {
        // both services stay registered in OSGi: login must not stop asking for the factor
        FakeSecondFactor first = new FakeSecondFactor("totp");
        FakeSecondFactor second = new FakeSecondFactor("totp");
        registry.addFactor(first, first.properties());
        registry.addFactor(second, second.properties());
        registry.removeFactor(first, first.properties());
        assertSame(second, registry.get("totp").orElseThrow());
        registry.removeFactor(second, second.properties());
        assertTrue(registry.get("totp").isEmpty());
    }

    @Test
    void aFactorReRegisteredUnderAnotherNameMovesOnlyWhenRemovedUnderTheOld() {
        FakeSecondFactor f = new FakeSecondFactor("totp");
        registry.addFactor(f, props("totp"));
        registry.removeFactor(f, props("totp"));
        registry.addFactor(f, props("otp"));
        assertEquals(List.of("otp"), registry.names());
    }
}
