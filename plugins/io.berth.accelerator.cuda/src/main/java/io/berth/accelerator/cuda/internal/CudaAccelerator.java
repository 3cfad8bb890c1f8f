package io.berth.accelerator.cuda.internal;

import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.accelerator.ContainerSettings.DeviceRequest;
import io.berth.spi.accelerator.Device;
import io.berth.spi.accelerator.DeviceAllocator;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import io.berth.spi.resource.SlotProvider;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cuda} accelerator: the host's NVIDIA GPUs, found with {@code nvidia-smi}, offered as
 * whole GPUs ({@code cuda.device}) or, in fractional mode, as shares of GPUs ({@code cuda.shares},
 * by default 1 share per GPU, handed out in steps of 0.01).
 *
 * <p>Discovery runs {@code nvidia-smi} on the first {@link #devices()} call and again on every
 * {@link #usage()} call (which the agent makes with its heartbeats); {@link #allocate} uses the
 * last list. Without {@code nvidia-smi}, or when it fails, the host has no GPUs; that is logged
 * once at INFO, and again only after GPUs were seen in between.
 *
 * <p>Containers get a Docker device request for the allocated GPUs (driver {@code nvidia},
 * capability {@code gpu}, the GPUs' UUIDs) and {@code NVIDIA_VISIBLE_DEVICES}; a container without
 * GPUs gets {@code NVIDIA_VISIBLE_DEVICES=void}, so that even on a host whose default Docker runtime
 * is {@code nvidia} a CUDA image sees no GPU. With shares, the container also gets
 * {@code BERTH_CUDA_SHARES} ({@code <uuid>=<shares>,…}) and, where the GPU's memory is known,
 * {@code BERTH_CUDA_MEMORY_LIMITS} ({@code <uuid>=<bytes>,…}, the shares' part of the GPU's
 * memory). <b>Shares are accounting only:</b> Berth does not ship a CUDA hook library, so nothing
 * inside the container enforces these limits; processes of a container holding 0.5 shares can use
 * the whole GPU unless such a library (reading these variables) is installed in the image.
 *
 * <p>Changing the configuration re-registers the service (there is deliberately no
 * {@code @Modified} method), so consumers see the slots of the new mode.
 */
@Component(service = {AcceleratorPlugin.class, SlotProvider.class},
        property = {AcceleratorPlugin.PROPERTY + "=" + CudaAccelerator.KEY, "berth.slots=" + CudaAccelerator.KEY},
        configurationPid = CudaAccelerator.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CudaAccelerator.Config.class)
public final class CudaAccelerator implements AcceleratorPlugin {
    static final String KEY = "cuda";
    static final String PID = "io.berth.accelerator.cuda";
    static final String DEVICE = "cuda.device";
    static final String SHARES = "cuda.shares";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final SlotDefinition DEVICE_SLOT =
            new SlotDefinition(DEVICE, SlotKind.UNIQUE, "CUDA GPU", BigDecimal.valueOf(64));
    static final SlotDefinition SHARES_SLOT =
            new SlotDefinition(SHARES, SlotKind.COUNT, "CUDA fractional GPU", BigDecimal.valueOf(256));

    private static final Logger LOG = LoggerFactory.getLogger(CudaAccelerator.class);
    private static final long MIB = 1L << 20;

    /** Configuration {@value #PID}; Karaf keeps it in {@code etc/io.berth.accelerator.cuda.cfg}. */
    @ObjectClassDefinition(name = "Berth CUDA accelerator",
            description = "NVIDIA GPUs as whole devices or fractional shares")
    public @interface Config {
        @AttributeDefinition(description = "whole: GPUs are allocated whole (slot cuda.device); fractional: GPUs "
                + "are divided into shares (slot cuda.shares)",
                options = {@Option(label = "whole", value = "whole"), @Option(label = "fractional", value = "fractional")})
        String mode() default "whole";

        @AttributeDefinition(description = "fractional mode: pack fills the fullest GPU that fits, spread uses "
                + "the emptiest", options = {@Option(label = "pack", value = "pack"), @Option(label = "spread", value = "spread")})
        String strategy() default "pack";

        @AttributeDefinition(description = "fractional mode: shares per GPU, a multiple of 0.01 up to 256")
        String shares__per__device() default "1";

        @AttributeDefinition(description = "the nvidia-smi program: a path, or a name looked up on the PATH")
        String nvidia__smi() default "nvidia-smi";
    }

    private final CudaSettings settings;
    private final GpuSource source;
    private final DeviceAllocator allocator;
    private final List<SlotDefinition> slots;
    private volatile List<Device> devices;
    /** Whether the last discovery failed, so that a failure is logged once. */
    private boolean failing;

    @Activate
    public CudaAccelerator(Config config) {
        this(CudaSettings.of(config.mode(), config.strategy(), config.shares__per__device(), config.nvidia__smi()));
    }

    private CudaAccelerator(CudaSettings settings) {
        this(settings, new NvidiaSmi(settings.nvidiaSmi(), TIMEOUT));
    }

    CudaAccelerator(CudaSettings settings, GpuSource source) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.source = Objects.requireNonNull(source, "source");
        this.allocator = settings.allocator();
        this.slots = List.of(settings.fractional() ? SHARES_SLOT : DEVICE_SLOT);
    }

    @Override
    public List<SlotDefinition> slotDefinitions() {
        return slots;
    }

    @Override
    public List<Device> devices() {
        List<Device> known = devices;
        if (known == null) {
            discover();
            known = devices;
        }
        return known;
    }

    @Override
    public Map<String, DeviceUsage> usage() {
        Map<String, DeviceUsage> usage = new LinkedHashMap<>();
        for (Gpu g : discover()) {
            if (g.utilisation() >= 0 && g.memoryUsedMiB() >= 0 && g.memoryTotalMiB() >= 0) {
                usage.put(g.uuid(), new DeviceUsage(g.utilisation(), g.memoryUsedMiB() * MIB,
                        g.memoryTotalMiB() * MIB));
            }
        }
        return java.util.Collections.unmodifiableMap(usage);
    }

    /** Asks the driver, updates {@link #devices} and returns the GPUs found. */
    private synchronized List<Gpu> discover() {
        GpuSource.Result result = source.query();
        if (result.failure() != null) {
            if (!failing) {
                LOG.info("No NVIDIA GPUs on this host: {}", result.failure());
                failing = true;
            } else {
                LOG.debug("Still no NVIDIA GPUs: {}", result.failure());
            }
        } else if (failing) {
            LOG.info("nvidia-smi answers again: {} NVIDIA GPU(s)", result.gpus().size());
            failing = false;
        }
        List<Device> found = new ArrayList<>();
        ResourceSlots capacity = ResourceSlots.EMPTY.with(settings.slot(),
                settings.fractional() ? Amount.of(settings.sharesPerDevice()) : Amount.of(1));
        for (Gpu g : result.gpus()) {
            found.add(new Device(g.uuid(), g.name(), capacity, Math.max(0, g.memoryTotalMiB()) * MIB,
                    Map.of("index", Integer.toString(g.index()))));
        }
        devices = List.copyOf(found);
        return result.gpus();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A request for the slot of the other mode ({@code cuda.shares} while GPUs are whole, or
     * {@code cuda.device} while they are shared) does not fit.
     */
    @Override
    public Optional<Allocation> allocate(ResourceSlots request, List<Allocation> existing) {
        String other = settings.fractional() ? DEVICE : SHARES;
        if (request.get(other, Amount.ZERO).signum() > 0) {
            return Optional.empty();
        }
        return allocator.allocate(devices(), request, existing);
    }

    @Override
    public ContainerSettings containerSettings(Allocation allocation) {
        if (!KEY.equals(allocation.plugin())) {
            throw new IllegalArgumentException("allocation of plugin " + allocation.plugin() + " is not one of " + KEY);
        }
        if (allocation.perDevice().isEmpty()) {
            return new ContainerSettings(List.of(), Map.of("NVIDIA_VISIBLE_DEVICES", "void"), List.of(), List.of());
        }
        List<String> uuids = List.copyOf(allocation.perDevice().keySet());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NVIDIA_VISIBLE_DEVICES", String.join(",", uuids));
        StringJoiner shares = new StringJoiner(",");
        StringJoiner memory = new StringJoiner(",");
        Map<String, Long> memoryOf = new LinkedHashMap<>();
        List<Device> known = devices;
        for (Device d : known == null ? List.<Device>of() : known) {
            memoryOf.put(d.id(), d.memoryBytes());
        }
        allocation.perDevice().forEach((uuid, slots) -> {
            Amount s = slots.get(SHARES);
            if (s == null || s.isZero()) {
                return;
            }
            shares.add(uuid + "=" + s.toWire());
            long bytes = memoryOf.getOrDefault(uuid, 0L);
            if (bytes > 0) {
                BigDecimal part = s.value().divide(settings.sharesPerDevice(), MathContext.DECIMAL64).min(BigDecimal.ONE);
                memory.add(uuid + "=" + part.multiply(BigDecimal.valueOf(bytes)).longValue());
            }
        });
        if (shares.length() > 0) {
            env.put("BERTH_CUDA_SHARES", shares.toString());
        }
        if (memory.length() > 0) {
            env.put("BERTH_CUDA_MEMORY_LIMITS", memory.toString());
        }
        return new ContainerSettings(List.of(new DeviceRequest("nvidia", uuids, List.of("gpu"))), env, List.of(),
                List.of());
    }

    @Override
    public String toString() {
        return "CudaAccelerator[" + allocator + ", " + source + "]";
    }
}
