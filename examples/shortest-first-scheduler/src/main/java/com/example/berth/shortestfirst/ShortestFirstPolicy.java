package com.example.berth.shortestfirst;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Shortest first ({@code berth.scheduler=shortest-first}): among the pending sessions of the highest
 * priority present, the one whose request is the smallest dominant share of the resource group's
 * capacity; ties go to the older session (creation time, then id).
 *
 * <p>The dominant share of a request is its largest share over the slots the group has a finite,
 * positive capacity of ({@code cpu=8} of {@code cpu=64 mem=256g} is 0.125; slots with unlimited or
 * no capacity count as 0). Small sessions therefore start quickly while large ones wait for room;
 * a stream of small sessions can delay a large one indefinitely, which is the trade-off of this
 * policy. {@link SchedulingSnapshot#retriesToSkip()} is not used: the smallest requests are the
 * ones most likely to fit.
 *
 * <p>Pure, as the SPI requires: the answer depends on the snapshot alone, keeps no state and never
 * throws for a valid snapshot.
 */
@Component(service = SchedulingPolicy.class, property = SchedulingPolicy.PROPERTY + "=" + ShortestFirstPolicy.NAME)
public final class ShortestFirstPolicy implements SchedulingPolicy {
    /** The name resource groups select this policy by. */
    public static final String NAME = "shortest-first";

    @Override
    public Optional<String> pick(SchedulingSnapshot snapshot) {
        // topPriorityPending() is sorted oldest first, so keeping the first of equal shares breaks ties
        // by creation time and then id
        PendingSession best = null;
        BigDecimal bestShare = null;
        for (PendingSession s : snapshot.topPriorityPending()) {
            BigDecimal share = s.requested().dominantShare(snapshot.capacity());
            if (bestShare == null || share.compareTo(bestShare) < 0) {
                best = s;
                bestShare = share;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.id());
    }
}
