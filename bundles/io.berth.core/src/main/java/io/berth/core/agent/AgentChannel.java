package io.berth.core.agent;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The manager-to-agent command channel (the agent pulls, so it works through NAT and needs no
 * server on the node). An agent long-polls {@link #poll} for what it must run and destroy, carries
 * it out idempotently (keyed by kernel id), and reports each kernel's state with {@link #report}.
 * Every method takes the shared agent token, compared in constant time.
 */
@ProviderType
public interface AgentChannel {
    /** How long a poll waits at most when nothing changes. */
    Duration MAX_WAIT = Duration.ofSeconds(25);

    /**
     * What the manager wants of {@code agentId} now. Returns at once when {@code since} differs from
     * the agent's current generation (first poll: -1), else waits up to {@code wait} (at most
     * {@link #MAX_WAIT}) for a change. A manager holding many polls already answers at once, so that
     * waiting polls never take all its threads; agents then poll again after a short pause.
     */
    AgentWork poll(String token, String agentId, long since, Duration wait) throws InterruptedException;

    /**
     * Kernel states as the agent sees them. Reports about kernels the manager does not know, or about
     * kernels already ended, change nothing; such kernels are absent from the orders, and the agent
     * removes the containers it runs for kernels the orders no longer mention.
     */
    void report(String token, String agentId, List<KernelReport> reports);

    /** The answer to an {@link AgentRequest}; late or unknown answers are ignored. */
    void reply(String token, String agentId, String requestId, String body);
}
