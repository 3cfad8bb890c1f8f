package io.berth.rest.internal;

import io.berth.core.image.ImageService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.RescanTaskView;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC I4, Y2: the registry rescans started with {@code POST /admin/registries/rescan} or
 * {@code POST /admin/registries/{hostname}/rescan}, running or finished; poll one until its {@code state} is
 * no longer {@code running}.
 */
@Component(service = RescanResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/rescans")
@Produces(MediaType.APPLICATION_JSON)
public final class RescanResource {
    private final ImageService images;

    @Activate
    public RescanResource(@Reference ImageService images) {
        this.images = images;
    }

    /** Recent rescans, newest first. */
    @GET
    public PageView<RescanTaskView> list(@Context ContainerRequestContext rc) {
        return Views.all(images.tasks(RestContext.caller(rc)), RescanTaskView::of);
    }

    @GET
    @Path("{id}")
    public RescanTaskView get(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return RescanTaskView.of(images.task(RestContext.caller(rc), id));
    }
}
