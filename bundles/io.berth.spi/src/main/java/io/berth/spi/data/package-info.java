/**
 * Storage that Berth offers plugins for their own state, kept in Berth's database so that it survives
 * restarts and the plugin being uninstalled and installed again.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.spi.data;
