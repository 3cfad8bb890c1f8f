package io.berth.core.internal;

import io.berth.core.agent.AgentCapacity;
import io.berth.core.agent.KernelReport;
import io.berth.core.group.SessionType;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.spi.resource.ResourceSlots;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPEC C1: every status change of a session and of its kernels, in one place. Changes are computed on
 * a session read in the caller's transaction and saved with a compare-and-set on its version; a
 * kernel that reaches a final status gives its slots back to its agent in the same transaction, so
 * an agent's allocation is always the sum of its live kernels. Agents whose orders change are woken
 * after the caller's transaction (see {@link #touchedAgents()}).
 */
final class SessionLifecycle {
    static final int CAS_RETRIES = 50;
    static final int MAX_REASON = 2000;

    private final SessionRepository sessions;
    private final AgentRepository agents;
    private final Clock clock;
    private final Set<String> touched = new LinkedHashSet<>();

    SessionLifecycle(SessionRepository sessions, AgentRepository agents, Clock clock) {
        this.sessions = sessions;
        this.agents = agents;
        this.clock = clock;
    }

    /** Agents whose orders changed through this lifecycle since the last call; clears the list. */
    List<String> touchedAgents() {
        List<String> out = List.copyOf(touched);
        touched.clear();
        return out;
    }

    static String clip(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    /**
     * Moves the session to {@code next}, saving it with a history entry.
     *
     * @throws IllegalStateException when the state machine does not allow the move
     * @throws ConcurrentChange      when the stored session changed meanwhile
     */
    Session move(Session s, SessionStatus next, String reason) {
        if (!s.status().canMoveTo(next)) {
            throw new IllegalStateException("session " + s.id() + " cannot move from " + s.status() + " to " + next);
        }
        Instant now = clock.instant();
        return save(s.withStatus(next, clip(reason), now), new StatusChange(next, clip(reason), now));
    }

    /** Saves the session one version after the one it was read with; returns it as saved. */
    Session save(Session s, StatusChange change) {
        Session saved = s.withVersion(s.version() + 1);
        if (!sessions.update(saved, change)) {
            throw new ConcurrentChange("session " + s.id() + " changed meanwhile");
        }
        return saved;
    }

    /**
     * Ends the session: a pending one is cancelled; a placed one goes TERMINATING and its agents are told
     * to destroy its containers, or, {@code forced}, ends at once and gives its slots back. A session
     * already final, or already terminating when not forced, is returned as it is.
     */
    Session terminate(Session s, String reason, boolean forced) {
        if (s.status().isFinal()) {
            return s;
        }
        Instant now = clock.instant();
        if (s.status() == SessionStatus.PENDING) {
            List<Kernel> ks = s.kernels().stream().map(k -> k.ended(SessionStatus.CANCELLED, reason, null, null, now))
                    .toList();
            return move(s.withKernels(ks), SessionStatus.CANCELLED, reason);
        }
        if (forced) {
            Session ended = endKernels(s, k -> true, SessionStatus.TERMINATED, "forced: " + reason, null, null);
            SessionStatus last = ended.kernels().stream().anyMatch(k -> k.status() == SessionStatus.ERROR)
                    && s.status() == SessionStatus.TERMINATING ? SessionStatus.ERROR : SessionStatus.TERMINATED;
            return move(ended, last, s.status() == SessionStatus.TERMINATING ? s.statusReason() + " (forced)" : reason);
        }
        if (s.status() == SessionStatus.TERMINATING) {
            return s;
        }
        List<Kernel> ks = new ArrayList<>();
        for (Kernel k : s.kernels()) {
            if (!k.status().isFinal()) {
                ks.add(k.with(SessionStatus.TERMINATING, reason));
                touched.add(k.agentId());
            } else {
                ks.add(k);
            }
        }
        return move(s.withKernels(ks), SessionStatus.TERMINATING, reason);
    }

    /** Applies an agent's report about one of the session's kernels; returns the session as saved. */
    Session report(Session s, String agentId, KernelReport r) {
        Kernel k = s.kernels().stream().filter(x -> x.id().equals(r.kernelId())).findFirst().orElse(null);
        if (k == null || !agentId.equals(k.agentId()) || k.status().isFinal() || s.status().isFinal()) {
            return s;
        }
        Instant now = clock.instant();
        return switch (r.state()) {
            case PREPARING -> started(s, k, SessionStatus.PREPARING, r, now);
            case RUNNING -> started(s, k, SessionStatus.RUNNING, r, now);
            case EXITED -> {
                Integer code = r.exitCode();
                boolean ok = code != null && code == 0;
                String why = "container #" + k.index() + " exited with code " + (code == null ? "unknown" : code);
                yield ended(s, k, ok ? SessionStatus.TERMINATED : SessionStatus.ERROR, why, r);
            }
            case DESTROYED -> k.status() == SessionStatus.TERMINATING
                    ? ended(s, k, SessionStatus.TERMINATED, k.statusReason(), r)
                    // removed behind the manager's back: the work did not finish
                    : ended(s, k, SessionStatus.ERROR, "container #" + k.index() + " was removed on the agent", r);
            case FAILED -> ended(s, k, SessionStatus.ERROR, "container #" + k.index() + " failed: "
                    + (r.reason() == null || r.reason().isBlank() ? "no reason given" : r.reason()), r);
        };
    }

    private Session started(Session s, Kernel k, SessionStatus kernelStatus, KernelReport r, Instant now) {
        Kernel updated = k;
        if (r.containerId() != null && !r.containerId().equals(k.containerId())) {
            updated = updated.withContainer(r.containerId());
        }
        if (k.status() != kernelStatus && k.status().canMoveTo(kernelStatus)) {
            updated = updated.with(kernelStatus, kernelStatus == SessionStatus.RUNNING ? "container running"
                    : "container being created");
        }
        boolean activity = r.active() && kernelStatus == SessionStatus.RUNNING;
        if (updated.equals(k)) {
            // nothing new but maybe activity: write it at most every ten seconds
            if (activity && (s.lastActivity() == null || s.lastActivity().plusSeconds(10).isBefore(now))) {
                return save(s.withActivity(now), null);
            }
            return s;
        }
        Session next = s.withKernels(replace(s.kernels(), updated));
        if (activity || kernelStatus == SessionStatus.RUNNING && k.status() != SessionStatus.RUNNING) {
            next = next.withActivity(now);
        }
        boolean allRunning = next.kernels().stream().allMatch(x -> x.status() == SessionStatus.RUNNING);
        if (allRunning && s.status().canMoveTo(SessionStatus.RUNNING)) {
            return move(next, SessionStatus.RUNNING, next.clusterSize() == 1 ? "container running"
                    : "all " + next.clusterSize() + " containers running");
        }
        if (kernelStatus == SessionStatus.PREPARING && s.status() == SessionStatus.SCHEDULED) {
            return move(next, SessionStatus.PREPARING, "agent " + k.agentId() + " is creating the container"
                    + (next.clusterSize() == 1 ? "" : "s"));
        }
        return save(next, null);
    }

    private Session ended(Session s, Kernel k, SessionStatus kernelStatus, String why, KernelReport r) {
        Session next = endKernels(s, x -> x.id().equals(k.id()), kernelStatus, why, r.exitCode(), r.logTail());
        boolean allFinal = next.kernels().stream().allMatch(x -> x.status().isFinal());
        boolean anyError = next.kernels().stream().anyMatch(x -> x.status() == SessionStatus.ERROR);
        if (s.status() == SessionStatus.TERMINATING) {
            if (!allFinal) {
                return save(next, null);
            }
            return move(next, anyError ? SessionStatus.ERROR : SessionStatus.TERMINATED, s.statusReason());
        }
        // the container ended by itself
        String reason = s.type() == SessionType.BATCH && k.isMain() && kernelStatus == SessionStatus.TERMINATED
                && r.state() == KernelReport.State.EXITED ? "batch job finished (exit code 0)" : why;
        if (!allFinal) {
            List<Kernel> ks = new ArrayList<>();
            for (Kernel x : next.kernels()) {
                if (!x.status().isFinal()) {
                    ks.add(x.with(SessionStatus.TERMINATING, reason));
                    touched.add(x.agentId());
                } else {
                    ks.add(x);
                }
            }
            return move(next.withKernels(ks), SessionStatus.TERMINATING, reason);
        }
        return move(next, anyError ? SessionStatus.ERROR : SessionStatus.TERMINATED, reason);
    }

    /** Moves the matching non-final kernels to a final status and gives their slots back to their agents. */
    Session endKernels(Session s, java.util.function.Predicate<Kernel> which, SessionStatus status, String reason,
            Integer exitCode, String logTail) {
        Instant now = clock.instant();
        Map<String, ResourceSlots> release = new LinkedHashMap<>();
        List<Kernel> ks = new ArrayList<>();
        for (Kernel k : s.kernels()) {
            if (!k.status().isFinal() && which.test(k)) {
                if (k.agentId() != null && k.status().holdsResources()) {
                    release.merge(k.agentId(), k.slots(), ResourceSlots::plus);
                    touched.add(k.agentId());
                }
                ks.add(k.ended(status, clip(reason), exitCode, logTail, now));
            } else {
                ks.add(k);
            }
        }
        release.forEach(this::release);
        return s.withKernels(ks);
    }

    /** Takes {@code slots} off the agent's allocation (never below zero), retrying on concurrent changes. */
    void release(String agentId, ResourceSlots slots) {
        for (int i = 0; i < CAS_RETRIES; i++) {
            AgentCapacity c = agents.capacity(agentId).orElse(null);
            if (c == null) {
                return;
            }
            if (agents.allocate(agentId, c.version(), c.allocated().minus(slots).max(ResourceSlots.EMPTY).nonZero())) {
                return;
            }
        }
        throw new ConcurrentChange("allocation of agent " + agentId + " kept changing");
    }

    private static List<Kernel> replace(List<Kernel> ks, Kernel k) {
        List<Kernel> out = new ArrayList<>(ks.size());
        for (Kernel x : ks) {
            out.add(x.id().equals(k.id()) ? k : x);
        }
        return out;
    }
}
