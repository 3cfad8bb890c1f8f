package io.berth.core.internal;

import io.berth.core.group.AgentSelection;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Session;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * SPEC C4: chooses agents for a session's containers among a group's ALIVE, schedulable agents:
 * enough free capacity in every slot asked for, the right architecture, the group's strategy, and
 * agents with accelerators kept for sessions that ask for accelerators. Works on the dispatcher's
 * in-memory view; the placement commits only if no agent's allocation changed meanwhile.
 */
final class AgentPicker {
    /** One agent as the pass sees it; {@code allocated} and {@code version} move as the pass places. */
    static final class Slot {
        final String id;
        final String architecture;
        final ResourceSlots available;
        ResourceSlots allocated;
        long version;
        final boolean accelerated;

        Slot(String id, String architecture, ResourceSlots available, ResourceSlots allocated, long version) {
            this.id = id;
            this.architecture = architecture;
            this.available = available;
            this.allocated = allocated;
            this.version = version;
            this.accelerated = available.asMap().entrySet().stream()
                    .anyMatch(e -> !BASIC.contains(e.getKey()) && e.getValue().signum() > 0);
        }

        ResourceSlots free() {
            return available.minus(allocated).max(ResourceSlots.EMPTY);
        }

        boolean fits(ResourceSlots slots) {
            return allocated.plus(slots).fitsWithin(available, Amount.ZERO);
        }
    }

    static final Set<String> BASIC = Set.of("cpu", "mem");

    private AgentPicker() {
    }

    static boolean asksForAccelerators(ResourceSlots slots) {
        return slots.asMap().entrySet().stream().anyMatch(e -> !BASIC.contains(e.getKey()) && e.getValue().signum() > 0);
    }

    /**
     * The agent of each container (index order), or {@code null} when the session does not fit now.
     * {@code cursor} is the group's round-robin position; the returned list updates nothing.
     */
    static List<Slot> choose(Session s, List<Slot> agents, AgentSelection strategy, int cursor) {
        List<Slot> eligible = new ArrayList<>();
        for (Slot a : agents) {
            if (s.architecture() == null || s.architecture().equalsIgnoreCase(a.architecture)) {
                eligible.add(a);
            }
        }
        if (eligible.isEmpty()) {
            return null;
        }
        ResourceSlots each = s.slotsPerContainer();
        if (s.clusterSize() == 1 || s.clusterMode() == ClusterMode.SINGLE_NODE) {
            ResourceSlots all = each.times(java.math.BigDecimal.valueOf(s.clusterSize()));
            Slot a = best(eligible, all, strategy, cursor, asksForAccelerators(each));
            if (a == null) {
                return null;
            }
            List<Slot> out = new ArrayList<>();
            for (int i = 0; i < s.clusterSize(); i++) {
                out.add(a);
            }
            return out;
        }
        // multi-node: container by container, counting what earlier containers of this session took
        List<Slot> out = new ArrayList<>();
        java.util.Map<Slot, ResourceSlots> taken = new java.util.IdentityHashMap<>();
        for (int i = 0; i < s.clusterSize(); i++) {
            List<Slot> view = new ArrayList<>();
            for (Slot a : eligible) {
                ResourceSlots t = taken.get(a);
                Slot v = t == null ? a : new Slot(a.id, a.architecture, a.available, a.allocated.plus(t), a.version);
                view.add(v);
            }
            Slot pick = best(view, each, strategy, cursor + i, asksForAccelerators(each));
            if (pick == null) {
                return null;
            }
            Slot real = eligible.get(view.indexOf(pick));
            taken.merge(real, each, ResourceSlots::plus);
            out.add(real);
        }
        return out;
    }

    private static Slot best(List<Slot> agents, ResourceSlots need, AgentSelection strategy, int cursor,
            boolean accelerated) {
        List<Slot> fitting = new ArrayList<>();
        for (Slot a : agents) {
            if (a.fits(need)) {
                fitting.add(a);
            }
        }
        if (fitting.isEmpty()) {
            return null;
        }
        if (!accelerated && fitting.stream().anyMatch(a -> !a.accelerated)) {
            fitting.removeIf(a -> a.accelerated);
        }
        return switch (strategy) {
            case ROUND_ROBIN -> {
                // agents are sorted by id: take the first fitting one at or after the cursor
                int n = agents.size();
                Slot chosen = null;
                for (int i = 0; i < n && chosen == null; i++) {
                    Slot a = agents.get(Math.floorMod(cursor + i, n));
                    if (fitting.contains(a)) {
                        chosen = a;
                    }
                }
                yield chosen;
            }
            case CONCENTRATED -> fitting.stream().min(byFree(need).thenComparing(a -> a.id)).orElse(null);
            case DISPERSED -> fitting.stream().min(byFree(need).reversed().thenComparing(a -> a.id)).orElse(null);
        };
    }

    /**
     * Orders agents by what they have free of the slots asked for: accelerators first, then cpu, then
     * mem.
     */
    private static Comparator<Slot> byFree(ResourceSlots need) {
        List<String> order = new ArrayList<>();
        need.slots().stream().filter(k -> !BASIC.contains(k)).sorted().forEach(order::add);
        order.add("cpu");
        order.add("mem");
        Comparator<Slot> c = null;
        for (String slot : order) {
            Comparator<Slot> next = Comparator.comparing((Slot a) -> a.free().get(slot, Amount.ZERO));
            c = c == null ? next : c.thenComparing(next);
        }
        return c;
    }

    /** Index of the agent after {@code last} in the id-sorted list, for the round-robin cursor. */
    static int after(List<Slot> agents, Slot last) {
        return agents.indexOf(last) + 1;
    }
}
