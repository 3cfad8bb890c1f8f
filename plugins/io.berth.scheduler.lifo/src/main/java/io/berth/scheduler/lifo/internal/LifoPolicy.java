package io.berth.scheduler.lifo.internal;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Last in, first out ({@code berth.scheduler=lifo}): the newest pending session of the highest
 * priority (latest creation time; among sessions created at the same instant, the greatest id).
 * Retries are not considered: the newest session always comes first.
 */
@Component(service = SchedulingPolicy.class, property = SchedulingPolicy.PROPERTY + "=" + LifoPolicy.NAME)
public final class LifoPolicy implements SchedulingPolicy {
    static final String NAME = "lifo";

    @Override
    public Optional<String> pick(SchedulingSnapshot snapshot) {
        // oldest first: the newest is the last
        List<PendingSession> candidates = snapshot.topPriorityPending();
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(candidates.size() - 1).id());
    }
}
