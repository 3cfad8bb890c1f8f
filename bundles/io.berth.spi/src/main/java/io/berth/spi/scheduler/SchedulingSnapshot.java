package io.berth.spi.scheduler;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link SchedulingPolicy} sees of one resource group in one dispatch pass. Built by core;
 * policies only read it.
 *
 * @param resourceGroup       the resource group's name; not blank
 * @param now                 the time of the pass, the only clock a policy may use; not
 *                            {@code null}
 * @param capacity            the group's total capacity: the sum over its schedulable agents;
 *                            amounts may be infinite
 * @param occupied            what running and placed sessions of the group hold in total;
 *                            finite, non-negative amounts
 * @param pending             the sessions waiting in this group, copied and sorted oldest first
 *                            ({@link PendingSession#BY_CREATION}); ids are unique
 * @param occupiedByAccessKey what each access key's sessions hold in this group, copied and sorted
 *                            by access key; finite, non-negative amounts; an access key that is
 *                            absent holds nothing
 * @param retriesToSkip       HOL-blocking avoidance: after this many failed placements a session
 *                            no longer blocks those behind it (policies that honour it say so);
 *                            0 disables it. Already resolved by core from the group's scheduler
 *                            options or the system default; not negative
 */
public record SchedulingSnapshot(String resourceGroup, Instant now, ResourceSlots capacity,
        ResourceSlots occupied, List<PendingSession> pending,
        Map<String, ResourceSlots> occupiedByAccessKey, int retriesToSkip) {

    /**
     * Validates the components and copies the collections.
     *
     * @throws NullPointerException     when a component, an element, a key or a value is
     *                                  {@code null}
     * @throws IllegalArgumentException when the group name or an access key is blank, two pending
     *                                  sessions share an id, an occupied amount is negative or
     *                                  infinite, or {@code retriesToSkip} is negative
     */
    public SchedulingSnapshot {
        PendingSession.requireNonBlank(resourceGroup, "resourceGroup");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(capacity, "capacity");
        PendingSession.checkHeld(occupied, "occupied");
        Objects.requireNonNull(pending, "pending");
        List<PendingSession> sorted = new ArrayList<>(pending.size());
        Set<String> ids = new HashSet<>();
        for (PendingSession s : pending) {
            Objects.requireNonNull(s, "pending session");
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("pending session " + s.id() + " appears twice");
            }
            sorted.add(s);
        }
        sorted.sort(PendingSession.BY_CREATION);
        pending = Collections.unmodifiableList(sorted);
        Objects.requireNonNull(occupiedByAccessKey, "occupiedByAccessKey");
        TreeMap<String, ResourceSlots> byKey = new TreeMap<>();
        occupiedByAccessKey.forEach((key, slots) -> byKey.put(
                PendingSession.requireNonBlank(key, "access key"),
                PendingSession.checkHeld(slots, "occupied slots of access key " + key)));
        occupiedByAccessKey = Collections.unmodifiableSortedMap(byKey);
        if (retriesToSkip < 0) {
            throw new IllegalArgumentException("retriesToSkip must not be negative: " + retriesToSkip);
        }
    }

    /**
     * The pending sessions of the highest priority present, oldest first: the only ones a policy
     * may pick.
     *
     * @return an unmodifiable list; empty when nothing is pending
     */
    public List<PendingSession> topPriorityPending() {
        if (pending.isEmpty()) {
            return List.of();
        }
        int top = pending.stream().mapToInt(PendingSession::priority).max().getAsInt();
        return pending.stream().filter(s -> s.priority() == top).toList();
    }

    /**
     * What {@code accessKey}'s sessions hold in this group.
     *
     * @param accessKey an access key
     * @return its occupancy, {@link ResourceSlots#EMPTY} when it holds nothing
     */
    public ResourceSlots occupiedBy(String accessKey) {
        ResourceSlots slots = occupiedByAccessKey.get(accessKey);
        return slots == null ? ResourceSlots.EMPTY : slots;
    }

    /**
     * This snapshot without the pending session {@code id}, e.g. after it was tried in this pass.
     *
     * @param id a session id
     * @return the new snapshot ({@code this} when no pending session has that id)
     */
    public SchedulingSnapshot without(String id) {
        if (pending.stream().noneMatch(s -> s.id().equals(id))) {
            return this;
        }
        return new SchedulingSnapshot(resourceGroup, now, capacity, occupied,
                pending.stream().filter(s -> !s.id().equals(id)).toList(), occupiedByAccessKey,
                retriesToSkip);
    }

    /**
     * This snapshot after the pending session {@code id} was placed: without it, and with its
     * requested slots added to {@link #occupied()} and to its access key's occupancy.
     *
     * @param id the id of a pending session
     * @return the new snapshot
     * @throws IllegalArgumentException when no pending session has that id
     */
    public SchedulingSnapshot withPlaced(String id) {
        PendingSession placed = pending.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pending session " + id));
        Map<String, ResourceSlots> byKey = new TreeMap<>(occupiedByAccessKey);
        byKey.put(placed.accessKey(), occupiedBy(placed.accessKey()).plus(placed.requested()));
        return new SchedulingSnapshot(resourceGroup, now, capacity,
                occupied.plus(placed.requested()),
                pending.stream().filter(s -> !s.id().equals(id)).toList(), byKey, retriesToSkip);
    }
}
