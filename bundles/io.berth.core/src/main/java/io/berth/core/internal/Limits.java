package io.berth.core.internal;

import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Project;
import io.berth.core.repo.SessionLoad;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPEC C3: the checks a session must pass before it is placed. Each failed check gives one reason, worded
 * for its owner ("why is it pending?"). Pure: everything comes in as arguments.
 */
final class Limits {
    private Limits() {
    }

    /** What a check needs to know about the session's owner and surroundings. */
    record Context(KeyPairResourcePolicy policy, Project project, Domain domain, ResourceGroup group,
            Map<String, SessionStatus> dependencyStatuses, Instant now) {
    }

    /** A dependency ended without success: the session can never start. */
    static String brokenDependency(Session s, Map<String, SessionStatus> statuses) {
        for (String d : s.dependencies()) {
            SessionStatus st = statuses.get(d);
            if (st == null) {
                return "dependency " + d + " no longer exists";
            }
            if (st == SessionStatus.CANCELLED || st == SessionStatus.ERROR) {
                return "dependency " + d + " ended " + st.wire();
            }
        }
        return null;
    }

    static List<String> check(Session s, Context c, Occupancy o) {
        List<String> reasons = new ArrayList<>();
        if (c.group() != null && !c.group().schedulerOptions().allowedSessionTypes().contains(s.type())) {
            reasons.add("resource group " + c.group().name() + " does not take " + s.type().wire() + " sessions");
        }
        if (s.startsAt() != null && s.startsAt().isAfter(c.now())) {
            reasons.add("reserved to start at " + s.startsAt());
        }
        for (String d : s.dependencies()) {
            SessionStatus st = c.dependencyStatuses().get(d);
            if (st != null && st != SessionStatus.TERMINATED) {
                reasons.add("waiting for dependency " + d + " (" + st.wire() + ")");
            }
        }
        KeyPairResourcePolicy p = c.policy();
        if (p != null) {
            if (s.clusterSize() > p.maxContainersPerSession()) {
                reasons.add("keypair policy " + p.name() + " allows " + p.maxContainersPerSession()
                        + " containers per session, this session has " + s.clusterSize());
            }
            int active = o.active(s.accessKey());
            if (active >= p.maxConcurrentSessions()) {
                reasons.add("keypair concurrency limit reached (" + active + " of " + p.maxConcurrentSessions()
                        + " sessions running)");
            }
            // a slot the policy does not name follows its default (limited: 0, unlimited: ∞)
            exceeded(reasons, "keypair", s.requested(), o.key(s.accessKey()), p.totalResourceSlots(),
                    p.defaultForUnspecified().amount());
            if (!p.maxPendingSessionCount().isInfinite() || !p.maxPendingSessionResourceSlots().isEmpty()) {
                pendingLimits(reasons, s, p, o);
            }
        }
        if (c.project() != null) {
            exceeded(reasons, "project " + c.project().name(), s.requested(), o.project(s.projectId()),
                    c.project().totalResourceSlots(), Amount.INFINITE);
        }
        if (c.domain() != null) {
            exceeded(reasons, "domain " + c.domain().name(), s.requested(), o.domain(s.domain()),
                    c.domain().totalResourceSlots(), Amount.INFINITE);
        }
        return reasons;
    }

    /** The policy's limit for each slot asked for (slots the policy does not name follow its default). */
    static ResourceSlots limitOf(KeyPairResourcePolicy p, Set<String> slots) {
        ResourceSlots limit = p.totalResourceSlots();
        for (String slot : slots) {
            if (!limit.contains(slot)) {
                limit = limit.with(slot, p.limit(slot));
            }
        }
        return limit;
    }

    private static void exceeded(List<String> reasons, String who, ResourceSlots requested, ResourceSlots held,
            ResourceSlots limit, Amount ifAbsent) {
        if (ifAbsent.isInfinite() && limit.isEmpty()) {
            return; // no limit at all
        }
        ResourceSlots after = held.plus(requested);
        Set<String> over = requested.nonZero().exceeding(limit, ifAbsent);
        Set<String> overAfter = after.nonZero().exceeding(limit, ifAbsent);
        List<String> parts = new ArrayList<>();
        for (String slot : overAfter) {
            if (requested.get(slot, Amount.ZERO).isZero()) {
                continue;
            }
            parts.add(slot + " (asks " + requested.get(slot).toWire() + ", in use " + held.get(slot, Amount.ZERO)
                    .toWire() + ", limit " + limit.get(slot, ifAbsent).toWire() + ")");
        }
        if (!parts.isEmpty()) {
            reasons.add(who + " resource limit " + (over.isEmpty() ? "reached" : "exceeded") + ": "
                    + String.join(", ", parts));
        }
    }

    /**
     * Pending limits: only the keypair's oldest {@code max_pending_session_count} pending sessions, and
     * those whose slots together with the older ones' fit {@code max_pending_session_resource_slots},
     * may be placed; the rest wait (they were accepted before the policy was tightened).
     */
    private static void pendingLimits(List<String> reasons, Session s, KeyPairResourcePolicy p, Occupancy o) {
        List<SessionLoad> pending = o.pending(s.accessKey());
        int rank = 0;
        ResourceSlots before = ResourceSlots.EMPTY;
        for (SessionLoad l : pending) {
            if (l.id().equals(s.id())) {
                break;
            }
            rank++;
            before = before.plus(l.requested());
        }
        Amount maxCount = p.maxPendingSessionCount();
        if (!maxCount.isInfinite() && Amount.of(rank).compareTo(maxCount) >= 0) {
            reasons.add("keypair pending session limit: " + rank + " older sessions are pending, the limit is "
                    + maxCount.toWire());
        }
        Set<String> over = before.plus(s.requested()).nonZero().exceeding(p.maxPendingSessionResourceSlots(),
                Amount.INFINITE);
        if (!over.isEmpty()) {
            reasons.add("keypair pending resource limit exceeded: " + String.join(", ", over));
        }
    }
}
