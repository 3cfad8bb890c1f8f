package io.berth.agent.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerRuntimeException;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ImageInfo;
import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.Allocation;
import io.berth.spi.accelerator.ContainerSettings;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} over the Docker Engine API (docker-java with the zerodep transport).
 *
 * <p>Besides the agent, kernel and session labels every container carries {@value #RESOURCES_LABEL}
 * (the resources it holds, accelerator slots as actually allocated, in wire form) and
 * {@value #ALLOCATIONS_LABEL} (plugin → device → amounts), both JSON. They are the only record of
 * what runs: occupancy is the sum over running containers, and allocations are made against the
 * allocations of running containers, so the agent rebuilds its state from Docker after a restart.
 *
 * <p>Creation is serialised by a lock so that two concurrent requests cannot both get the same
 * device.
 *
 * <p>Without sudo a container runs as {@value #NON_ROOT_USER} with {@code no-new-privileges}; all
 * capabilities are dropped and only {@link #MINIMAL_CAPABILITIES} added back: CHOWN, DAC_OVERRIDE,
 * FOWNER and FSETID (ordinary file handling inside the container's own file system), KILL
 * (signalling its own processes) and NET_BIND_SERVICE (serving on ports below 1024). Left out from
 * Docker's default set: SETUID, SETGID, SETPCAP, SETFCAP (changing identity or capabilities), MKNOD,
 * NET_RAW, SYS_CHROOT and AUDIT_WRITE. With sudo the container runs as root with Docker's default
 * capabilities.
 */
final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);

    static final String RESOURCES_LABEL = "ai.berth.resources";
    static final String ALLOCATIONS_LABEL = "ai.berth.allocations";
    static final String NON_ROOT_USER = "1000:1000";
    static final List<Capability> MINIMAL_CAPABILITIES = List.of(Capability.CHOWN, Capability.DAC_OVERRIDE,
            Capability.FOWNER, Capability.FSETID, Capability.KILL, Capability.NET_BIND_SERVICE);
    private static final Set<String> HOST_SLOTS = Set.of("cpu", "mem");
    private static final TypeReference<Map<String, String>> WIRE = new TypeReference<>() { };
    private static final TypeReference<Map<String, Map<String, Map<String, String>>>> ALLOCATIONS =
            new TypeReference<>() { };

    /** What the agent's containers hold now. */
    record Occupancy(ResourceSlots occupied, int containers) {
    }

    /** The outcome of {@link #reconcile()}. */
    record Reconciled(int adopted, int removed) {
    }

    private record ImageList(List<String> references, long at) {
    }

    /** How long {@link #localImages()} answers from its cache. */
    static final Duration IMAGES_MAX_AGE = Duration.ofSeconds(30);
    static final int MAX_IMAGES = 10_000;
    static final Duration PULL_BOUND = Duration.ofMinutes(10);

    private record Placement(ResourceSlots effective, SortedMap<String, Allocation> allocations,
            List<ContainerSettings> settings) {
    }

    private final String agentId;
    private final String dockerHost;
    private final DockerClient docker;
    private final Accelerators accelerators;
    private final ReentrantLock createLock = new ReentrantLock();
    private final Path cgroupRoot;
    private volatile ImageList images;

    DockerContainerRuntime(String agentId, String dockerHost, Accelerators accelerators) {
        this(agentId, dockerHost, connect(dockerHost), accelerators);
    }

    DockerContainerRuntime(String agentId, String dockerHost, DockerClient docker, Accelerators accelerators) {
        this(agentId, dockerHost, docker, accelerators, Path.of("/sys/fs/cgroup"));
    }

    DockerContainerRuntime(String agentId, String dockerHost, DockerClient docker, Accelerators accelerators,
            Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
        this.agentId = agentId;
        this.dockerHost = dockerHost;
        this.docker = docker;
        this.accelerators = accelerators;
    }

    /** A client for {@code dockerHost} ({@code unix:///var/run/docker.sock}, {@code tcp://…}); connects lazily. */
    static DockerClient connect(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost).withDockerTlsVerify(false).build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(5)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    DockerClient docker() {
        return docker;
    }

    // ------------------------------------------------------------------ ContainerRuntime

    @Override
    public ContainerInfo create(ContainerSpec spec) {
        createLock.lock();
        try {
            Optional<Container> existing = find(spec.kernelId());
            if (existing.isPresent()) {
                Container c = existing.get();
                if ("created".equals(c.getState())) {
                    docker.startContainerCmd(c.getId()).exec();
                }
                return inspectId(c.getId()).orElseThrow(() -> new ContainerRuntimeException(
                        "the container of kernel " + spec.kernelId() + " vanished while being read"));
            }
            Placement placement = place(spec.resources());
            String id;
            try {
                id = createCmd(spec, placement).exec().getId();
            } catch (ConflictException e) {
                Optional<Container> again = find(spec.kernelId());
                if (again.isPresent()) {
                    return inspectId(again.get().getId()).orElseThrow();
                }
                throw new ContainerRuntimeException("the container name " + containerName(spec.kernelId())
                        + " of kernel " + spec.kernelId() + " is taken by another container", e);
            } catch (NotFoundException e) {
                throw new ContainerRuntimeException("image " + spec.image() + " is not on this host (the agent"
                        + " does not pull it here): " + e.getMessage(), e);
            }
            try {
                docker.startContainerCmd(id).exec();
            } catch (RuntimeException e) {
                removeQuietly(id);
                throw new ContainerRuntimeException("the container of kernel " + spec.kernelId()
                        + " did not start: " + message(e), e);
            }
            LOG.info("Started container {} of kernel {} (session {}, image {}, resources {})", shortId(id),
                    spec.kernelId(), spec.sessionId(), spec.image(), placement.effective().toWire());
            return inspectId(id).orElseThrow(() -> new ContainerRuntimeException(
                    "the container of kernel " + spec.kernelId() + " vanished right after it started"));
        } catch (RuntimeException e) {
            throw wrap("create the container of kernel " + spec.kernelId(), e);
        } finally {
            createLock.unlock();
        }
    }

    @Override
    public void stop(String kernelId, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        call("stop the container of kernel " + kernelId, () -> {
            Optional<Container> c = find(kernelId);
            if (c.isEmpty() || !"running".equals(c.get().getState()) && !"paused".equals(c.get().getState())
                    && !"restarting".equals(c.get().getState())) {
                return null;
            }
            int seconds = (int) Math.min(Integer.MAX_VALUE,
                    grace.getSeconds() + (grace.getNano() > 0 ? 1 : 0));
            try {
                docker.stopContainerCmd(c.get().getId()).withTimeout(seconds).exec();
                LOG.info("Stopped container {} of kernel {}", shortId(c.get().getId()), kernelId);
            } catch (NotModifiedException | NotFoundException e) {
                // already stopped or gone
            }
            return null;
        });
    }

    @Override
    public void remove(String kernelId) {
        call("remove the container of kernel " + kernelId, () -> {
            Optional<Container> c = find(kernelId);
            if (c.isPresent()) {
                try {
                    docker.removeContainerCmd(c.get().getId()).withForce(true).withRemoveVolumes(true).exec();
                    LOG.info("Removed container {} of kernel {}", shortId(c.get().getId()), kernelId);
                } catch (NotFoundException e) {
                    // gone already
                }
            }
            return null;
        });
    }

    @Override
    public Optional<ContainerInfo> inspect(String kernelId) {
        return call("inspect the container of kernel " + kernelId,
                () -> find(kernelId).flatMap(c -> inspectId(c.getId())));
    }

    @Override
    public List<ContainerInfo> list() {
        return call("list the containers", () -> {
            List<ContainerInfo> out = new ArrayList<>();
            for (Container c : ours(true)) {
                inspectId(c.getId()).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public String logs(String kernelId, int tailLines) {
        return call("read the logs of kernel " + kernelId, () -> {
            Container c = find(kernelId).orElseThrow(() -> new NoSuchElementException(
                    "kernel " + kernelId + " has no container on agent " + agentId));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var cmd = docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withFollowStream(false);
            cmd = tailLines > 0 ? cmd.withTail(tailLines) : cmd.withTailAll();
            try (ResultCallback.Adapter<Frame> callback = cmd.exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            })) {
                if (!callback.awaitCompletion(60, TimeUnit.SECONDS)) {
                    throw new ContainerRuntimeException("reading the logs of kernel " + kernelId
                            + " took more than 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted while reading the logs of kernel " + kernelId, e);
            } catch (IOException e) {
                // closing the callback failed; what was read stands
            }
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    @Override
    public boolean available() {
        try {
            CompletableFuture<Void> ping = CompletableFuture.runAsync(() -> docker.pingCmd().exec());
            ping.get(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return call("inspect the image " + reference, () -> {
            try {
                InspectImageResponse r = docker.inspectImageCmd(reference).exec();
                return Optional.of(new ImageInfo(r.getId() == null ? "" : r.getId(), r.getRepoTags(),
                        r.getRepoDigests()));
            } catch (NotFoundException e) {
                return Optional.<ImageInfo>empty();
            }
        });
    }

    @Override
    public List<String> localImages() {
        ImageList cached = images;
        long now = System.nanoTime();
        if (cached != null && now - cached.at() < IMAGES_MAX_AGE.toNanos()) {
            return cached.references();
        }
        List<Image> list = call("list the images", () -> docker.listImagesCmd().exec());
        Set<String> refs = new LinkedHashSet<>();
        for (Image i : list) {
            addReferences(refs, i.getRepoTags());
            addReferences(refs, i.getRepoDigests());
        }
        List<String> out = refs.stream().limit(MAX_IMAGES).toList();
        images = new ImageList(out, now);
        return out;
    }

    private static void addReferences(Set<String> refs, String[] names) {
        if (names == null) {
            return;
        }
        for (String n : names) {
            if (n != null && !n.isBlank() && !n.contains("<none>")) {
                refs.add(n);
            }
        }
    }

    @Override
    public void pull(String reference, String username, String password) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new ContainerRuntimeException(e.getMessage(), e);
        }
        // a pull without a tag would fetch every tag of the repository
        String tag = ref.digest() != null ? ref.digest() : ref.tag() == null ? "latest" : ref.tag();
        PullImageCmd cmd = docker.pullImageCmd(ref.repository()).withTag(tag);
        if (username != null && !username.isEmpty()) {
            cmd = cmd.withAuthConfig(new AuthConfig().withUsername(username).withPassword(password)
                    .withRegistryAddress(ref.registryAddress()));
        }
        LOG.info("Pulling image {}{}", reference, username == null || username.isEmpty() ? ""
                : " with the credentials of user " + username);
        long started = System.nanoTime();
        PullImageResultCallback callback = new PullImageResultCallback();
        try {
            cmd.exec(callback);
            if (!callback.awaitCompletion(PULL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntimeException("it did not end within " + PULL_BOUND.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted", e);
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ContainerRuntimeException(hide(message.replaceAll("\\s+", " ").strip(), password));
        } finally {
            images = null;
            try {
                callback.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the pull of {} failed", reference, e);
            }
        }
        LOG.info("Pulled image {} in {} ms", reference, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** {@code text} with every occurrence of {@code secret} masked. */
    static String hide(String text, String secret) {
        return secret == null || secret.isEmpty() || text == null ? text : text.replace(secret, "***");
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the Docker client failed", e);
        }
    }

    // ------------------------------------------------------------------ agent side

    /**
     * What the running containers of this agent hold: the sum of their {@value #RESOURCES_LABEL}
     * labels (containers whose label cannot be read count as nothing).
     *
     * @throws ContainerRuntimeException when dockerd is unreachable
     */
    Occupancy occupancy() {
        return call("read the occupancy", () -> {
            ResourceSlots sum = ResourceSlots.EMPTY;
            int count = 0;
            for (Container c : ours(false)) {
                if (!holdsResources(c.getState())) {
                    continue;
                }
                count++;
                try {
                    sum = sum.plus(resourcesOf(labels(c)));
                } catch (RuntimeException e) {
                    LOG.debug("Container {} has unreadable resource labels", shortId(c.getId()), e);
                }
            }
            return new Occupancy(sum, count);
        });
    }

    /**
     * Brings Docker in line with this agent after a (re)start: the containers labelled with this
     * agent's id that run, and whose labels can be read, are adopted (they count as occupied from
     * now on); exited ones and those with unreadable labels are removed. Each is logged at info.
     *
     * @throws ContainerRuntimeException when dockerd is unreachable
     */
    Reconciled reconcile() {
        return reconcile(false);
    }

    /**
     * Like {@link #reconcile()}, but with {@code keepEnded} the containers that the work loop created
     * ({@value WorkLoop#MANAGED_LABEL}) and that have ended ({@code exited}, {@code dead}) are kept
     * when their labels can be read (and counted as adopted), so that the work loop can report their
     * exit codes and output to the manager before it removes them.
     */
    Reconciled reconcile(boolean keepEnded) {
        return call("reconcile the containers", () -> {
            int adopted = 0;
            int removed = 0;
            for (Container c : ours(true)) {
                Map<String, String> labels = labels(c);
                String kernel = labels.get(KERNEL_LABEL);
                String reason = null;
                if (kernel == null || kernel.isBlank() || labels.get(SESSION_LABEL) == null) {
                    reason = "its kernel or session label is missing";
                } else {
                    try {
                        resourcesOf(labels);
                        allocationsOf(labels);
                    } catch (RuntimeException e) {
                        reason = "its resource labels cannot be read (" + e.getMessage() + ")";
                    }
                }
                boolean ended = ("exited".equals(c.getState()) || "dead".equals(c.getState()))
                        && "true".equals(labels.get(WorkLoop.MANAGED_LABEL));
                if (reason == null && !holdsResources(c.getState()) && !(keepEnded && ended)) {
                    reason = "it is " + c.getState();
                }
                if (reason == null) {
                    adopted++;
                    if (ended) {
                        LOG.info("Kept ended container {} of kernel {} until its exit is reported", shortId(c.getId()),
                                kernel);
                    } else {
                        LOG.info("Adopted container {} of kernel {} ({}, resources {})", shortId(c.getId()), kernel,
                                c.getState(), labels.get(RESOURCES_LABEL));
                    }
                    continue;
                }
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed++;
                    LOG.info("Removed container {} of kernel {}: {}", shortId(c.getId()), kernel, reason);
                } catch (NotFoundException e) {
                    // gone already
                }
            }
            return new Reconciled(adopted, removed);
        });
    }

    /**
     * The CPU time a container has used so far, in nanoseconds: read from its cgroup when dockerd is
     * local and its cgroup is found under {@code cgroupRoot} (cgroup v1 or v2, cgroupfs or systemd
     * driver), else from a one-shot {@code docker stats} (which takes about a second).
     *
     * @param containerId Docker's container id
     * @return the CPU time, or empty when it cannot be read (the container is gone, dockerd fails)
     */
    OptionalLong cpuUsageNanos(String containerId) {
        if (dockerHost.startsWith("unix:")) {
            OptionalLong fromCgroup = CgroupCpu.usageNanos(cgroupRoot, containerId);
            if (fromCgroup.isPresent()) {
                return fromCgroup;
            }
        }
        AtomicReference<Statistics> stats = new AtomicReference<>();
        try (ResultCallback.Adapter<Statistics> callback = docker.statsCmd(containerId).withNoStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Statistics s) {
                        stats.compareAndSet(null, s);
                    }
                })) {
            callback.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the CPU use of container {}", shortId(containerId), e);
        }
        Statistics s = stats.get();
        if (s == null || s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getCpuStats().getCpuUsage().getTotalUsage() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(s.getCpuStats().getCpuUsage().getTotalUsage());
    }

    // ------------------------------------------------------------------ placement

    private Placement place(ResourceSlots request) {
        SortedMap<String, AcceleratorPlugin> plugins = accelerators.snapshot();
        Set<String> wanted = new TreeSet<>();
        request.asMap().forEach((slot, amount) -> {
            if (!HOST_SLOTS.contains(slot) && !amount.isZero()) {
                wanted.add(slot);
            }
        });
        if (wanted.isEmpty()) {
            return new Placement(request, new TreeMap<>(), List.of());
        }
        Map<String, Set<String>> slotsByPlugin = new LinkedHashMap<>();
        Set<String> offered = new TreeSet<>();
        plugins.forEach((key, plugin) -> {
            Set<String> slots = accelerators.slotsOf(key, plugin);
            slotsByPlugin.put(key, slots);
            offered.addAll(slots);
        });
        for (String slot : wanted) {
            if (!offered.contains(slot)) {
                throw new ContainerRuntimeException("no accelerator plugin on agent " + agentId + " offers slot '"
                        + slot + "' (plugins here: " + plugins.keySet() + ")");
            }
        }
        Map<String, List<Allocation>> existing = runningAllocations();
        ResourceSlots effective = request;
        SortedMap<String, Allocation> allocations = new TreeMap<>();
        List<ContainerSettings> settings = new ArrayList<>();
        for (Map.Entry<String, AcceleratorPlugin> e : plugins.entrySet()) {
            Set<String> slots = slotsByPlugin.get(e.getKey());
            if (slots.stream().noneMatch(wanted::contains)) {
                continue;
            }
            Optional<Allocation> a = e.getValue().allocate(request, existing.getOrDefault(e.getKey(), List.of()));
            if (a.isEmpty()) {
                throw new ContainerRuntimeException("the request " + request.toWire() + " does not fit the devices"
                        + " of accelerator plugin " + e.getKey() + " on agent " + agentId + " now");
            }
            Allocation allocation = a.get();
            allocations.put(e.getKey(), allocation);
            settings.add(e.getValue().containerSettings(allocation));
            for (String slot : slots) {
                effective = effective.without(slot);
            }
            for (Map.Entry<String, Amount> t : allocation.total().asMap().entrySet()) {
                if (slots.contains(t.getKey())) {
                    effective = effective.plus(ResourceSlots.EMPTY.with(t.getKey(), t.getValue()));
                }
            }
        }
        return new Placement(effective, allocations, settings);
    }

    /** The allocations of the running containers, by plugin key. */
    private Map<String, List<Allocation>> runningAllocations() {
        Map<String, List<Allocation>> byPlugin = new HashMap<>();
        for (Container c : ours(false)) {
            if (!holdsResources(c.getState())) {
                continue;
            }
            try {
                for (Allocation a : allocationsOf(labels(c))) {
                    byPlugin.computeIfAbsent(a.plugin(), k -> new ArrayList<>()).add(a);
                }
            } catch (RuntimeException e) {
                LOG.warn("Container {} has unreadable allocation labels; its devices are not counted",
                        shortId(c.getId()), e);
            }
        }
        return byPlugin;
    }

    private CreateContainerCmd createCmd(ContainerSpec spec, Placement placement) {
        Map<String, String> env = new TreeMap<>(spec.environment());
        List<DeviceRequest> deviceRequests = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            binds.add(new Bind(m.source(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        for (ContainerSettings s : placement.settings()) {
            env.putAll(s.environment()); // the plugin's variables win: they select the allocated devices
            for (ContainerSettings.DeviceRequest r : s.deviceRequests()) {
                DeviceRequest d = new DeviceRequest().withDriver(r.driver()).withDeviceIds(r.deviceIds());
                if (!r.capabilities().isEmpty()) {
                    d = d.withCapabilities(List.of(r.capabilities()));
                }
                deviceRequests.add(d);
            }
            for (String path : s.devicePaths()) {
                devices.add(Device.parse(path + ":" + path + ":rwm"));
            }
            for (ContainerSettings.Mount m : s.mounts()) {
                binds.add(new Bind(m.source(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
            }
        }
        HostConfig host = HostConfig.newHostConfig();
        long memory = bytes(spec.resources().get("mem"));
        if (memory > 0) {
            host.withMemory(memory);
        }
        long nanoCpus = nanoCpus(spec.resources().get("cpu"));
        if (nanoCpus > 0) {
            host.withNanoCPUs(nanoCpus);
        }
        if (spec.sharedMemoryBytes() > 0) {
            host.withShmSize(spec.sharedMemoryBytes());
        }
        if (!binds.isEmpty()) {
            host.withBinds(binds);
        }
        if (!devices.isEmpty()) {
            host.withDevices(devices);
        }
        if (!deviceRequests.isEmpty()) {
            host.withDeviceRequests(deviceRequests);
        }
        if (!spec.sudo()) {
            host.withSecurityOpts(List.of("no-new-privileges"));
            host.withCapDrop(Capability.ALL);
            host.withCapAdd(MINIMAL_CAPABILITIES.toArray(new Capability[0]));
        }
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.put(AGENT_LABEL, agentId);
        labels.put(KERNEL_LABEL, spec.kernelId());
        labels.put(SESSION_LABEL, spec.sessionId());
        labels.put(RESOURCES_LABEL, json(placement.effective().toWire()));
        Map<String, Map<String, Map<String, String>>> allocationLabel = new TreeMap<>();
        placement.allocations().forEach((key, a) -> {
            Map<String, Map<String, String>> perDevice = new TreeMap<>();
            a.perDevice().forEach((device, slots) -> perDevice.put(device, slots.toWire()));
            allocationLabel.put(key, perDevice);
        });
        labels.put(ALLOCATIONS_LABEL, json(allocationLabel));
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image()).withName(containerName(spec.kernelId()))
                .withLabels(labels).withEnv(envList).withHostConfig(host)
                .withUser(spec.sudo() ? "0:0" : NON_ROOT_USER);
        if (!spec.command().isEmpty()) {
            cmd = cmd.withCmd(spec.command());
        }
        return cmd;
    }

    // ------------------------------------------------------------------ helpers

    static long bytes(Amount mem) {
        if (mem == null || mem.isInfinite() || mem.signum() <= 0) {
            return 0;
        }
        return mem.value().setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static long nanoCpus(Amount cpu) {
        if (cpu == null || cpu.isInfinite() || cpu.signum() <= 0) {
            return 0;
        }
        return cpu.value().multiply(BigDecimal.valueOf(1_000_000_000L)).setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    static ResourceSlots resourcesOf(Map<String, String> labels) {
        String text = labels.get(RESOURCES_LABEL);
        if (text == null) {
            throw new IllegalArgumentException("no " + RESOURCES_LABEL + " label");
        }
        try {
            return ResourceSlots.fromWire(AgentState.JSON.readValue(text, WIRE));
        } catch (IOException e) {
            throw new IllegalArgumentException(RESOURCES_LABEL + " is not JSON", e);
        }
    }

    static List<Allocation> allocationsOf(Map<String, String> labels) {
        String text = labels.get(ALLOCATIONS_LABEL);
        if (text == null) {
            throw new IllegalArgumentException("no " + ALLOCATIONS_LABEL + " label");
        }
        Map<String, Map<String, Map<String, String>>> raw;
        try {
            raw = AgentState.JSON.readValue(text, ALLOCATIONS);
        } catch (IOException e) {
            throw new IllegalArgumentException(ALLOCATIONS_LABEL + " is not JSON", e);
        }
        List<Allocation> out = new ArrayList<>();
        raw.forEach((plugin, perDevice) -> {
            Map<String, ResourceSlots> slots = new TreeMap<>();
            perDevice.forEach((device, wire) -> slots.put(device, ResourceSlots.fromWire(wire)));
            out.add(new Allocation(plugin, slots));
        });
        return out;
    }

    private static String json(Object o) {
        try {
            return AgentState.JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean holdsResources(String state) {
        return "running".equals(state) || "paused".equals(state) || "restarting".equals(state);
    }

    String containerName(String kernelId) {
        return "berth-" + sanitize(agentId) + "-" + sanitize(kernelId);
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[^a-zA-Z0-9_.-]", "_");
        return t.isEmpty() || !Character.isLetterOrDigit(t.charAt(0)) ? "x" + t : t;
    }

    private static Map<String, String> labels(Container c) {
        return c.getLabels() == null ? Map.of() : c.getLabels();
    }

    /** This agent's containers, oldest first; all states, or only the running ones. */
    private List<Container> ours(boolean all) {
        List<Container> list = new ArrayList<>(docker.listContainersCmd().withShowAll(all)
                .withLabelFilter(Map.of(AGENT_LABEL, agentId)).exec());
        list.sort(Comparator.comparing((Container c) -> c.getCreated() == null ? 0L : c.getCreated())
                .thenComparing(Container::getId));
        return list;
    }

    private Optional<Container> find(String kernelId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(AGENT_LABEL, agentId, KERNEL_LABEL, kernelId)).exec().stream()
                .filter(c -> kernelId.equals(labels(c).get(KERNEL_LABEL)))
                .min(Comparator.comparing((Container c) -> c.getCreated() == null ? 0L : c.getCreated()));
    }

    private Optional<ContainerInfo> inspectId(String id) {
        InspectContainerResponse r;
        try {
            r = docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of()
                : r.getConfig().getLabels();
        HostConfig host = r.getHostConfig();
        long memory = host == null || host.getMemory() == null ? 0 : host.getMemory();
        long nanoCpus = host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs();
        String state = r.getState() == null || r.getState().getStatus() == null ? "unknown" : r.getState().getStatus();
        Instant created = r.getCreated() == null ? Instant.EPOCH : Instant.parse(r.getCreated());
        Integer exitCode = null;
        if (("exited".equals(state) || "dead".equals(state)) && r.getState() != null) {
            Long code = r.getState().getExitCodeLong();
            exitCode = code == null ? null : (int) (long) code;
        }
        return Optional.of(new ContainerInfo(labels.getOrDefault(KERNEL_LABEL, ""), r.getId(), state, memory,
                nanoCpus, labels, created, exitCode));
    }

    private void removeQuietly(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove container {} after it failed to start", shortId(id), e);
        }
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw wrap(what, e);
        }
    }

    private RuntimeException wrap(String what, RuntimeException e) {
        if (e instanceof ContainerRuntimeException || e instanceof NoSuchElementException) {
            return e;
        }
        return new ContainerRuntimeException("Could not " + what + " (dockerd " + dockerHost + "): " + message(e), e);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage().strip();
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
