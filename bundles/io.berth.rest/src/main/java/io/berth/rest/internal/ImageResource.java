package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageService;
import io.berth.core.image.ImageUpdate;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.ImageView;
import io.berth.rest.internal.Views.PageView;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC I1: the images rescans found. Everyone signed in reads them; superadmins change and forget them (core
 * decides). A reference ({@code registry/namespace/name:tag}) holds slashes and a colon, so it is the whole
 * rest of the path: {@code /images/cr.backend.ai/stable/python:3.11}. Apps are therefore changed with
 * {@code PATCH}, not with sub-resources.
 */
@Component(service = ImageResource.class, property = RestContext.RESOURCE + "=true")
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
public final class ImageResource {
    private final ImageService images;

    @Activate
    public ImageResource(@Reference ImageService images) {
        this.images = images;
    }

    /**
     * Images matching the filters: {@code registry} a registry hostname, {@code name} a part of the
     * reference, {@code architecture} such as x86_64 or aarch64.
     */
    @GET
    public PageView<ImageView> list(@Context ContainerRequestContext rc, @QueryParam("registry") String registry,
            @QueryParam("name") String name, @QueryParam("architecture") String architecture,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("order_by") String orderBy, @QueryParam("order") String order) {
        ImageQuery q = new ImageQuery(Params.text(registry, "registry"), Params.text(name, "name"),
                Params.text(architecture, "architecture"));
        return PageView.of(images.list(RestContext.caller(rc), q, Params.page(offset, limit, orderBy, order)),
                ImageView::of);
    }

    @GET
    @Path("{reference: .+}")
    public ImageView get(@Context ContainerRequestContext rc, @PathParam("reference") String reference) {
        return ImageView.of(images.get(RestContext.caller(rc), reference));
    }

    /**
     * {@code min_resources} replaces the minimums (absent: as is); {@code add_apps} adds or replaces apps by
     * name; {@code remove_apps} removes apps by name. Answers the image after the change.
     */
    @PATCH
    @Path("{reference: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImageView update(@Context ContainerRequestContext rc, @PathParam("reference") String reference,
            Requests.ImageBody body) {
        return ImageView.of(images.update(RestContext.caller(rc), reference, update(Params.body(body))));
    }

    /** Forgets the image; a later rescan finds it again if it is still in its registry. */
    @DELETE
    @Path("{reference: .+}")
    public Response forget(@Context ContainerRequestContext rc, @PathParam("reference") String reference) {
        images.forget(RestContext.caller(rc), reference);
        return Response.noContent().build();
    }

    /** The change as core takes it; null entries (which JSON allows) are refused here, naming the field. */
    static ImageUpdate update(Requests.ImageBody b) {
        List<ImageApp> add = null;
        if (b.addApps() != null) {
            add = new ArrayList<>();
            for (int i = 0; i < b.addApps().size(); i++) {
                Requests.ImageAppBody a = b.addApps().get(i);
                String field = "add_apps[" + i + "]";
                if (a == null) {
                    throw new ValidationException(field + " must be an object", field);
                }
                if (a.ports() != null && a.ports().contains(null)) {
                    throw new ValidationException(field + ".ports must hold port numbers", field + ".ports");
                }
                add.add(new ImageApp(a.name(), a.protocol(), a.ports() == null ? List.of() : a.ports()));
            }
        }
        if (b.removeApps() != null && b.removeApps().contains(null)) {
            throw new ValidationException("remove_apps must hold app names", "remove_apps");
        }
        return new ImageUpdate(b.minResources(), add, b.removeApps());
    }
}
