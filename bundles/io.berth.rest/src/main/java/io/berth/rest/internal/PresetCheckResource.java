package io.berth.rest.internal;

import io.berth.core.session.SessionService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.PresetCheckView;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC A5 "check presets", for every signed-in user: per resource group allowed to the caller, which presets
 * can be launched now and, where not, why.
 */
@Component(service = PresetCheckResource.class, property = RestContext.RESOURCE + "=true")
@Path("/resource-presets")
@Produces(MediaType.APPLICATION_JSON)
public final class PresetCheckResource {
    private final SessionService sessions;

    @Activate
    public PresetCheckResource(@Reference SessionService sessions) {
        this.sessions = sessions;
    }

    /** One entry per group allowed to the caller, or only for {@code resource_group}. */
    @GET
    @Path("check")
    public PageView<PresetCheckView> check(@Context ContainerRequestContext rc,
            @QueryParam("resource_group") String resourceGroup) {
        return Views.all(sessions.checkPresets(RestContext.caller(rc), Params.text(resourceGroup, "resource_group")),
                PresetCheckView::of);
    }
}
