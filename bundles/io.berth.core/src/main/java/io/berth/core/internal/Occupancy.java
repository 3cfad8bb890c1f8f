package io.berth.core.internal;

import io.berth.core.repo.SessionLoad;
import io.berth.core.session.SessionStatus;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What live sessions hold and wait for, counted per keypair, project and domain (over all resource
 * groups: limits are global) and per keypair within each group. Built from one read of the live
 * sessions at the start of a dispatch pass or a preset check, then kept up to date in memory as
 * the pass places sessions.
 */
final class Occupancy {
    final Map<String, ResourceSlots> byKey = new HashMap<>();
    final Map<String, Integer> activeCount = new HashMap<>();
    final Map<String, ResourceSlots> byProject = new HashMap<>();
    final Map<String, ResourceSlots> byDomain = new HashMap<>();
    /** Per group, per access key, what active sessions hold (for the scheduling snapshot). */
    final Map<String, Map<String, ResourceSlots>> byGroupAndKey = new HashMap<>();
    /** Per access key, its pending sessions oldest first. */
    final Map<String, List<SessionLoad>> pendingByKey = new HashMap<>();

    static Occupancy of(List<SessionLoad> live) {
        Occupancy o = new Occupancy();
        for (SessionLoad l : live) {
            if (l.status().holdsResources()) {
                o.hold(l.accessKey(), l.projectId(), l.domain(), l.resourceGroup(), l.requested());
            } else if (l.status() == SessionStatus.PENDING) {
                o.pendingByKey.computeIfAbsent(l.accessKey(), k -> new ArrayList<>()).add(l);
            }
        }
        Comparator<SessionLoad> oldest = Comparator.comparing(SessionLoad::createdAt).thenComparing(SessionLoad::id);
        o.pendingByKey.values().forEach(list -> list.sort(oldest));
        return o;
    }

    void hold(String accessKey, String project, String domain, String group, ResourceSlots slots) {
        byKey.merge(accessKey, slots, ResourceSlots::plus);
        activeCount.merge(accessKey, 1, Integer::sum);
        byProject.merge(project, slots, ResourceSlots::plus);
        byDomain.merge(domain, slots, ResourceSlots::plus);
        byGroupAndKey.computeIfAbsent(group, g -> new HashMap<>()).merge(accessKey, slots, ResourceSlots::plus);
    }

    /** A pending session of the pass was placed: it now holds its slots and waits no more. */
    void placed(SessionLoad l) {
        hold(l.accessKey(), l.projectId(), l.domain(), l.resourceGroup(), l.requested());
        List<SessionLoad> p = pendingByKey.get(l.accessKey());
        if (p != null) {
            p.removeIf(x -> x.id().equals(l.id()));
        }
    }

    ResourceSlots key(String accessKey) {
        return byKey.getOrDefault(accessKey, ResourceSlots.EMPTY);
    }

    int active(String accessKey) {
        return activeCount.getOrDefault(accessKey, 0);
    }

    ResourceSlots project(String id) {
        return byProject.getOrDefault(id, ResourceSlots.EMPTY);
    }

    ResourceSlots domain(String name) {
        return byDomain.getOrDefault(name, ResourceSlots.EMPTY);
    }

    Map<String, ResourceSlots> inGroup(String group) {
        return byGroupAndKey.getOrDefault(group, Map.of());
    }

    List<SessionLoad> pending(String accessKey) {
        return pendingByKey.getOrDefault(accessKey, List.of());
    }
}
