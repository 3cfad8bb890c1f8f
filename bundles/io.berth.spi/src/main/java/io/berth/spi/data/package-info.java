/**
 * Storage that Berth offers plugins for their own state, kept in Berth's database so that it survives
 * restarts and the plugin being uninstalled and installed again, and {@link io.berth.spi.data.SecretKeys}
 * to encrypt it with keys kept apart from the database.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.berth.spi.data;
