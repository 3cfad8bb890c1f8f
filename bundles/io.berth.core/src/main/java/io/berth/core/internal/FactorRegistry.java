package io.berth.core.internal;

import io.berth.spi.auth.SecondFactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed second factors by name ({@link SecondFactor#PROPERTY}); they come and go with their plugins.
 * When several services carry the same name the first one registered is used, and the next one takes
 * over when it goes (login never stops asking for a factor that is still registered).
 */
@Component(service = FactorRegistry.class)
public final class FactorRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(FactorRegistry.class);
    private final Map<String, SecondFactor> factors = new ConcurrentHashMap<>();
    /** Every registration by name, in order of arrival; the first is the one in {@link #factors}. */
    private final Map<String, List<SecondFactor>> registered = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addFactor(SecondFactor factor, Map<String, Object> properties) {
        String name = name(properties);
        if (name == null) {
            LOG.warn("ignoring second factor {} without a valid {} property", factor.getClass().getName(),
                    SecondFactor.PROPERTY);
            return;
        }
        synchronized (registered) {
            List<SecondFactor> all = registered.computeIfAbsent(name, k -> new ArrayList<>());
            if (all.stream().anyMatch(f -> f == factor)) {
                return;
            }
            all.add(factor);
            if (all.size() > 1) {
                LOG.warn("a second factor named {} is already installed; ignoring {} while it is", name,
                        factor.getClass().getName());
            }
            factors.put(name, all.get(0));
        }
    }

    public void removeFactor(SecondFactor factor, Map<String, Object> properties) {
        String name = name(properties);
        if (name == null) {
            return;
        }
        synchronized (registered) {
            List<SecondFactor> all = registered.get(name);
            if (all == null || !all.removeIf(f -> f == factor)) {
                return;
            }
            if (all.isEmpty()) {
                registered.remove(name);
                factors.remove(name);
            } else {
                factors.put(name, all.get(0));
            }
        }
    }

    private static String name(Map<String, Object> properties) {
        Object n = properties.get(SecondFactor.PROPERTY);
        return n instanceof String s && s.matches("[a-z][a-z0-9-]{0,31}") ? s : null;
    }

    public Optional<SecondFactor> get(String name) {
        return Optional.ofNullable(name == null ? null : factors.get(name));
    }

    /** Installed factor names, sorted. */
    public List<String> names() {
        return factors.keySet().stream().sorted().toList();
    }
}
