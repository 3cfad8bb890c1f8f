package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotFormatException;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** The built-in slots plus one plugin slot; parses like core does (errors name {@code field.slot}). */
final class FakeSlotRegistry implements SlotRegistry {
    static final FakeSlotRegistry INSTANCE = new FakeSlotRegistry();

    private final Map<String, SlotDefinition> definitions = new TreeMap<>(Map.of(
            "cpu", new SlotDefinition("cpu", SlotKind.COUNT, "CPU cores", BigDecimal.valueOf(512)),
            "mem", new SlotDefinition("mem", SlotKind.BYTES, "Memory", BigDecimal.valueOf(1024L << 30)),
            "cuda.device", new SlotDefinition("cuda.device", SlotKind.UNIQUE, "CUDA GPU", BigDecimal.valueOf(64)),
            "cuda.shares", new SlotDefinition("cuda.shares", SlotKind.COUNT, "CUDA fractional GPU",
                    BigDecimal.valueOf(256)),
            "mock.npu", new SlotDefinition("mock.npu", SlotKind.UNIQUE, "Mock NPU", null)));

    @Override
    public Map<String, SlotDefinition> definitions() {
        return definitions;
    }

    @Override
    public SlotKind kind(String slot) {
        SlotDefinition d = definitions.get(slot);
        return d == null ? null : d.kind();
    }

    @Override
    public ResourceSlots parse(Map<String, ?> raw, String field) {
        try {
            return ResourceSlots.parse(raw, this::kind);
        } catch (SlotFormatException e) {
            throw new ValidationException(e.getMessage(), e.slot() == null ? field : field + "." + e.slot());
        }
    }

    /** {@code null} stays null; otherwise like core's parse of one raw amount. */
    ResourceSlots parseOrNull(Map<String, ?> raw, String field) {
        return raw == null ? null : parse(raw, field);
    }

    /** One raw amount (text or number) of the given kind, or null. */
    static Amount amount(Object raw, SlotKind kind, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return Amount.parse(raw.toString(), kind, null);
        } catch (SlotFormatException e) {
            throw new ValidationException(e.getMessage(), field);
        }
    }
}
