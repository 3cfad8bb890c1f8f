package io.berth.core.internal;

import io.berth.core.agent.AgentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-agent generation counters that wake long polls when the manager wants something new of an
 * agent, and the open requests (questions to agents awaiting an answer). Generations start at a
 * value derived from the start time, so an agent that polls a restarted manager with its old
 * generation gets an answer at once.
 */
final class AgentSignals {
    private record Open(String agentId, AgentRequest request, CompletableFuture<String> answer) {
    }

    private final long base = System.currentTimeMillis() * 1000;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Open> requests = new ConcurrentHashMap<>();

    private AtomicLong counter(String agentId) {
        return generations.computeIfAbsent(agentId, a -> new AtomicLong(base));
    }

    long generation(String agentId) {
        return counter(agentId).get();
    }

    /** Something changed for the agent: raise its generation and wake its poll. */
    void bump(String agentId) {
        if (agentId == null) {
            return;
        }
        AtomicLong c = counter(agentId);
        synchronized (c) {
            c.incrementAndGet();
            c.notifyAll();
        }
    }

    /** Waits until the agent's generation differs from {@code since} or {@code wait} has passed. */
    long await(String agentId, long since, Duration wait) throws InterruptedException {
        AtomicLong c = counter(agentId);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (c) {
            while (c.get() == since) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                c.wait(Math.max(1, left / 1_000_000));
            }
            return c.get();
        }
    }

    /** Opens a request to the agent and wakes its poll; the future completes with the answer. */
    CompletableFuture<String> ask(String agentId, String kind, String kernelId, int tailLines) {
        AgentRequest r = new AgentRequest(UUID.randomUUID().toString(), kind, kernelId, tailLines);
        CompletableFuture<String> answer = new CompletableFuture<>();
        requests.put(r.id(), new Open(agentId, r, answer));
        answer.whenComplete((v, e) -> requests.remove(r.id()));
        bump(agentId);
        return answer;
    }

    List<AgentRequest> openRequests(String agentId) {
        List<AgentRequest> out = new ArrayList<>();
        requests.values().forEach(o -> {
            if (o.agentId().equals(agentId)) {
                out.add(o.request());
            }
        });
        return out;
    }

    /** Completes the request when it is open and was sent to this agent; returns whether it was. */
    boolean answer(String agentId, String requestId, String body) {
        Open o = requests.get(requestId);
        if (o == null || !o.agentId().equals(agentId)) {
            return false;
        }
        return o.answer().complete(body == null ? "" : body);
    }
}
