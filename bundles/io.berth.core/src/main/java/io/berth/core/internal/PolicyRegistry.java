package io.berth.core.internal;

import io.berth.spi.scheduler.SchedulingPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The installed scheduling policies by name ({@code berth.scheduler}); looked up on every dispatch pass. */
final class PolicyRegistry {
    private final Map<String, SchedulingPolicy> byName = new ConcurrentHashMap<>();

    void add(String name, SchedulingPolicy policy) {
        if (name != null && !name.isBlank()) {
            byName.put(name.strip(), policy);
        }
    }

    void remove(String name, SchedulingPolicy policy) {
        if (name != null) {
            byName.remove(name.strip(), policy);
        }
    }

    Optional<SchedulingPolicy> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
