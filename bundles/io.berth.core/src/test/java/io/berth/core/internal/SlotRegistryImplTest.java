package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ValidationException;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import io.berth.spi.resource.SlotProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The built-in slots plus those of installed {@link SlotProvider}s, and parsing against them. */
class SlotRegistryImplTest {
    private static final Set<String> BUILT_IN = Set.of("cpu", "mem", "cuda.device", "cuda.shares");
    private final SlotRegistryImpl registry = new SlotRegistryImpl();

    private static SlotProvider provider(SlotDefinition... defs) {
        List<SlotDefinition> list = List.of(defs);
        return () -> list;
    }

    private static SlotDefinition def(String name, SlotKind kind) {
        return new SlotDefinition(name, kind, name, null);
    }

    @Test
    void builtInsArePresentWithTheirKindsAndPolicyMaxima() {
        Map<String, SlotDefinition> defs = registry.definitions();
        assertEquals(BUILT_IN, defs.keySet());
        assertEquals(List.of("cpu", "cuda.device", "cuda.shares", "mem"), List.copyOf(defs.keySet()), "sorted");
        assertEquals(SlotKind.COUNT, registry.kind("cpu"));
        assertEquals(SlotKind.BYTES, registry.kind("mem"));
        assertEquals(SlotKind.UNIQUE, registry.kind("cuda.device"));
        assertEquals(SlotKind.COUNT, registry.kind("cuda.shares"));
        assertEquals(0, new BigDecimal(512).compareTo(defs.get("cpu").policyMaximum()));
        assertEquals(0, BigDecimal.valueOf(1024L << 30).compareTo(defs.get("mem").policyMaximum()));
        assertEquals(0, new BigDecimal(64).compareTo(defs.get("cuda.device").policyMaximum()));
        assertEquals(0, new BigDecimal(256).compareTo(defs.get("cuda.shares").policyMaximum()));
        assertNull(registry.kind("rocm.device"));
        assertThrows(UnsupportedOperationException.class, () -> defs.put("x", def("x", SlotKind.COUNT)));
    }

    @Test
    void aProvidersSlotsComeAndGoWithIt() {
        SlotProvider rocm = provider(def("rocm.device", SlotKind.UNIQUE), def("rocm.mem", SlotKind.BYTES));
        ValidationException before = assertThrows(ValidationException.class,
                () -> registry.parse(Map.of("rocm.device", 1), "resource_slots"));
        assertEquals("resource_slots.rocm.device", before.field());
        registry.addProvider(rocm);
        assertEquals(SlotKind.UNIQUE, registry.kind("rocm.device"));
        assertEquals(SlotKind.BYTES, registry.kind("rocm.mem"));
        assertEquals(ResourceSlots.of(Map.of("rocm.device", Amount.of(2), "rocm.mem", Amount.of(8L << 30))),
                registry.parse(Map.of("rocm.device", 2, "rocm.mem", "8g"), "resource_slots"));
        registry.removeProvider(rocm);
        assertEquals(BUILT_IN, registry.definitions().keySet());
        assertNull(registry.kind("rocm.device"));
        assertThrows(ValidationException.class, () -> registry.parse(Map.of("rocm.device", 1), "resource_slots"));
        // removing it again, or one never added, changes nothing
        registry.removeProvider(rocm);
        registry.removeProvider(provider());
        assertEquals(BUILT_IN, registry.definitions().keySet());
    }

    @Test
    void twoProvidersAreIndependent() {
        SlotProvider a = provider(def("a.x", SlotKind.COUNT));
        SlotProvider b = provider(def("b.y", SlotKind.COUNT));
        registry.addProvider(a);
        registry.addProvider(b);
        registry.removeProvider(a);
        assertNull(registry.kind("a.x"));
        assertEquals(SlotKind.COUNT, registry.kind("b.y"));
    }

    @Test
    void builtInsWinOverAConflictingPluginDefinition() {
        SlotProvider rogue = provider(new SlotDefinition("cpu", SlotKind.BYTES, "Rogue CPU", BigDecimal.valueOf(1)),
                new SlotDefinition("cuda.device", SlotKind.COUNT, "Rogue GPU", null),
                def("rogue.extra", SlotKind.COUNT));
        registry.addProvider(rogue);
        assertEquals(SlotRegistryImpl.BUILT_IN.get(0), registry.definitions().get("cpu"));
        assertEquals(SlotKind.COUNT, registry.kind("cpu"));
        assertEquals(SlotKind.UNIQUE, registry.kind("cuda.device"));
        assertEquals(SlotKind.COUNT, registry.kind("rogue.extra"), "its other slots are still taken");
        // the built-in maximum still applies, the plugin's 1 does not
        assertEquals(Amount.of(512), registry.parse(Map.of("cpu", 512), "f").get("cpu"));
        assertThrows(ValidationException.class, () -> registry.parse(Map.of("cuda.device", "0.5"), "f"));
        registry.removeProvider(rogue);
        assertEquals(SlotRegistryImpl.BUILT_IN.get(0), registry.definitions().get("cpu"),
                "removing the plugin does not remove the built-in");
    }

    @Test
    void parseErrorsNameFieldDotSlot() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("mem", "4x");
        ValidationException x = assertThrows(ValidationException.class, () -> registry.parse(bad, "limits"));
        assertEquals("limits.mem", x.field());
        assertTrue(x.getMessage().contains("4x"), x.getMessage());
        bad.put("mem", -1);
        assertEquals("limits.mem", assertThrows(ValidationException.class, () -> registry.parse(bad, "limits"))
                .field());
        bad.put("mem", null);
        assertEquals("limits.mem", assertThrows(ValidationException.class, () -> registry.parse(bad, "limits"))
                .field());
    }

    @Test
    void anUnknownSlotIsNamedAndTheKnownOnesListed() {
        registry.addProvider(provider(def("tpu.core", SlotKind.COUNT)));
        ValidationException x = assertThrows(ValidationException.class,
                () -> registry.parse(Map.of("cpu", 1, "gpu", 1), "total_resource_slots"));
        assertEquals("total_resource_slots.gpu", x.field());
        assertTrue(x.getMessage().contains("'gpu'"), x.getMessage());
        assertTrue(x.getMessage().endsWith("known slots: cpu, cuda.device, cuda.shares, mem, tpu.core"),
                x.getMessage());
    }

    @Test
    void controlCharactersInAnUnknownSlotNameAreNotEchoed() {
        ValidationException x = assertThrows(ValidationException.class,
                () -> registry.parse(Map.of("bad\nname\u0007", 1), "f"));
        assertEquals("f.badname", x.field());
        assertTrue(!x.getMessage().contains("\n") && !x.getMessage().contains("\u0007"), x.getMessage());
    }

    @Test
    void atMostSixtyFourSlotsAreParsed() {
        Map<String, Object> many = new HashMap<>();
        IntStream.range(0, 65).forEach(i -> many.put("s" + i, 1));
        ValidationException x = assertThrows(ValidationException.class, () -> registry.parse(many, "f"));
        assertEquals("f", x.field());
        assertEquals(ResourceSlots.EMPTY, registry.parse(Map.of(), "f"));
    }

    @Test
    void aProviderThatThrowsIsIgnored() {
        SlotProvider broken = () -> {
            throw new IllegalStateException("not ready");
        };
        SlotProvider nulls = () -> null;
        SlotProvider nullEntry = () -> java.util.Arrays.asList(def("n.x", SlotKind.COUNT), null);
        registry.addProvider(broken);
        registry.addProvider(nulls);
        registry.addProvider(nullEntry);
        assertEquals(BUILT_IN, registry.definitions().keySet());
        registry.removeProvider(broken);
        registry.addProvider(provider(def("ok.x", SlotKind.COUNT)));
        assertEquals(SlotKind.COUNT, registry.kind("ok.x"), "other providers still work");
    }

    @Test
    void aProviderIsAskedOnceAndLaterChangesOfItsListDoNotLeakIn() {
        List<SlotDefinition> mutable = new ArrayList<>(List.of(def("m.x", SlotKind.COUNT)));
        int[] calls = {0};
        SlotProvider p = () -> {
            calls[0]++;
            return mutable;
        };
        registry.addProvider(p);
        mutable.add(def("m.y", SlotKind.COUNT));
        registry.definitions();
        registry.parse(Map.of("m.x", 1), "f");
        assertEquals(1, calls[0]);
        assertNull(registry.kind("m.y"));
    }

    @Property(tries = 200)
    void parseAgreesWithTheKindOfEveryBuiltIn(@ForAll @LongRange(min = 0, max = 1L << 40) long bytes,
            @ForAll @IntRange(min = 0, max = 1_000_000) int millis, @ForAll @IntRange(min = 0, max = 64) int devices) {
        BigDecimal cpu = BigDecimal.valueOf(millis, 3);
        ResourceSlots s = registry.parse(Map.of("mem", bytes, "cpu", cpu.toPlainString(), "cuda.device", devices),
                "f");
        assertEquals(Amount.of(bytes), s.get("mem"));
        assertEquals(Amount.of(cpu), s.get("cpu"));
        assertEquals(Amount.of(devices), s.get("cuda.device"));
        // what format writes, parse reads back
        Map<String, Object> text = s.asMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().format(registry.kind(e.getKey()))));
        assertEquals(s, registry.parse(text, "f"));
    }
}
