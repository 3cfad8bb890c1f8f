/**
 * Authentication extension points: second factors. Plugins implement them and register them as OSGi
 * services; core consults every registered instance.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.spi.auth;
