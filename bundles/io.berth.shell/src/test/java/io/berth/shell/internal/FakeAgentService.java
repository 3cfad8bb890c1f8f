package io.berth.shell.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
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

/** An in-memory agent service holding three agents; it records the callers and the last query and page. */
class FakeAgentService implements AgentService {
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-05-06T07:08:09Z");

    final Map<String, Agent> agents = new TreeMap<>();
    final List<Caller> callers = new ArrayList<>();
    AgentQuery lastQuery;
    PageRequest lastPage;

    FakeAgentService() {
        add(new Agent("i-gpu1", AgentStatus.ALIVE, "heartbeat", "eu-west", "x86_64", "1.2.0", "tcp://10.0.0.5:6001",
                "gpu", true,
                ResourceSlots.of(Map.of("cpu", Amount.of(32), "mem", Amount.of(134_876_543_210L), "cuda.device",
                        Amount.of(2))),
                ResourceSlots.of(Map.of("cpu", Amount.of(new BigDecimal("4.5")), "mem", Amount.of(8L << 30))),
                37.5, 20_000_000_000L, 3,
                List.of(new DeviceInfo("cuda", "0", "NVIDIA H200", 150_000_000_000L,
                        ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), 81.25, 42_000_000_000L),
                        new DeviceInfo("cuda", "1", "NVIDIA H200", 150_000_000_000L,
                                ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), -1, -1)),
                T0, T1, T0));
        add(new Agent("i-cpu7", AgentStatus.LOST, "no heartbeat for 60 s", "eu-west", "aarch64", "1.2.0",
                "tcp://10.0.0.7:6001", "default", false, ResourceSlots.of(Map.of("cpu", Amount.of(8))),
                ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0, T1));
        add(new Agent("i-old", AgentStatus.TERMINATED, "goodbye", null, null, null, null, "default", true,
                ResourceSlots.EMPTY, ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0, T1));
    }

    private void add(Agent a) {
        agents.put(a.id(), a);
    }

    private Agent found(String id) {
        Agent a = agents.get(id);
        if (a == null) {
            throw new NotFoundException("no agent '" + id + "'", "id");
        }
        return a;
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
        throw new UnsupportedOperationException("the shell never registers agents");
    }

    @Override
    public Agent heartbeat(String token, AgentReport report) {
        throw new UnsupportedOperationException("the shell never sends heartbeats");
    }

    @Override
    public void goodbye(String token, String agentId) {
        throw new UnsupportedOperationException("the shell never says goodbye");
    }

    @Override
    public Page<Agent> list(Caller caller, AgentQuery query, PageRequest page) {
        callers.add(caller);
        lastQuery = query;
        lastPage = page;
        List<Agent> all = agents.values().stream()
                .filter(a -> query.statuses() == null || query.statuses().contains(a.status()))
                .filter(a -> query.resourceGroup() == null || query.resourceGroup().equals(a.resourceGroup()))
                .toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(),
                page.limit());
    }

    @Override
    public Agent get(Caller caller, String id) {
        callers.add(caller);
        return found(id);
    }

    @Override
    public Agent setSchedulable(Caller caller, String id, boolean schedulable) {
        callers.add(caller);
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
        throw new UnsupportedOperationException("the shell never marks agents lost");
    }
}
