package io.berth.rest.internal;

import io.berth.core.image.ImageService;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.RegistryView;
import io.berth.rest.internal.Views.RescanTaskView;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC I3, I4: container registries and their rescans. Superadmins create, change, delete and rescan;
 * superadmins and monitors read (core decides). Views never carry the password, only {@code has_password}.
 * A rescan runs in the background: it is answered at once with 202 and the location of the task
 * ({@link RescanResource}).
 */
@Component(service = RegistryResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/registries")
@Produces(MediaType.APPLICATION_JSON)
public final class RegistryResource {
    private final ImageService images;

    @Activate
    public RegistryResource(@Reference ImageService images) {
        this.images = images;
    }

    /** Every registry, sorted by hostname (core's order). */
    @GET
    public PageView<RegistryView> list(@Context ContainerRequestContext rc) {
        return Views.all(images.listRegistries(RestContext.caller(rc)), RegistryView::of);
    }

    @GET
    @Path("{hostname}")
    public RegistryView get(@Context ContainerRequestContext rc, @PathParam("hostname") String hostname) {
        return RegistryView.of(images.getRegistry(RestContext.caller(rc), hostname));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(RegistryView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.RegistryBody body) {
        var r = images.createRegistry(RestContext.caller(rc), input(Params.body(body)));
        return Response.created(UriBuilder.fromPath("/admin/registries/{hostname}").build(r.hostname()))
                .entity(RegistryView.of(r)).build();
    }

    /** Absent fields stay as they are; {@code password} "" removes the stored one. */
    @PATCH
    @Path("{hostname}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RegistryView update(@Context ContainerRequestContext rc, @PathParam("hostname") String hostname,
            Requests.RegistryBody body) {
        return RegistryView.of(images.updateRegistry(RestContext.caller(rc), hostname, input(Params.body(body))));
    }

    /** Deletes the registry and forgets its images. */
    @DELETE
    @Path("{hostname}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("hostname") String hostname) {
        images.deleteRegistry(RestContext.caller(rc), hostname);
        return Response.noContent().build();
    }

    /** Starts a background rescan of every registry: 202 with the task and its location. */
    @POST
    @Path("rescan")
    @Answers(value = RescanTaskView.class, status = 202)
    public Response rescanAll(@Context ContainerRequestContext rc) {
        return accepted(images.rescan(RestContext.caller(rc), null));
    }

    /** Starts a background rescan of this registry: 202 with the task and its location. */
    @POST
    @Path("{hostname}/rescan")
    @Answers(value = RescanTaskView.class, status = 202)
    public Response rescan(@Context ContainerRequestContext rc, @PathParam("hostname") String hostname) {
        return accepted(images.rescan(RestContext.caller(rc), hostname));
    }

    static Response accepted(RescanTask t) {
        return Response.accepted(RescanTaskView.of(t))
                .location(UriBuilder.fromPath("/admin/rescans/{id}").build(t.id())).build();
    }

    static RegistryInput input(Requests.RegistryBody b) {
        return new RegistryInput(b.hostname(), b.url(), b.type(), b.project(), b.username(), b.password(),
                b.sslVerify());
    }
}
