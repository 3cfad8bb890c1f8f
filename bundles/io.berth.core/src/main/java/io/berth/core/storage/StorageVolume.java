package io.berth.core.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SPEC S1: a volume as the administrator configured it. {@code options} are the backend's settings; those
 * named in {@code secretOptions} (e.g. a storage API password) are stored sealed with the manager's key and
 * never returned or logged: the stored value of a secret option is its sealed form.
 */
public record StorageVolume(String name, String backend, String mountPath, Map<String, String> options,
        Set<String> secretOptions, Instant createdAt, Instant modifiedAt) {

    public StorageVolume {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        secretOptions = Set.copyOf(secretOptions);
    }
}
