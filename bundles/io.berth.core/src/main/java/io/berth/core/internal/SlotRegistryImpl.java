package io.berth.core.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotFormatException;
import io.berth.spi.resource.SlotKind;
import io.berth.spi.resource.SlotProvider;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Built-in slots plus those of every installed {@link SlotProvider}. The built-ins carry the policy
 * maxima of SPEC P1; {@code cuda.device} and {@code cuda.shares} are built in because policies and
 * presets name them whether or not a GPU plugin is installed at the moment.
 */
@Component(service = SlotRegistry.class)
public final class SlotRegistryImpl implements SlotRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SlotRegistryImpl.class);
    public static final List<SlotDefinition> BUILT_IN = List.of(
            new SlotDefinition("cpu", SlotKind.COUNT, "CPU cores", BigDecimal.valueOf(512)),
            new SlotDefinition("mem", SlotKind.BYTES, "Memory", BigDecimal.valueOf(1024L << 30)),
            new SlotDefinition("cuda.device", SlotKind.UNIQUE, "CUDA GPU", BigDecimal.valueOf(64)),
            new SlotDefinition("cuda.shares", SlotKind.COUNT, "CUDA fractional GPU", BigDecimal.valueOf(256)));

    /** In arrival order: when two plugins declare one slot, the earlier one's definition stands. */
    private final Map<SlotProvider, List<SlotDefinition>> providers = new LinkedHashMap<>();
    private volatile Map<String, SlotDefinition> merged = merge(Map.of());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public synchronized void addProvider(SlotProvider p) {
        List<SlotDefinition> defs;
        try {
            defs = List.copyOf(p.slotDefinitions());
        } catch (RuntimeException e) {
            LOG.warn("slot provider {} failed to list its slots: {}", p.getClass().getName(), e.toString());
            return;
        }
        providers.put(p, defs);
        merged = merge(providers);
    }

    public synchronized void removeProvider(SlotProvider p) {
        if (providers.remove(p) != null) {
            merged = merge(providers);
        }
    }

    /** Built-ins win over a plugin redefining them, so policy maxima stay those of the SPEC. */
    private static Map<String, SlotDefinition> merge(Map<SlotProvider, List<SlotDefinition>> from) {
        Map<String, SlotDefinition> m = new TreeMap<>();
        for (List<SlotDefinition> defs : from.values()) {
            for (SlotDefinition d : defs) {
                SlotDefinition before = m.putIfAbsent(d.name(), d);
                if (before != null && before.kind() != d.kind()) {
                    LOG.warn("slot {} is declared as {} and as {}; keeping {}", d.name(), before.kind(), d.kind(),
                            before.kind());
                }
            }
        }
        for (SlotDefinition d : BUILT_IN) {
            m.put(d.name(), d);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Map<String, SlotDefinition> definitions() {
        return merged;
    }

    @Override
    public SlotKind kind(String slot) {
        SlotDefinition d = merged.get(slot);
        return d == null ? null : d.kind();
    }

    @Override
    public ResourceSlots parse(Map<String, ?> raw, String field) {
        if (raw.size() > 64) {
            throw new ValidationException("at most 64 resource slots may be given", field);
        }
        Map<String, SlotDefinition> known = merged;
        try {
            return ResourceSlots.parse(raw, s -> {
                SlotDefinition d = known.get(s);
                return d == null ? null : d.kind();
            });
        } catch (SlotFormatException e) {
            String slot = e.slot();
            String message = e.getMessage();
            if (slot != null && !known.containsKey(slot)) {
                message = "unknown resource slot '" + Rules.printable(slot) + "'; known slots: "
                        + String.join(", ", known.keySet());
            }
            throw new ValidationException(message, slot == null ? field : field + "." + Rules.printable(slot));
        }
    }
}
