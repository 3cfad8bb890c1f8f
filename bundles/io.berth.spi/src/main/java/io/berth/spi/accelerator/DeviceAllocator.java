package io.berth.spi.accelerator;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pure, deterministic assignment of one slot's requested amount to devices, for
 * {@link AcceleratorPlugin#allocate} implementations. One instance serves one plugin key and one
 * slot; it is immutable and thread-safe.
 *
 * <p><b>What is free.</b> Only {@code existing} allocations whose {@link Allocation#plugin()} is
 * this allocator's plugin count, and only their entries for devices in the given list. A device's
 * <em>capacity</em> is its {@link Device#capacity()} of the slot, rounded down to the quantum; its
 * <em>remaining</em> capacity is that minus what existing allocations hold of the slot on it (never
 * below zero). A device on which an existing allocation holds a non-zero amount of any
 * <em>other</em> slot (say {@code cuda.device} while this allocator hands out
 * {@code cuda.shares}, after a change of mode) counts as fully used. A device is <em>free</em> when
 * no existing allocation holds anything on it.
 *
 * <p><b>Whole devices</b> ({@link #wholeDevices}, for {@link io.berth.spi.resource.SlotKind#UNIQUE}
 * slots such as {@code cuda.device}): a request of {@code n} (rounded up to a whole number) gets
 * {@code n} distinct free devices of capacity at least 1, each with amount 1, the first ones in
 * device id order.
 *
 * <p><b>Fractions</b> ({@link #fractional}, for {@link io.berth.spi.resource.SlotKind#COUNT} slots
 * such as {@code cuda.shares}): the request is rounded <em>up</em> to a multiple of the quantum
 * (0.01 turns 0.333 into 0.34), so every assigned amount is a multiple of the quantum. Then:
 * <ol>
 * <li>if some device's remaining capacity holds the whole rest, the rest goes to one such device,
 * chosen by the {@link Strategy}; a request that one device could hold is never split;</li>
 * <li>otherwise (so every free device is smaller than the rest) the first free device in id order
 * is taken whole, and step 1 repeats with what is left;</li>
 * <li>when neither is possible, the request does not fit.</li>
 * </ol>
 * So a request larger than one device takes whole devices plus a remainder on one more device.
 * With devices of equal capacity this finds a placement whenever one of that shape exists.
 *
 * <p>Ties are broken by device id ({@link String#compareTo}), and the order of the {@code devices}
 * and {@code existing} lists does not matter, so the same input always gives the same
 * allocation.
 */
public final class DeviceAllocator {

    /** How a fractional request that fits on one device chooses among the devices that can hold it. */
    public enum Strategy {
        /**
         * The device with the <em>least</em> remaining capacity that still holds the request: fills
         * devices up and keeps others free for large requests.
         */
        PACK,
        /** The device with the <em>most</em> remaining capacity: spreads the load over devices. */
        SPREAD
    }

    private final String plugin;
    private final String slot;
    private final boolean whole;
    private final BigDecimal quantum;
    private final Strategy strategy;

    private DeviceAllocator(String plugin, String slot, boolean whole, BigDecimal quantum,
            Strategy strategy) {
        this.plugin = DeviceIds.checkKey(plugin);
        this.slot = Objects.requireNonNull(slot, "slot");
        ResourceSlots.EMPTY.with(slot, Amount.ZERO); // validates the slot name
        this.whole = whole;
        this.quantum = quantum;
        this.strategy = strategy;
    }

    /**
     * An allocator of whole devices.
     *
     * @param plugin the plugin key written into allocations, e.g. {@code cuda}
     * @param slot   the slot it assigns, e.g. {@code cuda.device}
     * @return the allocator
     * @throws IllegalArgumentException when the key or the slot name is invalid
     */
    public static DeviceAllocator wholeDevices(String plugin, String slot) {
        return new DeviceAllocator(plugin, slot, true, BigDecimal.ONE, Strategy.PACK);
    }

    /**
     * An allocator of fractions of devices.
     *
     * @param plugin   the plugin key written into allocations, e.g. {@code cuda}
     * @param slot     the slot it assigns, e.g. {@code cuda.shares}
     * @param quantum  the smallest unit handed out, e.g. {@code 0.01}; positive
     * @param strategy how to choose among devices that can hold a request
     * @return the allocator
     * @throws IllegalArgumentException when the key or the slot name is invalid or the quantum is
     *                                  not positive
     */
    public static DeviceAllocator fractional(String plugin, String slot, BigDecimal quantum,
            Strategy strategy) {
        Objects.requireNonNull(quantum, "quantum");
        if (quantum.signum() <= 0) {
            throw new IllegalArgumentException("quantum must be positive: " + quantum);
        }
        return new DeviceAllocator(plugin, slot, false, quantum.stripTrailingZeros(),
                Objects.requireNonNull(strategy, "strategy"));
    }

    /**
     * Assigns the request's amount of this allocator's slot to devices (see the class description).
     * Nothing is changed; the result depends on the arguments only.
     *
     * @param devices  the devices to choose from; ids must be unique; not {@code null}
     * @param request  the request; slots other than this allocator's are ignored; not {@code null}
     * @param existing the allocations holding devices now; not {@code null}
     * @return the allocation (without devices when the request's amount of the slot is zero or
     *         absent); empty when it does not fit, which includes an infinite request
     * @throws IllegalArgumentException when device ids repeat or the requested amount is negative
     */
    public Optional<Allocation> allocate(List<Device> devices, ResourceSlots request,
            List<Allocation> existing) {
        Objects.requireNonNull(request, "request");
        Amount asked = request.get(slot, Amount.ZERO);
        if (asked.signum() < 0) {
            throw new IllegalArgumentException("requested " + slot + " must not be negative: "
                    + asked.toWire());
        }
        List<State> states = states(devices, existing);
        if (asked.isZero()) {
            return Optional.of(new Allocation(plugin, Map.of()));
        }
        if (asked.isInfinite()) {
            return Optional.empty();
        }
        BigDecimal rest = roundUp(asked.value());
        Map<String, BigDecimal> chosen = whole ? wholeDevices(rest, states)
                : fractions(rest, states);
        if (chosen == null) {
            return Optional.empty();
        }
        Map<String, ResourceSlots> perDevice = new LinkedHashMap<>();
        chosen.forEach((id, amount) ->
                perDevice.put(id, ResourceSlots.EMPTY.with(slot, Amount.of(amount))));
        return Optional.of(new Allocation(plugin, perDevice));
    }

    /** One device as the algorithm sees it. */
    private record State(String id, BigDecimal capacity, BigDecimal remaining, boolean free) {
    }

    /** The devices' states, sorted by id. */
    private List<State> states(List<Device> devices, List<Allocation> existing) {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(existing, "existing");
        TreeMap<String, BigDecimal> capacity = new TreeMap<>();
        for (Device d : devices) {
            BigDecimal cap = roundDown(d.capacity().get(slot, Amount.ZERO).value());
            if (capacity.put(d.id(), cap) != null) {
                throw new IllegalArgumentException("device id " + d.id() + " appears twice");
            }
        }
        Map<String, BigDecimal> used = new HashMap<>();
        Set<String> fullyUsed = new HashSet<>();
        for (Allocation a : existing) {
            if (!a.plugin().equals(plugin)) {
                continue;
            }
            a.perDevice().forEach((id, slots) -> {
                if (!capacity.containsKey(id)) {
                    return;
                }
                slots.asMap().forEach((name, amount) -> {
                    if (amount.isZero()) {
                        return;
                    }
                    if (name.equals(slot)) {
                        used.merge(id, amount.value(), BigDecimal::add);
                    } else {
                        used.putIfAbsent(id, BigDecimal.ZERO);
                        fullyUsed.add(id);
                    }
                });
            });
        }
        List<State> states = new ArrayList<>(capacity.size());
        capacity.forEach((id, cap) -> {
            BigDecimal u = used.get(id);
            BigDecimal left = fullyUsed.contains(id) ? BigDecimal.ZERO
                    : u == null ? cap : cap.subtract(u).max(BigDecimal.ZERO);
            states.add(new State(id, cap, left, u == null));
        });
        return states;
    }

    /** {@code n} free devices of capacity ≥ 1 in id order, each with 1; null when too few. */
    private static Map<String, BigDecimal> wholeDevices(BigDecimal n, List<State> states) {
        Map<String, BigDecimal> chosen = new LinkedHashMap<>();
        for (State s : states) {
            if (BigDecimal.valueOf(chosen.size()).compareTo(n) >= 0) {
                break;
            }
            if (s.free() && s.capacity().compareTo(BigDecimal.ONE) >= 0) {
                chosen.put(s.id(), BigDecimal.ONE);
            }
        }
        return BigDecimal.valueOf(chosen.size()).compareTo(n) == 0 ? chosen : null;
    }

    /** Whole free devices while no single device holds the rest, then the rest on one device. */
    private Map<String, BigDecimal> fractions(BigDecimal want, List<State> states) {
        Map<String, BigDecimal> chosen = new LinkedHashMap<>();
        BigDecimal rest = want;
        while (true) {
            State best = null;
            for (State s : states) { // in id order, so the first of equals wins
                if (chosen.containsKey(s.id()) || s.remaining().compareTo(rest) < 0) {
                    continue;
                }
                int c = s.remaining().compareTo(best == null ? s.remaining() : best.remaining());
                if (best == null || (strategy == Strategy.PACK ? c < 0 : c > 0)) {
                    best = s;
                }
            }
            if (best != null) {
                chosen.put(best.id(), rest);
                return chosen;
            }
            State next = null;
            for (State s : states) {
                // a free device is smaller than the rest here, or the loop above would have chosen it
                if (!chosen.containsKey(s.id()) && s.free() && s.capacity().signum() > 0) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            chosen.put(next.id(), next.capacity());
            rest = rest.subtract(next.capacity());
        }
    }

    private BigDecimal roundUp(BigDecimal v) {
        return v.divide(quantum, 0, RoundingMode.CEILING).multiply(quantum);
    }

    private BigDecimal roundDown(BigDecimal v) {
        return v.divide(quantum, 0, RoundingMode.FLOOR).multiply(quantum);
    }

    @Override
    public String toString() {
        return "DeviceAllocator[" + plugin + ", " + slot + (whole ? ", whole devices]"
                : ", quantum " + quantum.toPlainString() + ", " + strategy + "]");
    }
}
