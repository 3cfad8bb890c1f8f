package io.berth.rest.internal;

import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourcePolicyService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.ResourcePresetView;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
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

/** SPEC A5: resource presets. Everyone signed in reads them; only a superadmin changes them (core decides). */
@Component(service = ResourcePresetResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/resource-presets")
@Produces(MediaType.APPLICATION_JSON)
public final class ResourcePresetResource {
    private final ResourcePolicyService policies;

    @Activate
    public ResourcePresetResource(@Reference ResourcePolicyService policies) {
        this.policies = policies;
    }

    /** Every preset, sorted by name; {@code resource_group} keeps those for that group or for every group. */
    @GET
    public PageView<ResourcePresetView> list(@Context ContainerRequestContext rc,
            @QueryParam("resource_group") String resourceGroup) {
        return Views.all(policies.listPresets(RestContext.caller(rc), Params.text(resourceGroup, "resource_group")),
                ResourcePresetView::of);
    }

    @GET
    @Path("{name}")
    public ResourcePresetView get(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return ResourcePresetView.of(policies.getPreset(RestContext.caller(rc), name));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(ResourcePresetView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.PresetBody body) {
        Params.body(body);
        var p = policies.createPreset(RestContext.caller(rc), input(body));
        return Response.created(UriBuilder.fromPath("/admin/resource-presets/{name}").build(p.name()))
                .entity(ResourcePresetView.of(p)).build();
    }

    /** A {@code name} other than the one in the path is refused by core; {@code resource_group} "" clears it. */
    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ResourcePresetView update(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.PresetBody body) {
        Params.body(body);
        return ResourcePresetView.of(policies.updatePreset(RestContext.caller(rc), name, input(body)));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        policies.deletePreset(RestContext.caller(rc), name);
        return Response.noContent().build();
    }

    private static PresetInput input(Requests.PresetBody b) {
        return new PresetInput(b.name(), b.resourceSlots(), b.sharedMemory(), b.resourceGroup());
    }
}
