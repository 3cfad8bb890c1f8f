package io.berth.agent.internal;

import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A whole-device accelerator plugin ({@code fake.device}) with a fixed list of devices. */
class FakeAccelerator implements AcceleratorPlugin {
    static final String SLOT = "fake.device";

    private final String key;
    private final List<Device> devices;
    private final Map<String, DeviceUsage> usage;

    FakeAccelerator(String key, int count, Map<String, DeviceUsage> usage) {
        this.key = key;
        List<Device> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Device(key + i, "Fake Accelerator", ResourceSlots.EMPTY.with(SLOT, Amount.of(1)),
                    1L << 30, Map.of("index", String.valueOf(i))));
        }
        this.devices = List.copyOf(list);
        this.usage = Map.copyOf(usage);
    }

    @Override
    public List<SlotDefinition> slotDefinitions() {
        return List.of(new SlotDefinition(SLOT, SlotKind.UNIQUE, "Fake device", BigDecimal.valueOf(8)));
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public Map<String, DeviceUsage> usage() {
        return usage;
    }

    @Override
    public Optional<Allocation> allocate(ResourceSlots request, List<Allocation> existing) {
        Amount wanted = request.get(SLOT, Amount.ZERO);
        Set<String> busy = new HashSet<>();
        for (Allocation a : existing) {
            if (a.plugin().equals(key)) {
                busy.addAll(a.perDevice().keySet());
            }
        }
        Map<String, ResourceSlots> chosen = new LinkedHashMap<>();
        int n = wanted.value().intValueExact();
        for (Device d : devices) {
            if (chosen.size() == n) {
                break;
            }
            if (!busy.contains(d.id())) {
                chosen.put(d.id(), ResourceSlots.EMPTY.with(SLOT, Amount.of(1)));
            }
        }
        return chosen.size() == n ? Optional.of(new Allocation(key, chosen)) : Optional.empty();
    }

    @Override
    public ContainerSettings containerSettings(Allocation allocation) {
        if (!allocation.plugin().equals(key)) {
            throw new IllegalArgumentException("not mine: " + allocation.plugin());
        }
        return new ContainerSettings(List.of(),
                Map.of("FAKE_VISIBLE_DEVICES", String.join(",", allocation.perDevice().keySet())), List.of(),
                List.of());
    }
}
