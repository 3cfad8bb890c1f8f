package io.berth.rest.internal;

import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.AgentRequest;
import io.berth.core.agent.AgentWork;
import io.berth.core.agent.KernelOrder;
import io.berth.core.agent.KernelReport;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.NotFoundException;
import io.berth.spi.resource.ResourceSlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hand-written command channel: accepts only {@link FakeAgentService#TOKEN}, knows the agent
 * {@code i-gpu1} only (others are 404) and answers every poll with one run order, one destroy order and one
 * logs request at generation 7. Every call is recorded as given.
 */
final class FakeAgentChannel implements AgentChannel {
    final List<Object> calls = new ArrayList<>();

    private static void check(String token, String agentId) {
        if (!FakeAgentService.TOKEN.equals(token)) {
            throw new AuthenticationException("invalid agent token");
        }
        if (!"i-gpu1".equals(agentId)) {
            throw new NotFoundException("agent '" + agentId + "' is not registered; register again", "agent_id");
        }
    }

    /** The registry password of the RUN order. */
    static final String PASSWORD = "registry-pa55";

    @Override
    public AgentWork poll(String token, String agentId, long since, Duration wait) {
        calls.add(List.of("poll", token, agentId, since, wait));
        check(token, agentId);
        return new AgentWork(7, List.of(
                new KernelOrder(KernelOrder.Action.RUN, "k-0", "s-run", 0, "python:3.12",
                        FakeSessionService.PER_CONTAINER, Map.of("A", "1"), null, false, false, List.of("data"),
                        KernelOrder.PULL_DIGEST, "sha256:abc", "robot", PASSWORD),
                new KernelOrder(KernelOrder.Action.DESTROY, "k-9", "s-old", 0, "busybox", ResourceSlots.EMPTY, null,
                        "sleep 1", true, true, null)),
                List.of(new AgentRequest("r-1", AgentRequest.LOGS, "k-0", 500)));
    }

    @Override
    public void report(String token, String agentId, List<KernelReport> reports) {
        calls.add(List.of("report", token, agentId, reports));
        check(token, agentId);
    }

    @Override
    public void reply(String token, String agentId, String requestId, String body) {
        calls.add(List.of("reply", token, agentId, requestId, body));
        check(token, agentId);
    }
}
