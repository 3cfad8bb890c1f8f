/**
 * What a bundle contributing REST resources to Berth needs: register a JAX-RS resource as an OSGi
 * service with {@code osgi.jaxrs.resource=true} (or a provider with {@code osgi.jaxrs.extension=true});
 * it is served at once and removed with its bundle. Every resource is authenticated by signed
 * request unless marked {@link io.berth.rest.api.Public}; {@link io.berth.rest.api.RestContext#caller}
 * gives the authenticated caller.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.rest.api;
