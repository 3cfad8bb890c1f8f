package io.berth.agent.internal;

import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerRuntimeException;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ImageInfo;
import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.resource.ResourceSlots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: registers this host with the manager over HTTP (exactly as a remote agent would, even
 * inside the manager's Karaf), sends heartbeats with capacity and use, and offers the
 * {@link ContainerRuntime} service. Accelerator plugins are bound dynamically; their devices appear
 * in the next heartbeat.
 *
 * <p>At activation the Docker containers labelled with this agent's id are reconciled (running ones
 * adopted, the others removed; ended ones are kept for the {@link WorkLoop} to report when the agent
 * is enabled) on the agent's thread, before the first registration and the first work poll.
 *
 * <p>When enabled, the agent also runs the {@link WorkLoop} on its own thread: it long-polls the
 * manager for the kernels to run and destroy, and reports their states.
 *
 * <p>The {@link ContainerRuntime} service is registered by hand rather than by DS, so that the
 * component's configuration (which may hold the token) never becomes service properties; it carries
 * only {@value #AGENT_ID_PROPERTY}.
 */
@Component(service = {}, configurationPid = AgentComponent.PID, immediate = true)
@Designate(ocd = AgentConfig.class)
public final class AgentComponent implements ContainerRuntime {
    static final String PID = "io.berth.agent";
    /** The service property of the {@link ContainerRuntime} service naming the agent. */
    static final String AGENT_ID_PROPERTY = "berth.agent.id";
    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final Accelerators accelerators = new Accelerators();
    private AgentSettings settings;
    private String version;
    private HostResources host;
    private DockerContainerRuntime runtime;
    private ScheduledExecutorService executor;
    private AgentLoop loop;
    private WorkLoop work;
    private volatile boolean reconciled;
    private volatile boolean dockerUnreachable;
    private ServiceRegistration<ContainerRuntime> registration;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccelerator(AcceleratorPlugin plugin, Map<String, Object> properties) {
        String key = keyOf(properties);
        if (key == null) {
            LOG.warn("An accelerator plugin ({}) has no {} service property; it is ignored",
                    plugin.getClass().getName(), AcceleratorPlugin.PROPERTY);
            return;
        }
        accelerators.add(key, plugin);
    }

    void removeAccelerator(AcceleratorPlugin plugin, Map<String, Object> properties) {
        String key = keyOf(properties);
        if (key != null) {
            accelerators.remove(key, plugin);
        }
    }

    /** The plugin key: the {@value AcceleratorPlugin#PROPERTY} property (its first value if it is an array). */
    private static String keyOf(Map<String, Object> properties) {
        Object key = properties.get(AcceleratorPlugin.PROPERTY);
        if (key instanceof String[] keys) {
            key = keys.length == 0 ? null : keys[0];
        }
        return key == null || key.toString().isBlank() ? null : key.toString().trim();
    }

    @Activate
    void activate(BundleContext context, AgentConfig config) {
        String data = System.getProperty("karaf.data", "data");
        settings = AgentSettings.from(config, System.getenv(), Path.of(data));
        version = context.getBundle().getVersion().toString();
        host = HostResources.ofThisHost();
        runtime = new DockerContainerRuntime(settings.id(), settings.dockerHost(), accelerators);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-agent");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::ensureReconciled);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(AGENT_ID_PROPERTY, settings.id());
        registration = context.registerService(ContainerRuntime.class, this, properties);
        if (settings.enabled()) {
            loop = new AgentLoop(settings.id(), new ManagerClient(settings.managerUrl(), Duration.ofSeconds(10)),
                    settings::currentToken, settings.tokenSource(), this::currentState, settings.heartbeatInterval(),
                    Backoff.standard(), executor);
            loop.start();
            work = new WorkLoop(settings.id(), new ManagerClient(settings.managerUrl(), Duration.ofSeconds(10)),
                    settings::currentToken, settings.tokenSource(), runtime,
                    c -> runtime.cpuUsageNanos(c.containerId()), this::readyForWork, WorkLoop.Timing.standard(),
                    Backoff.standard());
            work.start();
            LOG.info("Agent {} started: manager {}, resource group {}, dockerd {}", settings.id(),
                    settings.managerUrl(), settings.resourceGroup(), settings.dockerHost());
        } else {
            LOG.info("Agent {} is disabled (enabled = false): it does not register with the manager", settings.id());
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the framework unregistered it already
            }
            registration = null;
        }
        if (work != null) {
            work.stop();
            work = null;
        }
        if (loop != null) {
            loop.stop();
        } else {
            executor.shutdownNow();
            try {
                executor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runtime.close();
    }

    /** The state for the next register or heartbeat. */
    AgentState currentState() {
        ensureReconciled();
        DockerContainerRuntime.Occupancy occupancy;
        try {
            occupancy = runtime.occupancy();
            if (dockerUnreachable) {
                dockerUnreachable = false;
                LOG.info("dockerd at {} answers again", settings.dockerHost());
            }
        } catch (ContainerRuntimeException e) {
            if (!dockerUnreachable) {
                dockerUnreachable = true;
                LOG.warn("{}; agent {} reports no containers until dockerd answers", e.getMessage(), settings.id());
            }
            occupancy = new DockerContainerRuntime.Occupancy(ResourceSlots.EMPTY, 0);
        }
        List<String> images;
        try {
            images = runtime.localImages();
        } catch (ContainerRuntimeException e) {
            LOG.debug("Listing the local images failed; the report has none", e);
            images = List.of();
        }
        List<Accelerators.DeviceReport> devices = accelerators.devices();
        ResourceSlots deviceCapacity = ResourceSlots.EMPTY;
        for (Accelerators.DeviceReport d : devices) {
            deviceCapacity = deviceCapacity.plus(d.capacity());
        }
        return new AgentState(settings.id(), settings.region(), AgentSettings.architecture(), version,
                settings.address(), settings.resourceGroup(),
                host.available(settings.reservedCpu(), settings.reservedMemory(), deviceCapacity),
                occupancy.occupied(), host.cpuPercent(), host.memoryUsedBytes(), occupancy.containers(), devices,
                images);
    }

    /** Whether the work loop may take work: the containers have been reconciled with dockerd. */
    private boolean readyForWork() {
        ensureReconciled();
        return reconciled;
    }

    private synchronized void ensureReconciled() {
        if (reconciled) {
            return;
        }
        try {
            // with the work loop, ended containers stay until it has reported their exit to the manager
            DockerContainerRuntime.Reconciled r = runtime.reconcile(settings.enabled());
            reconciled = true;
            LOG.info("Agent {} reconciled its containers with dockerd: {} adopted, {} removed", settings.id(),
                    r.adopted(), r.removed());
        } catch (ContainerRuntimeException e) {
            LOG.debug("Reconciling failed; retried before the next heartbeat", e);
        }
    }

    // ------------------------------------------------------------------ ContainerRuntime

    @Override
    public ContainerInfo create(ContainerSpec spec) {
        return runtime.create(spec);
    }

    @Override
    public void stop(String kernelId, Duration grace) {
        runtime.stop(kernelId, grace);
    }

    @Override
    public void remove(String kernelId) {
        runtime.remove(kernelId);
    }

    @Override
    public Optional<ContainerInfo> inspect(String kernelId) {
        return runtime.inspect(kernelId);
    }

    @Override
    public List<ContainerInfo> list() {
        return runtime.list();
    }

    @Override
    public String logs(String kernelId, int tailLines) {
        return runtime.logs(kernelId, tailLines);
    }

    @Override
    public boolean available() {
        return runtime.available();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return runtime.image(reference);
    }

    @Override
    public List<String> localImages() {
        return runtime.localImages();
    }

    @Override
    public void pull(String reference, String username, String password) {
        runtime.pull(reference, username, password);
    }
}
