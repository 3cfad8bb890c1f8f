package io.berth.agent.internal;

import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerRuntimeException;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ImageInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ContainerRuntime}: containers are records that tests end, fill with output
 * and charge with CPU time. Every image is on the "host" except those in {@link #absent}; creating
 * a container of {@value #MISSING} fails as for an image Docker cannot find. {@link #pull} fetches
 * the images of {@link #registry}.
 */
final class FakeRuntime implements ContainerRuntime {
    static final String MISSING = "missing/image:1";

    private static final class Box {
        final ContainerSpec spec;
        final String id;
        String state = "running";
        Integer exitCode;
        final StringBuilder output = new StringBuilder();
        long cpuNanos;

        Box(ContainerSpec spec, String id) {
            this.spec = spec;
            this.id = id;
        }
    }

    private final Map<String, Box> boxes = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    final List<ContainerSpec> created = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    /** Whether "dockerd" answers; when not, every operation fails. */
    volatile boolean up = true;
    /** The references this "host" does not have. */
    final Set<String> absent = new HashSet<>();
    /** The repo digests ({@code repo@sha256:…}) of local images, by reference; none when not given. */
    final Map<String, List<String>> digests = new HashMap<>();
    /** What the fake registry holds: reference → the password it wants ({@code ""}: an open registry). */
    final Map<String, String> registry = new HashMap<>();
    /** Every pull: reference, user name, password. */
    final List<List<String>> pulls = new ArrayList<>();
    /** Run at the start of every pull. */
    volatile Runnable onPull = () -> { };

    // ------------------------------------------------------------------ test controls

    /** A container that exists already (from before an agent restart, or made through the service). */
    synchronized void existing(String kernel, boolean managed) {
        Map<String, String> labels = managed ? Map.of(WorkLoop.MANAGED_LABEL, "true") : Map.of();
        ContainerSpec spec = new ContainerSpec(kernel, "sess-" + kernel, "img:1", List.of(), Map.of(),
                io.berth.spi.resource.ResourceSlots.EMPTY, 0, List.of(), false, labels);
        boxes.put(kernel, new Box(spec, "c" + ids.incrementAndGet() + "-" + kernel));
    }

    synchronized void exit(String kernel, int code) {
        Box b = boxes.get(kernel);
        b.state = "exited";
        b.exitCode = code;
    }

    synchronized void print(String kernel, String text) {
        boxes.get(kernel).output.append(text);
    }

    synchronized void burn(String kernel, long nanos) {
        boxes.get(kernel).cpuNanos += nanos;
    }

    synchronized OptionalLong cpu(ContainerInfo c) {
        Box b = boxes.get(c.kernelId());
        return b == null ? OptionalLong.empty() : OptionalLong.of(b.cpuNanos);
    }

    synchronized boolean has(String kernel) {
        return boxes.containsKey(kernel);
    }

    synchronized String state(String kernel) {
        Box b = boxes.get(kernel);
        return b == null ? null : b.state;
    }

    synchronized ContainerSpec specOf(String kernel) {
        return boxes.get(kernel).spec;
    }

    // ------------------------------------------------------------------ ContainerRuntime

    private void check() {
        if (!up) {
            throw new ContainerRuntimeException("Could not reach dockerd (fake): connection refused");
        }
    }

    private ContainerInfo info(Box b) {
        Map<String, String> labels = new HashMap<>(b.spec.labels());
        labels.put(AGENT_LABEL, "agent-1");
        labels.put(KERNEL_LABEL, b.spec.kernelId());
        labels.put(SESSION_LABEL, b.spec.sessionId());
        return new ContainerInfo(b.spec.kernelId(), b.id, b.state, 0, 0, labels, Instant.EPOCH, b.exitCode);
    }

    @Override
    public synchronized ContainerInfo create(ContainerSpec spec) {
        check();
        Box b = boxes.get(spec.kernelId());
        if (b != null) {
            return info(b);
        }
        if (spec.image().equals(MISSING)) {
            throw new ContainerRuntimeException("image " + MISSING + " is not on this host (the agent does not pull"
                    + " images): No such image");
        }
        created.add(spec);
        b = new Box(spec, "c" + ids.incrementAndGet() + "-" + spec.kernelId());
        boxes.put(spec.kernelId(), b);
        return info(b);
    }

    @Override
    public synchronized void stop(String kernelId, Duration grace) {
        check();
        Box b = boxes.get(kernelId);
        if (b != null && b.state.equals("running")) {
            stopped.add(kernelId);
            b.state = "exited";
            b.exitCode = 137;
        }
    }

    @Override
    public synchronized void remove(String kernelId) {
        check();
        boxes.remove(kernelId);
    }

    @Override
    public synchronized Optional<ContainerInfo> inspect(String kernelId) {
        check();
        return Optional.ofNullable(boxes.get(kernelId)).map(this::info);
    }

    @Override
    public synchronized List<ContainerInfo> list() {
        check();
        return boxes.values().stream().map(this::info).toList();
    }

    @Override
    public synchronized String logs(String kernelId, int tailLines) {
        check();
        Box b = boxes.get(kernelId);
        if (b == null) {
            throw new NoSuchElementException("kernel " + kernelId + " has no container");
        }
        return tailLines > 0 ? WorkLoop.lastLines(b.output.toString(), tailLines) : b.output.toString();
    }

    @Override
    public boolean available() {
        return up;
    }

    @Override
    public synchronized Optional<ImageInfo> image(String reference) {
        check();
        if (absent.contains(reference)) {
            return Optional.empty();
        }
        return Optional.of(new ImageInfo("sha256:" + Integer.toHexString(reference.hashCode()), List.of(reference),
                digests.getOrDefault(reference, List.of())));
    }

    @Override
    public synchronized List<String> localImages() {
        check();
        List<String> out = new ArrayList<>();
        pulls.forEach(p -> out.add(p.get(0)));
        return out;
    }

    @Override
    public void pull(String reference, String username, String password) {
        onPull.run();
        synchronized (this) {
            check();
            pulls.add(Arrays.asList(reference, username, password));
            String wanted = registry.get(reference);
            if (wanted == null) {
                throw new ContainerRuntimeException("manifest for " + reference + " not found");
            }
            if (!wanted.isEmpty() && !wanted.equals(password)) {
                // a careless registry that echoes what it got: the agent must still not report it
                throw new ContainerRuntimeException("unauthorized: user " + username + " with password " + password);
            }
            absent.remove(reference);
        }
    }
}
