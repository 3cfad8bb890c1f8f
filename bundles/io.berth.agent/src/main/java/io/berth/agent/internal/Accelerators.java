package io.berth.agent.internal;

import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accelerator plugins bound now, keyed by their {@value AcceleratorPlugin#PROPERTY} service
 * property. Plugins come and go at any time; every method works on a snapshot, and a plugin that
 * throws is skipped (logged once per distinct failure).
 */
final class Accelerators {
    private static final Logger LOG = LoggerFactory.getLogger(Accelerators.class);

    /** One device as the agent reports it; −1 for unknown usage figures. */
    record DeviceReport(String plugin, String id, String model, long memoryBytes, ResourceSlots capacity,
            double utilisationPercent, long memoryUsedBytes) {
    }

    private final ConcurrentHashMap<String, AcceleratorPlugin> plugins = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> lastFailure = new ConcurrentHashMap<>();

    void add(String key, AcceleratorPlugin plugin) {
        AcceleratorPlugin previous = plugins.put(key, plugin);
        lastFailure.remove(key);
        if (previous != null && previous != plugin) {
            LOG.warn("Accelerator plugin {} registered twice; the later one replaces the earlier", key);
        } else {
            LOG.info("Accelerator plugin {} bound", key);
        }
    }

    void remove(String key, AcceleratorPlugin plugin) {
        if (plugins.remove(key, plugin)) {
            LOG.info("Accelerator plugin {} unbound", key);
        }
    }

    /** @return the plugins now, sorted by key */
    SortedMap<String, AcceleratorPlugin> snapshot() {
        return new TreeMap<>(plugins);
    }

    /** @return the slots a plugin offers (its definitions' names); empty when it fails */
    Set<String> slotsOf(String key, AcceleratorPlugin plugin) {
        Set<String> slots = new TreeSet<>();
        try {
            for (SlotDefinition d : plugin.slotDefinitions()) {
                slots.add(d.name());
            }
        } catch (RuntimeException e) {
            failed(key, "slotDefinitions", e);
        }
        return slots;
    }

    /** @return the sum of every device's capacity over all plugins */
    ResourceSlots capacity() {
        ResourceSlots sum = ResourceSlots.EMPTY;
        for (Map.Entry<String, AcceleratorPlugin> e : snapshot().entrySet()) {
            for (Device d : devices(e.getKey(), e.getValue())) {
                sum = sum.plus(d.capacity());
            }
        }
        return sum;
    }

    /** @return every plugin's devices with their live use, by plugin key then device order */
    List<DeviceReport> devices() {
        List<DeviceReport> out = new ArrayList<>();
        for (Map.Entry<String, AcceleratorPlugin> e : snapshot().entrySet()) {
            List<Device> devices = devices(e.getKey(), e.getValue());
            if (devices.isEmpty()) {
                continue;
            }
            Map<String, DeviceUsage> usage;
            try {
                usage = e.getValue().usage();
            } catch (RuntimeException ex) {
                failed(e.getKey(), "usage", ex);
                usage = Map.of();
            }
            for (Device d : devices) {
                DeviceUsage u = usage == null ? null : usage.get(d.id());
                out.add(new DeviceReport(e.getKey(), d.id(), d.model(), d.memoryBytes(), d.capacity(),
                        u == null ? -1 : u.utilisationPercent(), u == null ? -1 : u.memoryUsedBytes()));
            }
        }
        return out;
    }

    private List<Device> devices(String key, AcceleratorPlugin plugin) {
        try {
            List<Device> devices = plugin.devices();
            return devices == null ? List.of() : devices;
        } catch (RuntimeException e) {
            failed(key, "devices", e);
            return List.of();
        }
    }

    private void failed(String key, String what, RuntimeException e) {
        String message = what + ": " + e;
        if (!message.equals(lastFailure.put(key, message))) {
            LOG.warn("Accelerator plugin {} failed in {}; its devices are left out", key, what, e);
        }
    }
}
