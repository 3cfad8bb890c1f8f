package io.berth.accelerator.mock.internal;

import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceAllocator;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import io.berth.spi.resource.SlotProvider;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A fake CUDA accelerator ({@code berth.accelerator=cuda-mock}) for hosts without GPUs: its devices
 * come from configuration, and it offers the <em>same</em> slots as the {@code cuda} plugin
 * ({@code cuda.device} for whole devices, or {@code cuda.shares} in fractional mode) with the same
 * allocation rules, so that scheduling, accounting and container settings can be tested anywhere.
 * Install it instead of the {@code cuda} plugin, not beside it.
 *
 * <p>{@link #usage()} reports fixed figures: device number {@code i} (its position in the
 * configuration) is {@code 10 × (i mod 10)} percent busy and uses {@code (i mod 8)} eighths of its
 * memory. Containers get environment variables only, no device requests, so they run on any Docker
 * host: {@code BERTH_MOCK_DEVICES} (the device ids), {@code CUDA_VISIBLE_DEVICES} (their positions)
 * and, for shares, {@code BERTH_CUDA_SHARES} ({@code <id>=<shares>,…}) as the {@code cuda} plugin
 * sets it.
 *
 * <p>Changing the configuration re-registers the service (there is deliberately no
 * {@code @Modified} method), so consumers see the slots of the new mode.
 */
@Component(service = {AcceleratorPlugin.class, SlotProvider.class},
        property = {AcceleratorPlugin.PROPERTY + "=" + MockAccelerator.KEY, "berth.slots=" + MockAccelerator.KEY},
        configurationPid = MockAccelerator.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MockAccelerator.Config.class)
public final class MockAccelerator implements AcceleratorPlugin {
    static final String KEY = "cuda-mock";
    static final String PID = "io.berth.accelerator.mock";
    static final String DEVICE = "cuda.device";
    static final String SHARES = "cuda.shares";
    static final SlotDefinition DEVICE_SLOT =
            new SlotDefinition(DEVICE, SlotKind.UNIQUE, "CUDA GPU", BigDecimal.valueOf(64));
    static final SlotDefinition SHARES_SLOT =
            new SlotDefinition(SHARES, SlotKind.COUNT, "CUDA fractional GPU", BigDecimal.valueOf(256));

    /** Configuration {@value #PID}; Karaf keeps it in {@code etc/io.berth.accelerator.mock.cfg}. */
    @ObjectClassDefinition(name = "Berth mock CUDA accelerator",
            description = "Fake GPUs from configuration, for hosts without GPUs")
    public @interface Config {
        @AttributeDefinition(description = "a count (2: mock-gpu-0 and mock-gpu-1 with 16 GiB each) or a list of "
                + "id or id:memory, e.g. mock-gpu-0:16g,mock-gpu-1:80g; empty for none; at most 64")
        String devices() default "2";

        @AttributeDefinition(description = "whole: devices are allocated whole (slot cuda.device); fractional: "
                + "devices are divided into shares (slot cuda.shares)",
                options = {@Option(label = "whole", value = "whole"), @Option(label = "fractional", value = "fractional")})
        String mode() default "whole";

        @AttributeDefinition(description = "fractional mode: pack fills the fullest device that fits, spread uses "
                + "the emptiest", options = {@Option(label = "pack", value = "pack"), @Option(label = "spread", value = "spread")})
        String strategy() default "pack";

        @AttributeDefinition(description = "fractional mode: shares per device, a multiple of 0.01 up to 256")
        String shares__per__device() default "1";
    }

    private final MockSettings settings;
    private final DeviceAllocator allocator;
    private final List<SlotDefinition> slots;
    private final Map<String, Integer> indexOf = new LinkedHashMap<>();

    @Activate
    public MockAccelerator(Config config) {
        this(MockSettings.of(config.devices(), config.mode(), config.strategy(), config.shares__per__device()));
    }

    MockAccelerator(MockSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.allocator = settings.allocator();
        this.slots = List.of(settings.fractional() ? SHARES_SLOT : DEVICE_SLOT);
        for (int i = 0; i < settings.devices().size(); i++) {
            indexOf.put(settings.devices().get(i).id(), i);
        }
    }

    @Override
    public List<SlotDefinition> slotDefinitions() {
        return slots;
    }

    @Override
    public List<Device> devices() {
        return settings.devices();
    }

    @Override
    public Map<String, DeviceUsage> usage() {
        Map<String, DeviceUsage> usage = new LinkedHashMap<>();
        for (int i = 0; i < settings.devices().size(); i++) {
            Device d = settings.devices().get(i);
            usage.put(d.id(), new DeviceUsage(10.0 * (i % 10), d.memoryBytes() / 8 * (i % 8), d.memoryBytes()));
        }
        return Collections.unmodifiableMap(usage);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A request for the slot of the other mode does not fit, as with the {@code cuda} plugin.
     */
    @Override
    public Optional<Allocation> allocate(ResourceSlots request, List<Allocation> existing) {
        String other = settings.fractional() ? DEVICE : SHARES;
        if (request.get(other, Amount.ZERO).signum() > 0) {
            return Optional.empty();
        }
        return allocator.allocate(settings.devices(), request, existing);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also when the allocation names a device this mock does not
     *                                  have (its configuration changed since)
     */
    @Override
    public ContainerSettings containerSettings(Allocation allocation) {
        if (!KEY.equals(allocation.plugin())) {
            throw new IllegalArgumentException("allocation of plugin " + allocation.plugin() + " is not one of " + KEY);
        }
        if (allocation.perDevice().isEmpty()) {
            return ContainerSettings.EMPTY;
        }
        StringJoiner ids = new StringJoiner(",");
        StringJoiner indexes = new StringJoiner(",");
        StringJoiner shares = new StringJoiner(",");
        allocation.perDevice().forEach((id, amounts) -> {
            Integer index = indexOf.get(id);
            if (index == null) {
                throw new IllegalArgumentException("mock device " + id + " is not configured (devices: "
                        + String.join(",", indexOf.keySet()) + ")");
            }
            ids.add(id);
            indexes.add(index.toString());
            Amount s = amounts.get(SHARES);
            if (s != null && !s.isZero()) {
                shares.add(id + "=" + s.toWire());
            }
        });
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BERTH_MOCK_DEVICES", ids.toString());
        env.put("CUDA_VISIBLE_DEVICES", indexes.toString());
        if (shares.length() > 0) {
            env.put("BERTH_CUDA_SHARES", shares.toString());
        }
        return new ContainerSettings(List.of(), env, List.of(), List.of());
    }

    @Override
    public String toString() {
        return "MockAccelerator[" + allocator + ", " + settings.devices().size() + " devices]";
    }
}
