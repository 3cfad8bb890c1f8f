package io.berth.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration and heartbeats on one scheduled thread: register, then heartbeat at the interval the
 * manager answers; register again when a heartbeat gets 404; back off exponentially (up to 30 s)
 * while the manager is unreachable, refuses the token or fails. Each kind of problem is logged once
 * until it clears. At {@link #stop} the agent says goodbye, bounded to 2 s.
 */
final class AgentLoop {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    static final Duration GOODBYE_BOUND = Duration.ofSeconds(2);

    private final String agentId;
    private final ManagerClient client;
    private final Supplier<Optional<String>> token;
    private final String tokenSource;
    private final Supplier<AgentState> state;
    private final Duration defaultInterval;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;

    private volatile boolean registered;
    private volatile boolean stopped;
    private Duration interval;
    private final ProblemLog problems = new ProblemLog(LOG);
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();

    /**
     * @param token       the agent token when it is known (read afresh before every request)
     * @param tokenSource where the token comes from, for log messages (never the token itself)
     * @param state       the agent's current state, asked before every request
     * @param executor    a single-threaded executor owned by this loop from {@link #start()} on
     */
    AgentLoop(String agentId, ManagerClient client, Supplier<Optional<String>> token, String tokenSource,
            Supplier<AgentState> state, Duration defaultInterval, Backoff backoff,
            ScheduledExecutorService executor) {
        this.agentId = agentId;
        this.client = client;
        this.token = token;
        this.tokenSource = tokenSource;
        this.state = state;
        this.defaultInterval = defaultInterval;
        this.interval = defaultInterval;
        this.backoff = backoff;
        this.executor = executor;
    }

    void start() {
        executor.execute(this::tick);
    }

    boolean registered() {
        return registered;
    }

    int registrations() {
        return registrations.get();
    }

    int heartbeats() {
        return heartbeats.get();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        Duration next;
        try {
            next = step();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            problems.report("failure", "The agent loop failed; retrying with backoff", e);
            next = backoff.next();
        }
        if (!stopped) {
            try {
                executor.schedule(this::tick, Math.max(0, next.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** One register or heartbeat attempt; returns the delay until the next. */
    Duration step() throws InterruptedException {
        Optional<String> t = token.get();
        if (t.isEmpty() || t.get().isBlank()) {
            problems.report("token", "Agent " + agentId + " waits for its token (" + tokenSource + ")", null);
            return backoff.next();
        }
        String path = registered ? "heartbeat" : "register";
        String body = state.get().toJson();
        ManagerClient.Response r;
        try {
            r = client.post(path, t.get(), body);
        } catch (IOException e) {
            problems.report("unreachable", "The manager at " + client.base() + " is unreachable (" + e
                    + "); retrying with backoff up to 30 s", null);
            return backoff.next();
        }
        int status = r.status();
        if (status == 200 || status == 201) {
            backoff.reset();
            if (!registered) {
                interval = intervalOf(r.body());
                registered = true;
                registrations.incrementAndGet();
                problems.clear();
                LOG.info("Agent {} registered with the manager at {} (heartbeat every {} ms)", agentId,
                        client.base(), interval.toMillis());
            } else {
                heartbeats.incrementAndGet();
                if (problems.clear()) {
                    LOG.info("Agent {}: the manager answers again", agentId);
                }
            }
            return interval;
        }
        if (status == 404 && registered) {
            registered = false;
            LOG.info("The manager does not know agent {} (HTTP 404 to a heartbeat); registering again", agentId);
            return Duration.ZERO;
        }
        if (status == 401 || status == 403) {
            problems.report("token-refused", "The manager at " + client.base() + " refused the token of agent "
                    + agentId + " (HTTP " + status + "); check " + tokenSource + "; retrying with backoff", null);
            return backoff.next();
        }
        problems.report("status-" + status, "The manager answered HTTP " + status + " to the " + path + " of agent "
                + agentId + ": " + abbreviate(r.body()) + "; retrying with backoff", null);
        return backoff.next();
    }

    /** Stops the loop and says goodbye when registered; returns within about 3 s. */
    void stop() {
        stopped = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!registered) {
            return;
        }
        Optional<String> t = token.get();
        if (t.isEmpty()) {
            return;
        }
        String body = AgentState.JSON.createObjectNode().put("id", agentId).toString();
        ManagerClient.Response r = client.postBounded("goodbye", t.get(), body, GOODBYE_BOUND);
        registered = false;
        if (r != null && r.status() / 100 == 2) {
            LOG.info("Agent {} said goodbye to the manager", agentId);
        } else {
            LOG.info("Agent {} stopped; the manager did not take its goodbye ({})", agentId,
                    r == null ? "unreachable or no answer within " + GOODBYE_BOUND.toSeconds() + " s"
                            : "HTTP " + r.status());
        }
    }

    private Duration intervalOf(String body) {
        try {
            JsonNode n = AgentState.JSON.readTree(body).path("heartbeat_interval_seconds");
            if (n.isNumber() && n.doubleValue() > 0) {
                return Duration.ofMillis(Math.max(10, Math.round(n.doubleValue() * 1000)));
            }
        } catch (IOException | RuntimeException e) {
            // keep the configured interval
        }
        return defaultInterval;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
