package io.berth.core.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.AgentStatus;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The benchmarks' inputs, the same on every run (fixed seed): agents with CPU and memory, every tenth
 * with eight CUDA devices; pending sessions of mixed sizes from a set of access keys, spread over
 * projects of one domain, which all fit the agents together.
 */
final class Workload {
    static final String GROUP = ResourceGroup.DEFAULT;
    static final String DOMAIN = Domain.DEFAULT;
    static final String POLICY = "bench";
    static final String ARCH = "x86_64";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final long GIB = 1L << 30;
    static final int PROJECTS = 20;

    final List<AgentCapacity> agents;
    final List<Session> sessions;
    final int accessKeys;

    private Workload(List<AgentCapacity> agents, List<Session> sessions, int accessKeys) {
        this.agents = agents;
        this.sessions = sessions;
        this.accessKeys = accessKeys;
    }

    /**
     * {@code agentCount} agents of {@code agentCpu} CPUs and {@code agentMemGib} GiB (every tenth also with
     * {@code agentGpus} {@code cuda.device}) and {@code sessionCount} sessions from {@code keyCount} access keys: 1–8 CPUs,
     * 1–32 GiB; 2 % ask for 1–2 CUDA devices, 3 % are clusters of two containers (single- or multi-node).
     */
    static Workload generate(int agentCount, int agentCpu, int agentMemGib, int agentGpus, int sessionCount, int keyCount,
            long seed) {
        Random rnd = new Random(seed);
        List<AgentCapacity> agents = new ArrayList<>(agentCount);
        for (int i = 0; i < agentCount; i++) {
            ResourceSlots available = slots(agentCpu, agentMemGib * GIB, i % 10 == 0 ? agentGpus : 0);
            agents.add(new AgentCapacity(String.format("agent-%04d", i), GROUP, ARCH, AgentStatus.ALIVE, true,
                    available, ResourceSlots.EMPTY, 0));
        }
        List<Session> sessions = new ArrayList<>(sessionCount);
        for (int i = 0; i < sessionCount; i++) {
            int roll = rnd.nextInt(100);
            int cpu = 1 << rnd.nextInt(4); // 1, 2, 4, 8
            long mem = (1L << rnd.nextInt(6)) * GIB; // 1 … 32 GiB
            int gpus = roll < 2 ? 1 + rnd.nextInt(2) : 0;
            int size = roll >= 97 ? 2 : 1;
            ClusterMode mode = roll == 99 ? ClusterMode.MULTI_NODE : ClusterMode.SINGLE_NODE;
            String key = String.format("AKBENCH%05d", rnd.nextInt(keyCount));
            String user = "user-" + key;
            String project = "project-" + Math.floorMod(key.hashCode(), PROJECTS);
            sessions.add(session(String.format("s-%06d", i), key, user, project, T0.plusMillis(i), cpu, mem, gpus,
                    size, mode, roll % 2 == 0 ? SessionType.INTERACTIVE : SessionType.BATCH));
        }
        return new Workload(List.copyOf(agents), List.copyOf(sessions), keyCount);
    }

    static ResourceSlots slots(long cpu, long mem, long cudaDevices) {
        Map<String, Amount> m = new TreeMap<>();
        m.put("cpu", Amount.of(cpu));
        m.put("mem", Amount.of(mem));
        if (cudaDevices > 0) {
            m.put("cuda.device", Amount.of(cudaDevices));
        }
        return ResourceSlots.of(m);
    }

    static Session session(String id, String key, String user, String project, Instant at, int cpu, long mem,
            int gpus, int size, ClusterMode mode, SessionType type) {
        ResourceSlots each = slots(cpu, mem, gpus);
        ResourceSlots total = each.times(BigDecimal.valueOf(size));
        List<Kernel> kernels = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            kernels.add(new Kernel(id + "-k" + k, id, k, null, null, SessionStatus.PENDING, null, each, null, null,
                    at, null));
        }
        String reason = "created by " + user + "@example.org";
        return new Session(id, "bench-" + id, key, user, user + "@example.org", project, DOMAIN, GROUP, type,
                "cr.example.org/python:3.12", null, size, mode, each, total, Map.of(), List.of(), null, 0,
                List.of(), null, false, SessionStatus.PENDING, reason, at, List.of(), 0, at, null, at, 1, kernels);
    }

    /** Limits that every session of the workload passes, as most real ones do, but still checked. */
    static KeyPairResourcePolicy policy() {
        KeyPairResourcePolicy d = KeyPairResourcePolicy.defaults(T0);
        return new KeyPairResourcePolicy(POLICY, d.defaultForUnspecified(), d.totalResourceSlots(),
                d.maxSessionLifetime(), KeyPairResourcePolicy.MAX_CONCURRENT_SESSIONS, d.maxPendingSessionCount(),
                d.maxPendingSessionResourceSlots(), 4, d.idleTimeout(), d.allowedVfolderHosts(), T0, T0);
    }

    static ResourceGroup group(String scheduler) {
        return new ResourceGroup(GROUP, "benchmark group", true, true, null, scheduler, SchedulerOptions.DEFAULTS, T0,
                T0);
    }

    static Domain domain() {
        return new Domain(DOMAIN, "benchmark domain", true, ResourceSlots.EMPTY, List.of(), List.of(), T0, T0);
    }

    static Project project(int i) {
        return new Project("project-" + i, DOMAIN, "project" + i, "benchmark project", true, ProjectType.GENERAL,
                ResourceSlots.EMPTY, List.of(), List.of(), "default", T0, T0);
    }

    /** The agent as a heartbeat would have registered it (for the persistence benchmark). */
    static Agent agent(AgentCapacity c) {
        return new Agent(c.id(), AgentStatus.ALIVE, "registered", "local", c.architecture(), "1.0", "127.0.0.1:6001",
                c.resourceGroup(), true, c.available(), ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0, T0);
    }
}
