package io.berth.core.repo;

import io.berth.spi.data.PluginStore.Entry;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** The rows behind {@link io.berth.spi.data.PluginStore}: (namespace, key) → value with a version. */
@ConsumerType
public interface PluginDataRepository {
    Optional<Entry> get(String namespace, String key);

    /** Inserts (version 1) or overwrites (version + 1); returns the new version. */
    long put(String namespace, String key, String value);

    /**
     * Writes only when the current version is {@code expectedVersion} (0: only when absent); false
     * otherwise, including when a concurrent insert of the same key wins.
     */
    boolean replace(String namespace, String key, String value, long expectedVersion);

    void delete(String namespace, String key);
}
