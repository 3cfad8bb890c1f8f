package io.berth.core.internal;

import io.berth.core.group.AgentSelection;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Session;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SPEC C4: chooses agents for a session's containers among a group's ALIVE, schedulable agents:
 * enough free capacity in every slot asked for, the right architecture, the group's strategy, and
 * agents with accelerators kept for sessions that ask for accelerators. One picker serves one dispatch
 * pass: it keeps each agent's free capacity and, for the common request of cpu and memory only, the
 * agents ordered by what they have free, so that choosing is a walk from the right end of that order
 * rather than a scan of every agent. The placement commits only if no agent's allocation changed
 * meanwhile (see {@link Dispatcher}).
 */
final class AgentPicker {
    /** One agent as the pass sees it; {@code allocated}, {@code free} and {@code version} move as the pass places. */
    static final class Slot {
        final String id;
        final String architecture;
        final ResourceSlots available;
        final boolean accelerated;
        ResourceSlots allocated;
        ResourceSlots free;
        long version;
        /** Free cpu and memory, for the order of the index. */
        BigDecimal cpu;
        BigDecimal mem;

        Slot(String id, String architecture, ResourceSlots available, ResourceSlots allocated, long version) {
            this.id = id;
            this.architecture = architecture;
            this.available = available;
            this.version = version;
            this.accelerated = asksForAccelerators(available);
            set(allocated);
        }

        private void set(ResourceSlots a) {
            allocated = a;
            free = available.minus(a).max(ResourceSlots.EMPTY);
            cpu = free.get("cpu", Amount.ZERO).value();
            mem = free.get("mem", Amount.ZERO).value();
        }

        ResourceSlots free() {
            return free;
        }

        boolean fits(ResourceSlots need) {
            return need.fitsWithin(free, Amount.ZERO);
        }
    }

    static final Set<String> BASIC = Set.of("cpu", "mem");
    /** Most free cpu first, then most free memory, then id. */
    private static final Comparator<Slot> MOST_FREE = Comparator.comparing((Slot a) -> a.cpu).reversed()
            .thenComparing(Comparator.comparing((Slot a) -> a.mem).reversed()).thenComparing(a -> a.id);

    private final List<Slot> agents;
    /** Agents without accelerators, and those with, each ordered {@link #MOST_FREE}. */
    private final TreeSet<Slot> plain = new TreeSet<>(MOST_FREE);
    private final TreeSet<Slot> withAccelerators = new TreeSet<>(MOST_FREE);

    /** @param agents the group's agents, sorted by id */
    AgentPicker(List<Slot> agents) {
        this.agents = agents;
        for (Slot a : agents) {
            (a.accelerated ? withAccelerators : plain).add(a);
        }
    }

    List<Slot> agents() {
        return agents;
    }

    /** Records that {@code slots} were placed on the agent. */
    void place(Slot a, ResourceSlots slots) {
        TreeSet<Slot> index = a.accelerated ? withAccelerators : plain;
        index.remove(a);
        a.set(a.allocated.plus(slots));
        index.add(a);
    }

    static boolean asksForAccelerators(ResourceSlots slots) {
        for (Map.Entry<String, Amount> e : slots.asMap().entrySet()) {
            if (!BASIC.contains(e.getKey()) && e.getValue().signum() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The agent of each container (index order), or {@code null} when the session does not fit now.
     * {@code cursor} is the group's round-robin position. Changes nothing.
     */
    List<Slot> choose(Session s, AgentSelection strategy, int cursor) {
        ResourceSlots each = s.slotsPerContainer();
        if (s.clusterSize() == 1 || s.clusterMode() == ClusterMode.SINGLE_NODE) {
            ResourceSlots all = s.clusterSize() == 1 ? each : each.times(BigDecimal.valueOf(s.clusterSize()));
            Slot a = best(s.architecture(), all, strategy, cursor);
            if (a == null) {
                return null;
            }
            List<Slot> out = new ArrayList<>(s.clusterSize());
            for (int i = 0; i < s.clusterSize(); i++) {
                out.add(a);
            }
            return out;
        }
        // multi-node: container by container, counting what earlier containers of this session took
        List<Slot> out = new ArrayList<>();
        Map<Slot, ResourceSlots> taken = new IdentityHashMap<>();
        for (int i = 0; i < s.clusterSize(); i++) {
            List<Slot> view = new ArrayList<>();
            for (Slot a : eligible(s.architecture())) {
                ResourceSlots t = taken.get(a);
                view.add(t == null ? a : new Slot(a.id, a.architecture, a.available, a.allocated.plus(t), a.version));
            }
            Slot pick = scan(view, each, strategy, cursor + i);
            if (pick == null) {
                return null;
            }
            Slot real = agentById(pick.id);
            taken.merge(real, each, ResourceSlots::plus);
            out.add(real);
        }
        return out;
    }

    private Slot agentById(String id) {
        for (Slot a : agents) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalStateException("no agent " + id);
    }

    private List<Slot> eligible(String architecture) {
        if (architecture == null) {
            return agents;
        }
        List<Slot> out = new ArrayList<>();
        for (Slot a : agents) {
            if (architecture.equalsIgnoreCase(a.architecture)) {
                out.add(a);
            }
        }
        return out;
    }

    private Slot best(String architecture, ResourceSlots need, AgentSelection strategy, int cursor) {
        boolean basicOnly = !asksForAccelerators(need);
        if (basicOnly && strategy == AgentSelection.DISPERSED) {
            // the most free agent that fits: the first fitting one in the order, plain agents first
            Slot a = first(plain, architecture, need);
            return a != null ? a : first(withAccelerators, architecture, need);
        }
        return scan(eligible(architecture), need, strategy, cursor);
    }

    private static Slot first(TreeSet<Slot> index, String architecture, ResourceSlots need) {
        for (Slot a : index) {
            if ((architecture == null || architecture.equalsIgnoreCase(a.architecture)) && a.fits(need)) {
                return a;
            }
            if (a.cpu.compareTo(need.get("cpu", Amount.ZERO).value()) < 0) {
                return null; // ordered by free cpu: no agent after this one has enough
            }
        }
        return null;
    }

    /** Every candidate looked at: concentrated, round-robin, accelerators and multi-node. */
    private static Slot scan(List<Slot> candidates, ResourceSlots need, AgentSelection strategy, int cursor) {
        List<Slot> fitting = new ArrayList<>();
        for (Slot a : candidates) {
            if (a.fits(need)) {
                fitting.add(a);
            }
        }
        if (fitting.isEmpty()) {
            return null;
        }
        if (!asksForAccelerators(need) && fitting.stream().anyMatch(a -> !a.accelerated)) {
            fitting.removeIf(a -> a.accelerated);
        }
        return switch (strategy) {
            case ROUND_ROBIN -> {
                // candidates are sorted by id: take the first fitting one at or after the cursor
                int n = candidates.size();
                Slot chosen = null;
                for (int i = 0; i < n && chosen == null; i++) {
                    Slot a = candidates.get(Math.floorMod(cursor + i, n));
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

    /** Orders agents by what they have free of the slots asked for: accelerators first, then cpu, then mem. */
    private static Comparator<Slot> byFree(ResourceSlots need) {
        List<String> order = new ArrayList<>();
        need.slots().stream().filter(k -> !BASIC.contains(k)).sorted().forEach(order::add);
        order.add("cpu");
        order.add("mem");
        Comparator<Slot> c = null;
        for (String slot : order) {
            Comparator<Slot> next = Comparator.comparing((Slot a) -> a.free.get(slot, Amount.ZERO));
            c = c == null ? next : c.thenComparing(next);
        }
        return c;
    }

    /** Index of the agent after {@code last} in the id-sorted list, for the round-robin cursor. */
    int after(Slot last) {
        return agents.indexOf(last) + 1;
    }
}
