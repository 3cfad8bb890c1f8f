package io.berth.spi.data;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A small key-value store for plugins, provided by Berth as an OSGi service. Entries live in a
 * namespace (by convention the plugin's name, e.g. {@code auth.totp}); each entry has a version that
 * grows with every write, so that concurrent writers can use {@link #replace} as compare-and-set.
 * Values are text of at most {@value #MAX_VALUE} characters; keys at most {@value #MAX_KEY}.
 * Berth stores values as given: a plugin encrypts what must stay secret.
 */
@ProviderType
public interface PluginStore {
    int MAX_KEY = 128;
    int MAX_VALUE = 8192;

    /** A stored value with its version (1 after the first write). */
    record Entry(String value, long version) {
    }

    Optional<Entry> get(String namespace, String key);

    /** Inserts or overwrites; returns the new version. */
    long put(String namespace, String key, String value);

    /**
     * Writes only when the entry's current version is {@code expectedVersion} ({@code 0}: only when
     * absent); returns false, writing nothing, otherwise.
     */
    boolean replace(String namespace, String key, String value, long expectedVersion);

    /** Removes the entry; does nothing when absent. */
    void delete(String namespace, String key);
}
