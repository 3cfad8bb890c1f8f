package io.berth.scheduler.fifo.internal;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * First in, first out ({@code berth.scheduler=fifo}): the oldest pending session of the highest
 * priority ({@link PendingSession#BY_CREATION}: creation time, then id).
 *
 * <p>Head-of-line blocking avoidance: when {@link SchedulingSnapshot#retriesToSkip()} is positive,
 * a session that has already failed that many times ({@link PendingSession#reachedRetryLimit})
 * is passed over in favour of the oldest session still below the limit, so one session that cannot
 * be placed does not hold back everything behind it. When every candidate has reached the limit,
 * the oldest of them is picked, so the queue never stalls. With {@code retriesToSkip = 0} nothing
 * is skipped.
 */
@Component(service = SchedulingPolicy.class, property = SchedulingPolicy.PROPERTY + "=" + FifoPolicy.NAME)
public final class FifoPolicy implements SchedulingPolicy {
    static final String NAME = "fifo";

    @Override
    public Optional<String> pick(SchedulingSnapshot snapshot) {
        // oldest first already: the first one below the limit, else the very first
        List<PendingSession> candidates = snapshot.topPriorityPending();
        for (PendingSession s : candidates) {
            if (!s.reachedRetryLimit(snapshot.retriesToSkip())) {
                return Optional.of(s.id());
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0).id());
    }
}
