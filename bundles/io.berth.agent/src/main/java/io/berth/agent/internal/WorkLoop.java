package io.berth.agent.internal;

import io.berth.agent.internal.WorkProtocol.KernelReport;
import io.berth.agent.internal.WorkProtocol.Order;
import io.berth.agent.internal.WorkProtocol.Request;
import io.berth.agent.internal.WorkProtocol.State;
import io.berth.agent.internal.WorkProtocol.Work;
import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerRuntimeException;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ImageInfo;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the command channel, on its own daemon thread: long-polls the manager for
 * the full desired state ({@code GET /agent-api/work}), brings the containers in line with it and
 * reports every kernel's state ({@code POST /agent-api/kernels}).
 *
 * <p>After each successful poll (never after a failed one):
 * <ul>
 * <li>a {@code run} order whose kernel has no container is reported {@code preparing}; its image
 * is pulled when the order's auto-install rule asks for it ({@code none}: never, a missing image
 * fails the kernel; {@code tag}: when no local image has the reference; {@code digest}: when the
 * local image lacks the order's digest), with the order's registry credentials, which are never
 * logged or reported; then the container is created and started through the
 * {@link ContainerRuntime} (idempotent per kernel id), and the kernel reported {@code running} with
 * its container id, or {@code failed} with a short reason;</li>
 * <li>a {@code run} kernel whose container has ended by itself is reported {@code exited} with its
 * exit code and the end of its output (at most {@value #LOG_TAIL_BYTES} bytes), and its container
 * removed; it is not created again while the manager keeps ordering it (nor a failed one);</li>
 * <li>a {@code destroy} order stops (SIGTERM, then SIGKILL after the grace) and removes the
 * container and reports {@code destroyed} with exit code and output when known, also when there
 * is no container;</li>
 * <li>a container this loop created (label {@value #MANAGED_LABEL}) whose kernel the manager no
 * longer mentions is destroyed likewise. Containers created directly through the
 * {@link ContainerRuntime} service are left alone.</li>
 * </ul>
 * Running kernels are re-reported {@code running} every activity period (30 s), with
 * {@code active} telling whether the container used CPU since the previous report; terminal
 * reports are repeated at the same pace while the manager still orders their kernel. Reports that
 * cannot be delivered are kept and sent again with the next ones.
 *
 * <p>The poll asks the manager to hold it for at most the poll wait (5 s), so containers that end
 * are noticed within about that time even when nothing changes. {@code logs} requests are answered
 * once each ({@code POST /agent-api/requests/{id}/reply}). Failures back off exponentially (up to
 * 30 s); each kind of problem is logged once until it clears.
 */
final class WorkLoop {
    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);

    /** Marks the containers this loop creates, the only ones it destroys when the manager drops them. */
    static final String MANAGED_LABEL = "io.berth.managed";
    static final String INDEX_LABEL = "io.berth.kernel-index";
    static final String BATCH_LABEL = "io.berth.batch";
    static final int LOG_TAIL_BYTES = 64 * 1024;
    static final int LOG_TAIL_LINES = 5000;
    static final int REPLY_MAX_BYTES = 1 << 20;
    static final int MAX_REQUEST_LINES = 100_000;
    static final int REASON_MAX_CHARS = 500;

    /** The CPU time a container used so far, in nanoseconds; empty when unknown. */
    @FunctionalInterface
    interface CpuMeter {
        OptionalLong cpuNanos(ContainerInfo container);
    }

    /**
     * @param pollWait       how long the manager may hold a poll; also the longest time before an
     *                       ended container is noticed
     * @param activityPeriod how often a running kernel is re-reported (with {@code active})
     * @param stopGrace      how long a destroyed container gets between SIGTERM and SIGKILL
     */
    record Timing(Duration pollWait, Duration activityPeriod, Duration stopGrace) {
        static Timing standard() {
            return new Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10));
        }
    }

    private record Live(String containerId, long reportedAt, OptionalLong cpu) {
    }

    private record Finished(KernelReport report, long sentAt) {
    }

    private final String agentId;
    private final ManagerClient client;
    private final Supplier<Optional<String>> token;
    private final String tokenSource;
    private final ContainerRuntime runtime;
    private final CpuMeter meter;
    private final BooleanSupplier ready;
    private final Timing timing;
    private final Backoff backoff;

    // confined to the loop's thread (or to the caller of step() in tests)
    private long generation = -1;
    private Work work;
    private String currentToken;
    private final Map<String, Live> live = new HashMap<>();
    private final Map<String, Finished> finished = new HashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final LinkedHashMap<String, KernelReport> outbox = new LinkedHashMap<>();
    private final Map<String, String> kernelProblems = new HashMap<>();
    private final ProblemLog problems = new ProblemLog(LOG);

    private final AtomicLong reconciles = new AtomicLong();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param token       the agent token when it is known (read afresh before every poll)
     * @param tokenSource where the token comes from, for log messages (never the token itself)
     * @param meter       reads a container's CPU time for the {@code active} flag
     * @param ready       whether the loop may take work now (the containers have been reconciled
     *                    with dockerd after the start); asked before every poll
     */
    WorkLoop(String agentId, ManagerClient client, Supplier<Optional<String>> token, String tokenSource,
            ContainerRuntime runtime, CpuMeter meter, BooleanSupplier ready, Timing timing, Backoff backoff) {
        this.agentId = agentId;
        this.client = client;
        this.token = token;
        this.tokenSource = tokenSource;
        this.runtime = runtime;
        this.meter = meter;
        this.ready = ready;
        this.timing = timing;
        this.backoff = backoff;
    }

    /** Starts the loop on a new daemon thread. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "berth-agent-work");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the loop: interrupts a waiting poll, and waits up to 5 s for a container operation to end. */
    void stop() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("The work loop of agent {} did not stop within 5 s; it ends after its current container"
                    + " operation", agentId);
        }
    }

    /** @return how many polls have been carried out completely (reconciled, reports delivered) */
    long reconciles() {
        return reconciles.get();
    }

    private void run() {
        while (!stopped) {
            Duration delay;
            try {
                delay = step();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                problems.report("failure", "The work loop of agent " + agentId + " failed; retrying with backoff", e);
                delay = backoff.next();
            }
            if (stopped) {
                break;
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        LOG.debug("The work loop of agent {} ended", agentId);
    }

    /**
     * One poll and what follows it.
     *
     * @return the delay before the next
     */
    Duration step() throws InterruptedException {
        Optional<String> t = token.get();
        if (t.isEmpty() || t.get().isBlank()) {
            problems.report("token", "Agent " + agentId + " waits for its token (" + tokenSource + ") before it takes work",
                    null);
            return backoff.next();
        }
        currentToken = t.get();
        if (!ready.getAsBoolean()) {
            problems.report("not-ready", "Agent " + agentId + " takes no work until dockerd answers", null);
            return backoff.next();
        }
        long started = System.nanoTime();
        Work polled;
        try {
            polled = client.pollWork(currentToken, agentId, generation, timing.pollWait());
        } catch (ManagerClient.StatusException e) {
            problems.report("poll-" + e.status(), "The manager at " + client.base() + " refused the work poll of agent "
                    + agentId + " (" + e.getMessage() + "); retrying with backoff", null);
            return backoff.next();
        } catch (IOException e) {
            problems.report("unreachable", "The work poll of agent " + agentId + " to the manager at " + client.base()
                    + " failed (" + e + "); retrying with backoff", null);
            return backoff.next();
        }
        boolean moved = false;
        if (polled != null) {
            moved = polled.generation() != generation;
            generation = polled.generation();
            work = polled;
        } else if (work == null) {
            problems.report("no-work", "The manager answered the first work poll of agent " + agentId
                    + " without work; retrying with backoff", null);
            return backoff.next();
        }
        try {
            reconcile(work);
        } catch (ContainerRuntimeException e) {
            problems.report("docker", "Agent " + agentId + " cannot carry out its work: " + e.getMessage()
                    + "; retrying with backoff", null);
            flush();
            return backoff.next();
        }
        answer(work.requests());
        if (!flush()) {
            return backoff.next();
        }
        backoff.reset();
        reconciles.incrementAndGet();
        if (problems.clear()) {
            LOG.info("Agent {}: the work channel works again", agentId);
        }
        // a manager that answers at once without news must not make this loop spin
        long minCycle = Math.min(timing.pollWait().toMillis(), 1000);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return moved || elapsed >= minCycle ? Duration.ZERO : Duration.ofMillis(minCycle - elapsed);
    }

    // ------------------------------------------------------------------ reconciling

    private void reconcile(Work w) {
        long now = System.nanoTime();
        Map<String, ContainerInfo> containers = new LinkedHashMap<>();
        for (ContainerInfo c : runtime.list()) {
            if (!c.kernelId().isBlank()) {
                containers.putIfAbsent(c.kernelId(), c);
            }
        }
        Map<String, Order> byKernel = new LinkedHashMap<>();
        for (Order o : w.orders()) {
            Order before = byKernel.get(o.kernelId());
            if (before == null || before.run()) { // a destroy order wins over a run order for the same kernel
                byKernel.put(o.kernelId(), o);
            }
        }
        finished.keySet().retainAll(byKernel.keySet());
        live.keySet().removeIf(k -> !byKernel.containsKey(k) && !containers.containsKey(k));
        kernelProblems.keySet().retainAll(byKernel.keySet());
        for (Order o : byKernel.values()) {
            if (stopped) {
                return;
            }
            String k = o.kernelId();
            try {
                if (o.run()) {
                    run(o, containers.get(k), now);
                } else {
                    destroy(k, containers.get(k), now);
                }
                kernelProblems.remove(k);
            } catch (ContainerRuntimeException | NoSuchElementException e) {
                if (!runtime.available()) {
                    throw e instanceof ContainerRuntimeException cre ? cre
                            : new ContainerRuntimeException(e.getMessage(), e);
                }
                if (!String.valueOf(e.getMessage()).equals(kernelProblems.put(k, String.valueOf(e.getMessage())))) {
                    LOG.warn("Agent {} could not carry out the {} order of kernel {}: {}; retried after the next"
                            + " poll", agentId, o.action(), k, e.getMessage());
                }
            }
        }
        for (ContainerInfo c : containers.values()) {
            if (stopped) {
                return;
            }
            String k = c.kernelId();
            if (byKernel.containsKey(k) || !"true".equals(c.labels().get(MANAGED_LABEL))) {
                continue;
            }
            LOG.info("The manager no longer orders kernel {}; agent {} destroys its container", k, agentId);
            try {
                destroy(k, c, now);
            } catch (ContainerRuntimeException | NoSuchElementException e) {
                LOG.warn("Agent {} could not destroy the container of kernel {}, which the manager no longer"
                        + " orders: {}", agentId, k, e.getMessage());
            }
            finished.remove(k);
        }
    }

    private void run(Order o, ContainerInfo c, long now) {
        String k = o.kernelId();
        Finished f = finished.get(k);
        if (f != null) {
            repeat(k, f, now); // exited, failed or destroyed: never created again while ordered
            return;
        }
        if (c == null && live.containsKey(k)) {
            Live gone = live.remove(k);
            finish(new KernelReport(k, State.EXITED, gone.containerId(), null,
                    "the container disappeared (removed outside the agent)", null, false), now);
            return;
        }
        if (c == null || "created".equals(c.state())) {
            create(o, now);
            return;
        }
        if (c.ended()) {
            exited(k, c, now);
            return;
        }
        if (!c.running()) {
            return; // removing: look again after the next poll
        }
        Live l = live.get(k);
        if (l == null || !l.containerId().equals(c.containerId())) {
            live.put(k, new Live(c.containerId(), now, meter.cpuNanos(c)));
            queue(new KernelReport(k, State.RUNNING, c.containerId(), null, null, null, false));
        } else if (now - l.reportedAt() >= timing.activityPeriod().toNanos()) {
            OptionalLong cpu = meter.cpuNanos(c);
            boolean active = cpu.isPresent() && (l.cpu().isEmpty() || cpu.getAsLong() > l.cpu().getAsLong());
            live.put(k, new Live(c.containerId(), now, cpu.isPresent() ? cpu : l.cpu()));
            queue(new KernelReport(k, State.RUNNING, c.containerId(), null, null, null, active));
        }
    }

    private void create(Order o, long now) {
        String k = o.kernelId();
        ContainerSpec spec;
        try {
            spec = spec(o);
        } catch (IllegalArgumentException | NullPointerException e) {
            finish(new KernelReport(k, State.FAILED, null, null, shorten("invalid order: " + e.getMessage()), null,
                    false), now);
            return;
        }
        queue(new KernelReport(k, State.PREPARING, null, null, null, null, false));
        flush();
        ContainerInfo c;
        try {
            Prepared image = prepareImage(o);
            if (image.failure() != null) {
                LOG.warn("Agent {} could not prepare the image of kernel {}: {}", agentId, k, image.failure());
                finish(new KernelReport(k, State.FAILED, null, null, shorten(image.failure()), null, false), now);
                return;
            }
            if (!image.reference().equals(spec.image())) {
                spec = new ContainerSpec(spec.kernelId(), spec.sessionId(), image.reference(), spec.command(),
                        spec.environment(), spec.resources(), spec.sharedMemoryBytes(), spec.mounts(), spec.sudo(),
                        spec.labels());
            }
            c = runtime.create(spec);
        } catch (ContainerRuntimeException e) {
            if (!runtime.available()) {
                throw e; // dockerd is away: not the kernel's fault; tried again after the next poll
            }
            LOG.warn("Agent {} could not create the container of kernel {}: {}", agentId, k, e.getMessage());
            finish(new KernelReport(k, State.FAILED, null, null, shorten(e.getMessage()), null, false), now);
            return;
        }
        if (c.ended()) {
            exited(k, c, now);
            return;
        }
        live.put(k, new Live(c.containerId(), now, meter.cpuNanos(c)));
        queue(new KernelReport(k, State.RUNNING, c.containerId(), null, null, null, true));
    }

    /** The image to create the container from, or why there is none. */
    private record Prepared(String reference, String failure) {
    }

    /**
     * Makes the order's image local as its auto-install rule says: {@code none} never pulls;
     * {@code tag} pulls when no local image has the reference; {@code digest} pulls (by digest when
     * the order has one, and the container is then created from {@code repo@digest}) when the local
     * image lacks the order's digest.
     *
     * @throws ContainerRuntimeException when dockerd is away (not the kernel's fault)
     */
    private Prepared prepareImage(Order o) {
        String ref = o.image();
        Optional<ImageInfo> local = runtime.image(ref);
        String pullRef;
        String use = ref;
        if (WorkProtocol.PULL_NONE.equals(o.pull())) {
            return local.isPresent() ? new Prepared(ref, null) : new Prepared(null,
                    "image " + ref + " is not on this agent and the auto-install rule is none");
        } else if (WorkProtocol.PULL_DIGEST.equals(o.pull()) && o.imageDigest() != null && !o.imageDigest().isBlank()) {
            if (local.isPresent() && local.get().hasDigest(o.imageDigest())) {
                return new Prepared(ref, null);
            }
            try {
                pullRef = ImageRef.parse(ref).withDigest(o.imageDigest());
            } catch (IllegalArgumentException e) {
                return new Prepared(null, "invalid order: " + e.getMessage());
            }
            use = pullRef;
        } else {
            if (local.isPresent()) {
                return new Prepared(ref, null);
            }
            pullRef = ref;
        }
        try {
            runtime.pull(pullRef, o.registryUsername(), o.registryPassword());
        } catch (ContainerRuntimeException e) {
            if (!runtime.available()) {
                throw e;
            }
            return new Prepared(null, DockerContainerRuntime.hide("pull of " + pullRef + " failed: "
                    + e.getMessage(), o.registryPassword()));
        }
        return new Prepared(use, null);
    }

    private void exited(String k, ContainerInfo c, long now) {
        String tail = logTail(k);
        runtime.remove(k);
        live.remove(k);
        LOG.info("Kernel {} exited with code {} (container {})", k, c.exitCode(), shortId(c.containerId()));
        finish(new KernelReport(k, State.EXITED, c.containerId(), c.exitCode(), null, tail, false), now);
    }

    private void destroy(String k, ContainerInfo c, long now) {
        Finished f = finished.get(k);
        if (f != null && f.report().state() == State.DESTROYED && c == null) {
            repeat(k, f, now);
            return;
        }
        String containerId = f == null ? null : f.report().containerId();
        Integer exitCode = f == null ? null : f.report().exitCode();
        String tail = f == null ? null : f.report().logTail();
        if (c != null) {
            runtime.stop(k, timing.stopGrace());
            tail = logTail(k);
            exitCode = runtime.inspect(k).map(ContainerInfo::exitCode).orElse(c.exitCode());
            runtime.remove(k);
            containerId = c.containerId();
            LOG.info("Destroyed the container {} of kernel {} (exit code {})", shortId(containerId), k, exitCode);
        }
        live.remove(k);
        finish(new KernelReport(k, State.DESTROYED, containerId, exitCode, null, tail, false), now);
    }

    /** Repeats a terminal report once per activity period, in case the manager lost it. */
    private void repeat(String k, Finished f, long now) {
        if (now - f.sentAt() >= timing.activityPeriod().toNanos()) {
            finished.put(k, new Finished(f.report(), now));
            queue(f.report());
        }
    }

    private void finish(KernelReport report, long now) {
        finished.put(report.kernelId(), new Finished(report, now));
        queue(report);
    }

    static ContainerSpec spec(Order o) {
        if (o.image() == null || o.image().isBlank()) {
            throw new IllegalArgumentException("no image");
        }
        if (o.sessionId() == null || o.sessionId().isBlank()) {
            throw new IllegalArgumentException("no session_id");
        }
        List<String> command = o.command() == null ? List.of() : List.of("sh", "-c", o.command());
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (String m : o.mounts()) {
            mounts.add(mount(m));
        }
        Map<String, String> labels = Map.of(MANAGED_LABEL, "true", INDEX_LABEL, String.valueOf(o.index()),
                BATCH_LABEL, String.valueOf(o.batch()));
        return new ContainerSpec(o.kernelId(), o.sessionId(), o.image(), command, o.environment(),
                ResourceSlots.fromWire(o.slots()), 0, mounts, o.sudo(), labels);
    }

    /** {@code /host/path:/container/path} with an optional {@code :ro} or {@code :rw}. */
    static ContainerSpec.Mount mount(String text) {
        String[] parts = text.split(":");
        if (parts.length == 2 || parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"))) {
            return new ContainerSpec.Mount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
        }
        throw new IllegalArgumentException("mount '" + text + "' is not /host/path:/container/path[:ro|:rw]");
    }

    // ------------------------------------------------------------------ requests

    private void answer(List<Request> requests) {
        Set<String> open = new HashSet<>();
        requests.forEach(r -> open.add(r.id()));
        answered.retainAll(open);
        for (Request r : requests) {
            if (stopped || answered.contains(r.id())) {
                continue;
            }
            String body = answerOf(r);
            try {
                client.reply(currentToken, agentId, r.id(), body);
                answered.add(r.id());
            } catch (ManagerClient.StatusException e) {
                if (e.status() == 404 || e.status() == 410) {
                    answered.add(r.id()); // the manager no longer waits for it
                } else {
                    problems.report("reply-" + e.status(), "The manager refused the reply of agent " + agentId
                            + " to request " + r.id() + " (" + e.getMessage() + ")", null);
                }
            } catch (IOException e) {
                problems.report("unreachable", "The reply of agent " + agentId + " to request " + r.id() + " failed ("
                        + e + ")", null);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String answerOf(Request r) {
        if (!WorkProtocol.LOGS.equals(r.kind())) {
            return "agent " + agentId + " does not know requests of kind '" + r.kind() + "'";
        }
        String k = r.kernelId();
        if (k == null || k.isBlank()) {
            return "the logs request names no kernel";
        }
        int lines = r.tailLines() > 0 ? Math.min(r.tailLines(), MAX_REQUEST_LINES) : MAX_REQUEST_LINES;
        try {
            return tailBytes(runtime.logs(k, lines), REPLY_MAX_BYTES);
        } catch (NoSuchElementException e) {
            Finished f = finished.get(k);
            if (f != null && f.report().logTail() != null) {
                return lastLines(f.report().logTail(), lines);
            }
            return "kernel " + k + " has no container on agent " + agentId
                    + " (it has not started, or it has ended and its output is gone)";
        } catch (ContainerRuntimeException e) {
            return "agent " + agentId + " could not read the logs of kernel " + k + ": " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ reports

    private void queue(KernelReport r) {
        outbox.remove(r.kernelId() + "/" + r.state());
        outbox.put(r.kernelId() + "/" + r.state(), r);
    }

    /** Sends the queued reports; keeps them when that fails. */
    private boolean flush() {
        if (outbox.isEmpty()) {
            return true;
        }
        try {
            client.reportKernels(currentToken, agentId, new ArrayList<>(outbox.values()));
            outbox.clear();
            return true;
        } catch (ManagerClient.StatusException e) {
            problems.report("report-" + e.status(), "The manager refused the kernel reports of agent " + agentId + " ("
                    + e.getMessage() + "); they are sent again", null);
        } catch (IOException e) {
            problems.report("unreachable", "The kernel reports of agent " + agentId + " to the manager at " + client.base()
                    + " failed (" + e + "); they are sent again", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    // ------------------------------------------------------------------ helpers

    private String logTail(String k) {
        try {
            return tailBytes(runtime.logs(k, LOG_TAIL_LINES), LOG_TAIL_BYTES);
        } catch (NoSuchElementException | ContainerRuntimeException e) {
            LOG.debug("Could not read the output of kernel {}", k, e);
            return null;
        }
    }

    /** The end of {@code s} that fits {@code maxBytes} in UTF-8, cut at a character boundary. */
    static String tailBytes(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int from = b.length - maxBytes;
        while (from < b.length && (b[from] & 0xC0) == 0x80) {
            from++; // a continuation byte: start at the next character
        }
        return new String(b, from, b.length - from, StandardCharsets.UTF_8);
    }

    /** The last {@code n} lines of {@code s}. */
    static String lastLines(String s, int n) {
        int end = s.endsWith("\n") ? s.length() - 1 : s.length();
        int i = end;
        for (int count = 0; count < n; count++) {
            i = s.lastIndexOf('\n', i - 1);
            if (i < 0) {
                return s;
            }
        }
        return s.substring(i + 1);
    }

    private static String shorten(String s) {
        String one = s == null ? "unknown" : s.replaceAll("\\s+", " ").strip();
        return one.length() <= REASON_MAX_CHARS ? one : one.substring(0, REASON_MAX_CHARS) + "…";
    }

    private static String shortId(String id) {
        return id == null || id.length() <= 12 ? id : id.substring(0, 12);
    }
}
