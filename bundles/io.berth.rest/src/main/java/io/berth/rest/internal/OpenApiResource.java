package io.berth.rest.internal;

import io.berth.rest.api.Public;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** {@code GET /openapi.json}: the OpenAPI 3 document of every resource currently served. */
@Path("/openapi.json")
@Public
public final class OpenApiResource {
    private final JerseyWhiteboard whiteboard;

    OpenApiResource(JerseyWhiteboard whiteboard) {
        this.whiteboard = whiteboard;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> document() {
        java.util.List<Class<?>> classes = new java.util.ArrayList<>(whiteboard.resourceClasses());
        classes.add(OpenApiResource.class);
        return OpenApiGenerator.document(classes, PublicResource.managerVersion());
    }
}
