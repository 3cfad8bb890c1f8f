package io.berth.spi.scheduler;

import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link SchedulingPolicy} sees of one resource group in one dispatch pass. Built by core;
 * policies only read it.
 *
 * <p>Snapshots derived with {@link #without(String)} and {@link #withPlaced(String)} share the
 * validated, sorted queue of the snapshot they come from, so deriving one costs a small, constant
 * amount of work rather than a copy of the queue; {@link #topPriorityPending()},
 * {@link #oldestTopPriorityByAccessKey()} and {@link #dominantShareOf(String)} are computed once per
 * snapshot. A dispatch pass over thousands of pending sessions stays cheap this way.
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
        if (!(pending instanceof Queue)) {
            pending = Queue.of(pending);
        }
        Objects.requireNonNull(occupiedByAccessKey, "occupiedByAccessKey");
        if (!(occupiedByAccessKey instanceof Holdings)) {
            occupiedByAccessKey = Holdings.of(occupiedByAccessKey);
        }
        if (retriesToSkip < 0) {
            throw new IllegalArgumentException("retriesToSkip must not be negative: " + retriesToSkip);
        }
    }

    private Queue queue() {
        return (Queue) pending;
    }

    private Holdings holdings() {
        return (Holdings) occupiedByAccessKey;
    }

    /**
     * The pending sessions of the highest priority present, oldest first: the only ones a policy
     * may pick.
     *
     * @return an unmodifiable list; empty when nothing is pending
     */
    public List<PendingSession> topPriorityPending() {
        return queue().top();
    }

    /**
     * For every access key with a session in {@link #topPriorityPending()}, its oldest such session
     * ({@link PendingSession#BY_CREATION}); what fairness policies compare.
     *
     * @return an unmodifiable map iterating in access key order; empty when nothing is pending
     * @since 1.1
     */
    public Map<String, PendingSession> oldestTopPriorityByAccessKey() {
        return queue().oldestByKey();
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
     * The dominant share of what {@code accessKey} holds against the group's capacity:
     * {@code occupiedBy(accessKey).dominantShare(capacity())}, computed once per snapshot.
     *
     * @param accessKey an access key
     * @return its dominant share, zero when it holds nothing
     * @since 1.1
     */
    public BigDecimal dominantShareOf(String accessKey) {
        return holdings().share(accessKey, this);
    }

    /**
     * This snapshot without the pending session {@code id}, e.g. after it was tried in this pass.
     *
     * @param id a session id
     * @return the new snapshot ({@code this} when no pending session has that id)
     */
    public SchedulingSnapshot without(String id) {
        int index = queue().indexOf(id);
        if (index < 0) {
            return this;
        }
        return new SchedulingSnapshot(resourceGroup, now, capacity, occupied, queue().without(index),
                occupiedByAccessKey, retriesToSkip);
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
        int index = queue().indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no pending session " + id);
        }
        PendingSession placed = queue().items[index];
        return new SchedulingSnapshot(resourceGroup, now, capacity, occupied.plus(placed.requested()),
                queue().without(index), holdings().plus(placed.accessKey(), placed.requested()), retriesToSkip);
    }

    /**
     * The pending sessions, sorted once: an array shared by every snapshot derived from the first
     * one, and the positions this snapshot no longer holds.
     */
    private static final class Queue extends AbstractList<PendingSession> {
        final PendingSession[] items;
        private final Map<String, Integer> positions;
        private final BitSet removed;
        private final int size;
        /** The highest priority present and how many sessions have it; -1 count: not known yet. */
        private int top;
        private int topCount = -1;
        private List<PendingSession> topList;
        private Tier tier;
        private int[] cursors;
        private Map<String, PendingSession> oldest;

        private Queue(PendingSession[] items, Map<String, Integer> positions, BitSet removed, int size) {
            this.items = items;
            this.positions = positions;
            this.removed = removed;
            this.size = size;
        }

        static Queue of(List<PendingSession> pending) {
            PendingSession[] items = new PendingSession[pending.size()];
            int i = 0;
            for (PendingSession s : pending) {
                items[i++] = Objects.requireNonNull(s, "pending session");
            }
            Arrays.sort(items, PendingSession.BY_CREATION);
            Map<String, Integer> positions = new HashMap<>(Math.max(16, items.length * 2));
            for (int p = 0; p < items.length; p++) {
                if (positions.put(items[p].id(), p) != null) {
                    throw new IllegalArgumentException("pending session " + items[p].id() + " appears twice");
                }
            }
            return new Queue(items, positions, new BitSet(items.length), items.length);
        }

        int indexOf(String id) {
            Integer p = positions.get(id);
            return p == null || removed.get(p) ? -1 : p;
        }

        @Override
        public int indexOf(Object o) {
            if (!(o instanceof PendingSession s)) {
                return -1;
            }
            int p = indexOf(s.id());
            if (p < 0 || !items[p].equals(s)) {
                return -1;
            }
            return p - removed.get(0, p).cardinality();
        }

        @Override
        public boolean contains(Object o) {
            return indexOf(o) >= 0;
        }

        Queue without(int index) {
            BitSet r = (BitSet) removed.clone();
            r.set(index);
            Queue q = new Queue(items, positions, r, size - 1);
            PendingSession gone = items[index];
            synchronized (this) {
                if (topCount > 0) {
                    q.top = top;
                    q.topCount = gone.priority() == top ? topCount - 1 : topCount;
                    if (q.topCount == 0) {
                        q.topCount = -1;
                    }
                }
                if (tier != null && q.topCount > 0 && tier.priority == q.top) {
                    q.tier = tier;
                    q.cursors = cursors.clone();
                }
            }
            return q;
        }

        @Override
        public PendingSession get(int index) {
            Objects.checkIndex(index, size);
            if (size == items.length) {
                return items[index];
            }
            if (index == size - 1) {
                return items[removed.previousClearBit(items.length - 1)];
            }
            int p = removed.nextClearBit(0);
            for (int i = 0; i < index; i++) {
                p = removed.nextClearBit(p + 1);
            }
            return items[p];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Iterator<PendingSession> iterator() {
            return new Iterator<>() {
                private int next = removed.nextClearBit(0);

                @Override
                public boolean hasNext() {
                    return next < items.length;
                }

                @Override
                public PendingSession next() {
                    if (next >= items.length) {
                        throw new NoSuchElementException();
                    }
                    PendingSession s = items[next];
                    next = removed.nextClearBit(next + 1);
                    return s;
                }
            };
        }

        private synchronized void knowTop() {
            if (topCount >= 0 || size == 0) {
                if (size == 0) {
                    topCount = 0;
                }
                return;
            }
            int best = Integer.MIN_VALUE;
            int count = 0;
            for (int p = removed.nextClearBit(0); p < items.length; p = removed.nextClearBit(p + 1)) {
                int priority = items[p].priority();
                if (priority > best) {
                    best = priority;
                    count = 1;
                } else if (priority == best) {
                    count++;
                }
            }
            top = best;
            topCount = count;
        }

        synchronized List<PendingSession> top() {
            knowTop();
            if (size == 0) {
                return List.of();
            }
            if (topCount == size) {
                return Collections.unmodifiableList(this);
            }
            if (topList == null) {
                List<PendingSession> list = new ArrayList<>(topCount);
                for (PendingSession s : this) {
                    if (s.priority() == top) {
                        list.add(s);
                    }
                }
                topList = Collections.unmodifiableList(list);
            }
            return topList;
        }

        synchronized Map<String, PendingSession> oldestByKey() {
            if (oldest != null) {
                return oldest;
            }
            knowTop();
            if (size == 0) {
                oldest = Map.of();
                return oldest;
            }
            if (tier == null || tier.priority != top) {
                tier = Tier.of(items, removed, top);
                cursors = new int[tier.keys.length];
            }
            Map<String, PendingSession> out = new LinkedHashMap<>(tier.keys.length * 2);
            for (int k = 0; k < tier.keys.length; k++) {
                int[] mine = tier.positions[k];
                int c = cursors[k];
                while (c < mine.length && removed.get(mine[c])) {
                    c++;
                }
                cursors[k] = c;
                if (c < mine.length) {
                    out.put(tier.keys[k], items[mine[c]]);
                }
            }
            oldest = Collections.unmodifiableMap(out);
            return oldest;
        }
    }

    /** The sessions of one priority by access key, oldest first, as positions in the shared array. */
    private static final class Tier {
        final int priority;
        final String[] keys;
        final int[][] positions;

        private Tier(int priority, String[] keys, int[][] positions) {
            this.priority = priority;
            this.keys = keys;
            this.positions = positions;
        }

        static Tier of(PendingSession[] items, BitSet removed, int priority) {
            TreeMap<String, List<Integer>> byKey = new TreeMap<>();
            for (int p = removed.nextClearBit(0); p < items.length; p = removed.nextClearBit(p + 1)) {
                if (items[p].priority() == priority) {
                    byKey.computeIfAbsent(items[p].accessKey(), k -> new ArrayList<>()).add(p);
                }
            }
            String[] keys = byKey.keySet().toArray(String[]::new);
            int[][] positions = new int[keys.length][];
            for (int k = 0; k < keys.length; k++) {
                positions[k] = byKey.get(keys[k]).stream().mapToInt(Integer::intValue).toArray();
            }
            return new Tier(priority, keys, positions);
        }
    }

    /**
     * What each access key holds, iterating in access key order, with dominant shares computed on
     * demand. Shares are cached by the slots held and shared by every snapshot derived from the same
     * one (a share depends only on the slots held and the capacity).
     */
    private static final class Holdings extends AbstractMap<String, ResourceSlots> {
        private final Map<String, ResourceSlots> map;
        private final Shares shares;
        private volatile Set<Entry<String, ResourceSlots>> sorted;

        private Holdings(Map<String, ResourceSlots> map, Shares shares) {
            this.map = map;
            this.shares = shares;
        }

        static Holdings of(Map<String, ResourceSlots> given) {
            HashMap<String, ResourceSlots> byKey = new HashMap<>();
            given.forEach((key, slots) -> byKey.put(
                    PendingSession.requireNonBlank(key, "access key"),
                    PendingSession.checkHeld(slots, "occupied slots of access key " + key)));
            return new Holdings(byKey, new Shares());
        }

        Holdings plus(String accessKey, ResourceSlots slots) {
            HashMap<String, ResourceSlots> next = new HashMap<>(map);
            ResourceSlots held = map.get(accessKey);
            next.put(accessKey, held == null ? slots : held.plus(slots));
            return new Holdings(next, shares);
        }

        BigDecimal share(String accessKey, SchedulingSnapshot snapshot) {
            return shares.of(snapshot.occupiedBy(accessKey), snapshot.capacity());
        }

        @Override
        public ResourceSlots get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<Entry<String, ResourceSlots>> entrySet() {
            Set<Entry<String, ResourceSlots>> s = sorted;
            if (s == null) {
                s = Collections.unmodifiableSortedMap(new TreeMap<>(map)).entrySet();
                sorted = s;
            }
            return s;
        }
    }

    /**
     * Dominant shares by slots held (by identity: an access key's slots stay the same object in every
     * snapshot derived while it places nothing), for one capacity (the first one asked for).
     */
    private static final class Shares {
        private final Map<ResourceSlots, BigDecimal> cache = Collections.synchronizedMap(new IdentityHashMap<>());
        private volatile ResourceSlots capacity;

        BigDecimal of(ResourceSlots held, ResourceSlots against) {
            if (held.isEmpty()) {
                return BigDecimal.ZERO;
            }
            ResourceSlots c = capacity;
            if (c == null) {
                synchronized (this) {
                    if (capacity == null) {
                        capacity = against;
                    }
                    c = capacity;
                }
            }
            if (c != against && !c.equals(against)) {
                return held.dominantShare(against);
            }
            return cache.computeIfAbsent(held, h -> h.dominantShare(against));
        }
    }
}
