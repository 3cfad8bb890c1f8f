package io.berth.spi.data;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Secret keys the manager keeps for plugins, e.g. to encrypt what a plugin stores in its
 * {@link PluginStore}: a key lives apart from the database (in the manager's data directory, readable
 * by its owner only), so a copy of the database alone does not reveal what it encrypts.
 *
 * <p>Berth implements this service; plugins {@code @Reference} it.
 */
@ProviderType
public interface SecretKeys {

    /**
     * The key named {@code name}: random bytes from a strong source, created at first use and the same
     * ever after (across restarts, and the plugin being uninstalled and installed again).
     *
     * @param name   a lower-case name such as {@code auth.totp} (letters, digits, {@code .}, {@code _},
     *               {@code -}; at most 64 characters); plugins use their own
     * @param length the key length in bytes, 16 to 64
     * @return a copy of the key
     * @throws IllegalArgumentException when the name or the length is not allowed, or the key of that
     *                                  name exists with another length
     * @throws java.io.UncheckedIOException when the key cannot be read or created
     */
    byte[] key(String name, int length);
}
