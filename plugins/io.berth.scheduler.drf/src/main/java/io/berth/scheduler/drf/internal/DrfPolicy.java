package io.berth.scheduler.drf.internal;

import io.berth.spi.scheduler.PendingSession;
import io.berth.spi.scheduler.SchedulingPolicy;
import io.berth.spi.scheduler.SchedulingSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** One access key competing in a pick: its dominant share and its oldest pending session. */
    record Contender(String accessKey, BigDecimal dominantShare, PendingSession oldest) {
    }

    static final Comparator<Contender> FAIREST_FIRST = Comparator
            .comparing(Contender::dominantShare)
            .thenComparing(c -> c.oldest().createdAt())
            .thenComparing(Contender::accessKey);

    @Override
    public Optional<String> pick(SchedulingSnapshot snapshot) {
        return contenders(snapshot).stream().min(FAIREST_FIRST).map(c -> c.oldest().id());
    }

    /** Every access key with a top-priority pending session, with its dominant share. */
    static List<Contender> contenders(SchedulingSnapshot snapshot) {
        List<Contender> out = new ArrayList<>();
        snapshot.oldestTopPriorityByAccessKey().forEach((key, oldest) ->
                out.add(new Contender(key, snapshot.dominantShareOf(key), oldest)));
        return out;
    }
}
