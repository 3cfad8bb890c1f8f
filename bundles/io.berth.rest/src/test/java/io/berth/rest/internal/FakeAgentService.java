package io.berth.rest.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-written in-memory agent service. The agent side accepts only {@link #TOKEN}; the admin side lets
 * superadmins change and global readers read, like core (SPEC R3), and answers 403 otherwise. Every call is
 * recorded as given.
 */
final class FakeAgentService implements AgentService {
    static final String TOKEN = "agent-s3cret";
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-05-06T07:08:09Z");

    final Map<String, Agent> agents = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();

    FakeAgentService() {
        agents.put("i-gpu1", new Agent("i-gpu1", AgentStatus.ALIVE, "heartbeat", "eu-west", "x86_64", "1.2.0",
                "tcp://10.0.0.5:6001", "gpu", true,
                ResourceSlots.of(Map.of("cpu", Amount.of(32), "mem", Amount.of(137_438_953_472L), "cuda.device",
                        Amount.of(2))),
                ResourceSlots.of(Map.of("cpu", Amount.of(new BigDecimal("4.5")), "mem", Amount.of(8_589_934_592L))),
                37.5, 20_000_000_000L, 3,
                List.of(new DeviceInfo("cuda", "0", "NVIDIA H200", 150_000_000_000L,
                        ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), 81.25, 42_000_000_000L),
                        new DeviceInfo("cuda", "1", "NVIDIA H200", 150_000_000_000L,
                                ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), -1, -1)),
                T0, T1, T1));
        agents.put("i-old", new Agent("i-old", AgentStatus.TERMINATED, "goodbye", "eu-west", "aarch64", "1.1.0",
                "tcp://10.0.0.9:6001", "default", false, ResourceSlots.EMPTY, ResourceSlots.EMPTY, 0, 0, 0, List.of(),
                T0, T0, T1));
    }

    private static void token(String token) {
        if (!TOKEN.equals(token)) {
            throw new AuthenticationException("invalid agent token");
        }
    }

    private static void reads(Caller caller) {
        if (!caller.isGlobalReader()) {
            throw new ForbiddenException("only superadmins and monitors see agents");
        }
    }

    private Agent found(String id) {
        Agent a = agents.get(id);
        if (a == null) {
            throw new NotFoundException("no agent '" + id + "'", "id");
        }
        return a;
    }

    private static Agent from(AgentReport r, Agent before) {
        return new Agent(r.id(), AgentStatus.ALIVE, before == null ? "registered" : "heartbeat", r.region(),
                r.architecture(), r.version(), r.address(), r.resourceGroup(), before == null || before.schedulable(),
                r.availableSlots(), r.occupiedSlots(), r.cpuPercent(), r.memoryUsedBytes(), r.containerCount(),
                r.devices(), before == null ? T1 : before.firstContact(), T1, T1);
    }

    @Override
    public Duration heartbeatInterval() {
        return Duration.ofSeconds(15);
    }

    @Override
    public Duration heartbeatTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Agent register(String token, AgentReport report) {
        calls.add(List.of("register", token, report));
        token(token);
        Agent a = from(report, agents.get(report.id()));
        agents.put(a.id(), a);
        return a;
    }

    @Override
    public Agent heartbeat(String token, AgentReport report) {
        calls.add(List.of("heartbeat", token, report));
        token(token);
        Agent before = agents.get(report.id());
        if (before == null) {
            throw new NotFoundException("agent '" + report.id() + "' is not registered; register again", "id");
        }
        Agent a = from(report, before);
        agents.put(a.id(), a);
        return a;
    }

    @Override
    public void goodbye(String token, String agentId) {
        calls.add(List.of("goodbye", token, agentId));
        token(token);
        Agent a = found(agentId);
        agents.put(agentId, new Agent(a.id(), AgentStatus.TERMINATED, "goodbye", a.region(), a.architecture(),
                a.version(), a.address(), a.resourceGroup(), a.schedulable(), a.availableSlots(), a.occupiedSlots(),
                a.cpuPercent(), a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(),
                a.lastHeartbeat(), T1));
    }

    @Override
    public Page<Agent> list(Caller caller, AgentQuery query, PageRequest page) {
        calls.add(java.util.Arrays.asList("list", caller, query, page));
        reads(caller);
        List<Agent> all = agents.values().stream()
                .filter(a -> query.statuses() == null || query.statuses().contains(a.status()))
                .filter(a -> query.resourceGroup() == null || query.resourceGroup().equals(a.resourceGroup()))
                .toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(),
                page.limit());
    }

    @Override
    public Agent get(Caller caller, String id) {
        calls.add(List.of("get", caller, id));
        reads(caller);
        return found(id);
    }

    @Override
    public Agent setSchedulable(Caller caller, String id, boolean schedulable) {
        calls.add(List.of("schedulable", caller, id, schedulable));
        if (!caller.isSuperadmin()) {
            throw new ForbiddenException("only superadmins change agents");
        }
        Agent a = found(id);
        Agent changed = new Agent(a.id(), a.status(), a.statusReason(), a.region(), a.architecture(), a.version(),
                a.address(), a.resourceGroup(), schedulable, a.availableSlots(), a.occupiedSlots(), a.cpuPercent(),
                a.memoryUsedBytes(), a.containerCount(), a.devices(), a.firstContact(), a.lastHeartbeat(),
                a.statusChangedAt());
        agents.put(id, changed);
        return changed;
    }

    @Override
    public int markLost() {
        throw new UnsupportedOperationException("REST never marks agents lost");
    }
}
