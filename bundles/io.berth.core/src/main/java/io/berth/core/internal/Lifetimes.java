package io.berth.core.internal;

import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.KeyPair;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC C6 and P1: ends sessions whose time is up. A pending session is cancelled when it waited longer
 * than its group's pending timeout; any session is ended when its keypair policy's max session lifetime
 * (counted from creation, pending time included) has passed; a running session is terminated when it
 * showed no activity for the policy's idle timeout. Each records its reason.
 */
final class Lifetimes {
    static final int MAX_PER_SWEEP = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(Lifetimes.class);

    /** A session to end and why. */
    record Expiry(Session session, String reason) {
    }

    private final UnitOfWork tx;
    private final SessionRepository sessions;
    private final io.berth.core.repo.AgentRepository agents;
    private final ResourceGroupRepository groups;
    private final KeyPairRepository keyPairs;
    private final KeyPairPolicyRepository policies;
    private final Clock clock;

    Lifetimes(UnitOfWork tx, SessionRepository sessions, io.berth.core.repo.AgentRepository agents,
            ResourceGroupRepository groups, KeyPairRepository keyPairs,
            KeyPairPolicyRepository policies, Clock clock) {
        this.tx = tx;
        this.sessions = sessions;
        this.agents = agents;
        this.groups = groups;
        this.keyPairs = keyPairs;
        this.policies = policies;
        this.clock = clock;
    }

    /** The sessions whose time is up now, with the reason. */
    List<Expiry> due() {
        return tx.inTransaction(() -> {
            Instant now = clock.instant();
            Map<String, Optional<ResourceGroup>> groupCache = new HashMap<>();
            Map<String, Optional<KeyPairResourcePolicy>> policyCache = new HashMap<>();
            List<Expiry> out = new ArrayList<>();
            for (Session s : sessions.notFinal(MAX_PER_SWEEP)) {
                if (s.status() == SessionStatus.TERMINATING) {
                    continue;
                }
                String reason = null;
                if (s.status() == SessionStatus.PENDING) {
                    long timeout = groupCache.computeIfAbsent(s.resourceGroup(), groups::find)
                            .map(g -> g.schedulerOptions().pendingTimeout()).orElse(0L);
                    if (timeout > 0 && !now.isBefore(s.createdAt().plusSeconds(timeout))) {
                        reason = "pending timeout of " + timeout + " s passed";
                    }
                }
                KeyPairResourcePolicy p = policyCache.computeIfAbsent(s.accessKey(), ak -> keyPairs.find(ak)
                        .map(KeyPair::resourcePolicy).flatMap(policies::find)).orElse(null);
                if (reason == null && p != null && p.maxSessionLifetime() > 0
                        && !now.isBefore(s.createdAt().plusSeconds(p.maxSessionLifetime()))) {
                    reason = "max session lifetime of " + p.maxSessionLifetime() + " s reached";
                }
                if (reason == null && p != null && p.idleTimeout() > 0 && s.status() == SessionStatus.RUNNING) {
                    Instant last = s.lastActivity() != null ? s.lastActivity() : s.statusChangedAt();
                    if (!now.isBefore(last.plusSeconds(p.idleTimeout()))) {
                        reason = "idle timeout: no activity for " + p.idleTimeout() + " s";
                    }
                }
                if (reason != null) {
                    out.add(new Expiry(s, reason));
                }
            }
            return out;
        });
    }

    /** Ends every due session; returns the sessions ended and the agents to wake. */
    List<Session> sweep(List<String> touchedAgents) {
        List<Session> ended = new ArrayList<>();
        for (Expiry e : due()) {
            SessionLifecycle life = new SessionLifecycle(sessions, agents, clock);
            try {
                Session done = tx.inTransaction(() -> sessions.find(e.session().id())
                        .filter(s -> s.version() == e.session().version())
                        .map(s -> life.terminate(s, e.reason(), false)).orElse(null));
                if (done != null) {
                    ended.add(done);
                    touchedAgents.addAll(life.touchedAgents());
                }
            } catch (ConcurrentChange ex) {
                LOG.debug("session {} changed while expiring; the next sweep looks again", e.session().id());
            }
        }
        return ended;
    }

    /**
     * SPEC A3: a session with a container on an agent that is LOST says so in its status reason (its
     * status stays: the containers may still run and the agent may come back); when the agent is
     * ALIVE again the reason says that too. Each change is one history entry.
     */
    int noteLostAgents() {
        return tx.inTransaction(() -> {
            java.util.Set<String> lost = new java.util.HashSet<>();
            for (io.berth.core.agent.AgentCapacity c : agents.allCapacities()) {
                if (c.status() == io.berth.core.agent.AgentStatus.LOST) {
                    lost.add(c.id());
                }
            }
            int changed = 0;
            Instant now = clock.instant();
            SessionLifecycle life = new SessionLifecycle(sessions, agents, clock);
            for (Session s : sessions.notFinal(MAX_PER_SWEEP)) {
                if (!s.status().holdsResources()) {
                    continue;
                }
                String lostAgent = s.kernels().stream().map(k -> k.agentId()).filter(lost::contains).findFirst()
                        .orElse(null);
                java.util.regex.Matcher m = LOST.matcher(s.statusReason() == null ? "" : s.statusReason());
                boolean noted = m.matches();
                String next = null;
                if (lostAgent != null && !noted) {
                    next = "agent " + lostAgent + LOST_SUFFIX;
                } else if (lostAgent == null && noted) {
                    next = "agent " + m.group(1) + " reconnected";
                }
                if (next != null) {
                    Session marked = s.withReason(next);
                    try {
                        life.save(marked, new io.berth.core.session.StatusChange(s.status(), next, now));
                        changed++;
                    } catch (ConcurrentChange e) {
                        LOG.debug("session {} changed while noting its agent; the next sweep looks again", s.id());
                    }
                }
            }
            return changed;
        });
    }

    static final String LOST_SUFFIX = " lost: waiting for it to reconnect";
    private static final java.util.regex.Pattern LOST = java.util.regex.Pattern.compile(
            "^agent (\\S+)" + java.util.regex.Pattern.quote(LOST_SUFFIX) + "$");
}
