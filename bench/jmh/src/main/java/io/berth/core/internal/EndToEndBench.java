package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.persistence.jpa.internal.BenchDatabase;
import io.berth.spi.resource.Amount;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * Sessions scheduled per second including persistence: the real JPA repositories over embedded Derby (a
 * fresh database in a temporary folder per iteration, schema migrated), {@code agents} ALIVE agents
 * (256 CPUs, 1 TiB, every tenth with 32 CUDA devices) and {@code sessions} pending sessions inserted
 * through the session repository, from {@code keys} keypairs of as many users. One operation passes the
 * group until nothing more is placed; sessions scheduled per second = sessions / time of the operation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class EndToEndBench {
    private static final int INSERT_BATCH = 500;

    @Param("fifo")
    public String policy;

    @Param("100")
    public int agents;

    @Param("5000")
    public int sessions;

    @Param("200")
    public int keys;

    private Workload workload;
    private BenchDatabase db;
    private Dispatcher dispatcher;
    private int placed;
    private int passes;
    private long nanos;
    private long setupNanos;

    @Setup(Level.Trial)
    public void workload() {
        workload = Workload.generate(agents, 256, 1024, 32, sessions, keys, 7);
    }

    @Setup(Level.Iteration)
    public void freshDatabase() {
        long t0 = System.nanoTime();
        db = BenchDatabase.create();
        db.tx().run(() -> {
            db.domains().insert(Workload.domain());
            for (int i = 0; i < Workload.PROJECTS; i++) {
                db.projects().insert(Workload.project(i));
            }
            db.keyPairPolicies().insert(Workload.policy());
            db.groups().update(Workload.group(policy));
            Set<String> done = new HashSet<>();
            for (Session s : workload.sessions) {
                if (done.add(s.accessKey())) {
                    db.users().insert(new User(s.userId(), s.ownerEmail(), s.userId(), null, null, null,
                            Workload.DOMAIN, Role.USER, UserStatus.ACTIVE, false, false, s.accessKey(), "default",
                            Set.of(s.projectId()), Workload.T0, Workload.T0));
                    db.keyPairs().insert(new KeyPair(s.accessKey(), "secret-" + s.accessKey(), s.userId(), true,
                            false, Workload.POLICY, KeyPair.DEFAULT_RATE_LIMIT, Workload.T0, null, 0));
                }
            }
            for (AgentCapacity a : workload.agents) {
                db.agents().insert(Workload.agent(a));
            }
        });
        List<Session> all = workload.sessions;
        for (int from = 0; from < all.size(); from += INSERT_BATCH) {
            List<Session> chunk = all.subList(from, Math.min(all.size(), from + INSERT_BATCH));
            db.tx().run(() -> chunk.forEach(s -> db.sessions().insert(s,
                    new StatusChange(SessionStatus.PENDING, s.statusReason(), s.createdAt()))));
        }
        PolicyRegistry registry = new PolicyRegistry();
        registry.add(policy, DispatcherCoreBench.policy(policy));
        dispatcher = new Dispatcher(db.tx(), db.sessions(), db.agents(), db.groups(), db.keyPairs(),
                db.keyPairPolicies(), db.projects(), db.domains(),
                new SettingsServiceImpl(db.tx(), db.settings(), Clock.systemUTC()), registry,
                Clock.systemUTC());
        passes = 0;
        setupNanos = System.nanoTime() - t0;
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
        try {
            int left = db.sessions().pending(Workload.GROUP, sessions).size();
            if (placed != sessions || left != 0) {
                throw new IllegalStateException("placed " + placed + " of " + sessions + ", " + left
                        + " still pending");
            }
            for (AgentCapacity c : db.agents().capacities(Workload.GROUP)) {
                if (!c.allocated().fitsWithin(c.available(), Amount.ZERO)) {
                    throw new IllegalStateException("agent " + c.id() + " over-committed: " + c.allocated());
                }
            }
            System.out.printf(Locale.ROOT, "%n[end-to-end %s] %,d sessions scheduled in %.1f ms (%d passes) = %,.0f"
                    + " sessions/s (setup %.1f s)%n", policy, placed, nanos / 1e6, passes, placed / (nanos / 1e9),
                    setupNanos / 1e9);
        } finally {
            db.close();
        }
    }
}
