package io.berth.rest.internal;

import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.Sizes;
import io.berth.core.storage.StorageService;
import io.berth.core.storage.VolumeInput;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.QuotaView;
import io.berth.rest.internal.Views.VolumeView;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC S1, S4: storage volumes and the quotas of their scopes. Superadmins create, change and delete volumes;
 * superadmins and monitors read them; superadmins and domain admins (for their domain) manage quotas (core
 * decides). Views never carry a secret option's value, only its name. The resource is served while a storage
 * service is registered.
 */
@Component(service = VolumeResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/volumes")
@Produces(MediaType.APPLICATION_JSON)
public final class VolumeResource {
    private final StorageService storage;

    @Activate
    public VolumeResource(@Reference StorageService storage) {
        this.storage = storage;
    }

    /** Every volume, sorted by name (core's order). */
    @GET
    public PageView<VolumeView> list(@Context ContainerRequestContext rc) {
        return Views.all(storage.listVolumes(RestContext.caller(rc)), VolumeView::of);
    }

    @GET
    @Path("{name}")
    public VolumeView get(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return VolumeView.of(storage.getVolume(RestContext.caller(rc), name));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(VolumeView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.VolumeBody body) {
        var v = storage.createVolume(RestContext.caller(rc), input(Params.body(body)));
        return Response.created(UriBuilder.fromPath("/admin/volumes/{name}").build(v.name()))
                .entity(VolumeView.of(v)).build();
    }

    /**
     * Absent fields stay as they are; given {@code options} replace the stored ones, where a secret option
     * given as {@code null} keeps its stored value.
     */
    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public VolumeView update(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.VolumeBody body) {
        return VolumeView.of(storage.updateVolume(RestContext.caller(rc), name, input(Params.body(body))));
    }

    /** Refused (409) while folders live on the volume. */
    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        storage.deleteVolume(RestContext.caller(rc), name);
        return Response.noContent().build();
    }

    // ---- quotas (SPEC S4) ----

    /**
     * The quota scopes of a kind ({@code type} user, the default, or project) on the volume that hold folders
     * or an explicit limit, sorted by scope name.
     */
    @GET
    @Path("{name}/quotas")
    public PageView<QuotaView> quotas(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @QueryParam("type") String type) {
        String t = Params.text(type, "type");
        FolderOwner kind = t == null ? FolderOwner.USER : FolderOwner.parse(t, "type");
        return Views.all(storage.listQuotas(RestContext.caller(rc), name, kind), QuotaView::of);
    }

    /** {@code scope}: a user's id or email, or a project's id (or {@code domain/name}, URL-encoded). */
    @GET
    @Path("{name}/quotas/{type}/{scope}")
    public QuotaView quota(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("type") String type, @PathParam("scope") String scope) {
        return QuotaView.of(storage.getQuota(RestContext.caller(rc), name, FolderOwner.parse(type, "type"), scope));
    }

    /**
     * Sets or changes the scope's hard limit: {@code hard_limit} a number of bytes or a size such as
     * {@code "10g"}. 422 on a volume whose backend has no quotas.
     */
    @PUT
    @Path("{name}/quotas/{type}/{scope}")
    @Consumes(MediaType.APPLICATION_JSON)
    public QuotaView setQuota(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("type") String type, @PathParam("scope") String scope, Requests.QuotaBody body) {
        FolderOwner kind = FolderOwner.parse(type, "type");
        long bytes = Sizes.parse(Params.body(body).hardLimit(), "hard_limit");
        return QuotaView.of(storage.setQuota(RestContext.caller(rc), name, kind, scope, bytes));
    }

    /** Removes the explicit limit; answers the quota after it (the owner's policy applies again). */
    @DELETE
    @Path("{name}/quotas/{type}/{scope}")
    @Answers(value = QuotaView.class, status = 200)
    public Response unsetQuota(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("type") String type, @PathParam("scope") String scope) {
        return Response.ok(QuotaView.of(storage.unsetQuota(RestContext.caller(rc), name,
                FolderOwner.parse(type, "type"), scope))).build();
    }

    static VolumeInput input(Requests.VolumeBody b) {
        return new VolumeInput(b.name(), b.backend(), b.mountPath(), b.options(), b.secretOptions());
    }
}
