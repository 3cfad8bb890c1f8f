package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.scheduler.drf.internal.DrfPolicy;
import io.berth.scheduler.fifo.internal.FifoPolicy;
import io.berth.scheduler.lifo.internal.LifoPolicy;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.scheduler.SchedulingPolicy;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placements per second of the dispatcher core, in process, without persistence: {@code agents} ALIVE
 * agents (64 CPUs, 256 GiB, every tenth with 8 CUDA devices) and {@code sessions} pending sessions from
 * {@code keys} access keys, all of which fit. One operation passes the group until nothing more is
 * placed ({@link Dispatcher#drain}) on a fresh store. Placements per second = sessions / time of the
 * operation; each iteration prints it, and {@code bench/dispatch.sh} derives it from JMH's score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class DispatcherCoreBench {
    @Param({"fifo", "lifo", "drf"})
    public String policy;

    @Param("1000")
    public int agents;

    @Param("10000")
    public int sessions;

    @Param("200")
    public int keys;

    private Workload workload;
    private MemoryStore store;
    private Dispatcher dispatcher;
    private int placed;
    private int passes;
    private long nanos;

    static SchedulingPolicy policy(String name) {
        return switch (name) {
            case "fifo" -> new FifoPolicy();
            case "lifo" -> new LifoPolicy();
            case "drf" -> new DrfPolicy();
            default -> throw new IllegalArgumentException("unknown policy " + name);
        };
    }

    @Setup(Level.Trial)
    public void workload() {
        workload = Workload.generate(agents, 64, 256, 8, sessions, keys, 42);
    }

    @Setup(Level.Iteration)
    public void freshStore() {
        store = new MemoryStore(workload, policy);
        PolicyRegistry registry = new PolicyRegistry();
        registry.add(policy, policy(policy));
        dispatcher = new Dispatcher(store.tx, store.sessions, store.agents, store.groups, store.keyPairs,
                store.policies, store.projects, store.domains, store.settings, registry,
                Clock.fixed(Workload.T0.plusSeconds(86_400), ZoneOffset.UTC));
        passes = 0;
    }

    @Benchmark
    public int drain() {
        long t0 = System.nanoTime();
        placed = dispatcher.drain(Workload.GROUP, r -> passes++);
        nanos = System.nanoTime() - t0;
        return placed;
    }

    @TearDown(Level.Iteration)
    public void report() {
        verify(store, workload, placed);
        System.out.printf(Locale.ROOT, "%n[core %s] %,d placements in %.1f ms (%d passes) = %,.0f placements/s%n",
                policy, placed, nanos / 1e6, passes, placed / (nanos / 1e9));
    }

    /** Every session placed, on agents that hold exactly what their kernels ask for and no more than they offer. */
    static void verify(MemoryStore store, Workload w, int placed) {
        if (placed != w.sessions.size()) {
            throw new IllegalStateException("placed " + placed + " of " + w.sessions.size() + " sessions");
        }
        Map<String, ResourceSlots> held = new HashMap<>();
        for (Session original : w.sessions) {
            Session s = store.sessions.get(original.id());
            if (s.status() != SessionStatus.SCHEDULED) {
                throw new IllegalStateException("session " + s.id() + " is " + s.status() + ": " + s.statusReason());
            }
            for (Kernel k : s.kernels()) {
                held.merge(k.agentId(), k.slots(), ResourceSlots::plus);
            }
        }
        for (AgentCapacity a : w.agents) {
            AgentCapacity now = store.agents.get(a.id());
            ResourceSlots h = held.getOrDefault(a.id(), ResourceSlots.EMPTY);
            if (!now.allocated().nonZero().equals(h.nonZero()) || !now.allocated().fitsWithin(now.available(),
                    Amount.ZERO)) {
                throw new IllegalStateException("agent " + a.id() + " allocated " + now.allocated() + ", kernels hold "
                        + h + ", available " + now.available());
            }
        }
    }
}
