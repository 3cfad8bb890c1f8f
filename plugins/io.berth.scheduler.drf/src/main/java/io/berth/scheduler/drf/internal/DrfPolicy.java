package io.berth.scheduler.drf.internal;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Dominant Resource Fairness ({@code berth.scheduler=drf}): the access key that holds the smallest
 * share of the group goes first.
 *
 * <p>Among the pending sessions of the highest priority, each access key with such a session gets
 * its <em>dominant share</em>: the largest fraction it occupies of any one slot of the group's
 * capacity ({@code ResourceSlots.dominantShare}; slots whose capacity is zero, absent or infinite
 * are ignored). The key with the lowest dominant share wins; ties go to the key whose oldest
 * pending session is older, then to the smaller access key. Its oldest pending session (creation
 * time, then id) is picked. Retries are not considered.
 */
@Component(service = SchedulingPolicy.class, property = SchedulingPolicy.PROPERTY + "=" + DrfPolicy.NAME)
public final class DrfPolicy implements SchedulingPolicy {
    static final String NAME = "drf";

    @Override
    public Optional<String> pick(SchedulingSnapshot snapshot) {
        // lowest dominant share; ties: the older oldest session, then the smaller access key
        String bestKey = null;
        BigDecimal bestShare = null;
        PendingSession bestOldest = null;
        for (Map.Entry<String, PendingSession> e : snapshot.oldestTopPriorityByAccessKey().entrySet()) {
            BigDecimal share = snapshot.dominantShareOf(e.getKey());
            int c = bestShare == null ? -1 : share.compareTo(bestShare);
            if (c == 0) {
                c = e.getValue().createdAt().compareTo(bestOldest.createdAt());
                if (c == 0) {
                    c = e.getKey().compareTo(bestKey);
                }
            }
            if (c < 0) {
                bestKey = e.getKey();
                bestShare = share;
                bestOldest = e.getValue();
            }
        }
        return bestOldest == null ? Optional.empty() : Optional.of(bestOldest.id());
    }
}
