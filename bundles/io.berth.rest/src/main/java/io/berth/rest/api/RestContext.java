package io.berth.rest.api;

import io.berth.core.identity.Caller;
import javax.ws.rs.container.ContainerRequestContext;

/** Access to what the authentication filter established for a request. */
public final class RestContext {
    /** Request property holding the authenticated {@link Caller}. */
    public static final String CALLER = "io.berth.rest.caller";
    /** Service property marking a JAX-RS resource service. */
    public static final String RESOURCE = "osgi.jaxrs.resource";
    /** Service property marking a JAX-RS provider (filter, mapper, ...) service. */
    public static final String EXTENSION = "osgi.jaxrs.extension";

    private RestContext() {
    }

    /** The caller of a signed request; throws if the request was not authenticated. */
    public static Caller caller(ContainerRequestContext request) {
        Object c = request.getProperty(CALLER);
        if (!(c instanceof Caller)) {
            throw new IllegalStateException("request is not authenticated");
        }
        return (Caller) c;
    }
}
