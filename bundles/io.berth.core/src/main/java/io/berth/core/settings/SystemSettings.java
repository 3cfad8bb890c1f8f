package io.berth.core.settings;

import java.util.Map;
import java.util.TreeMap;

/**
 * SPEC Y1. {@code retriesToSkip} holds per-scheduler defaults keyed by scheduler name; a resource
 * group's own setting wins over them, and {@code defaultRetriesToSkip} applies to schedulers not named.
 */
public record SystemSettings(ImageInstallRule imageAutoInstall, int overlayNetworkMtu, int defaultRetriesToSkip,
        Map<String, Integer> retriesToSkip) {

    public static final int MIN_MTU = 1280;
    public static final int MAX_MTU = 9000;
    public static final int MAX_RETRIES_TO_SKIP = 1000;
    public static final SystemSettings DEFAULTS = new SystemSettings(ImageInstallRule.DIGEST, 1500, 3, Map.of());

    public SystemSettings {
        retriesToSkip = java.util.Collections.unmodifiableMap(new TreeMap<>(retriesToSkip));
    }

    /** The system default of retries to skip for a scheduler. */
    public int retriesToSkip(String scheduler) {
        return retriesToSkip.getOrDefault(scheduler, defaultRetriesToSkip);
    }
}
