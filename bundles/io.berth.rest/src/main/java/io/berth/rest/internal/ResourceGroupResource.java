package io.berth.rest.internal;

import io.berth.core.group.ResourceGroupInput;
import io.berth.core.group.ResourceGroupService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.AssociationsView;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.ResourceGroupView;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
 * SPEC A4: resource groups and who they are available to. Superadmins create, change, delete and associate;
 * superadmins and monitors see every group, everyone else the groups allowed to them (core decides). A
 * delete is refused with 409 and {@code referrers} while agents that are not terminated belong to the group.
 */
@Component(service = ResourceGroupResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/resource-groups")
@Produces(MediaType.APPLICATION_JSON)
public final class ResourceGroupResource {
    private final ResourceGroupService groups;

    @Activate
    public ResourceGroupResource(@Reference ResourceGroupService groups) {
        this.groups = groups;
    }

    /** Sorted by name. */
    @GET
    public PageView<ResourceGroupView> list(@Context ContainerRequestContext rc) {
        return Views.all(groups.list(RestContext.caller(rc)), ResourceGroupView::of);
    }

    @GET
    @Path("{name}")
    public ResourceGroupView get(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return ResourceGroupView.of(groups.get(RestContext.caller(rc), name));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(ResourceGroupView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.ResourceGroupBody body) {
        var g = groups.create(RestContext.caller(rc), input(Params.body(body)));
        return Response.created(UriBuilder.fromPath("/admin/resource-groups/{name}").build(g.name()))
                .entity(ResourceGroupView.of(g)).build();
    }

    /** Absent fields stay as they are; {@code wsproxy_address} "" and {@code retries_to_skip} −1 clear. */
    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ResourceGroupView update(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.ResourceGroupBody body) {
        return ResourceGroupView.of(groups.update(RestContext.caller(rc), name, input(Params.body(body))));
    }

    /** Refused (409 with {@code referrers}) while agents belong to it; {@code default} is never deleted. */
    @DELETE
    @Path("{name}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        groups.delete(RestContext.caller(rc), name);
        return Response.noContent().build();
    }

    static ResourceGroupInput input(Requests.ResourceGroupBody b) {
        Requests.SchedulerOptionsBody o = b.schedulerOptions();
        return new ResourceGroupInput(b.name(), b.description(), b.isActive(), b.isPublic(), b.wsproxyAddress(),
                b.scheduler(), o == null ? null : o.allowedSessionTypes(), o == null ? null : o.pendingTimeout(),
                o == null ? null : o.retriesToSkip(), o == null ? null : o.agentSelection());
    }

    // ---- associations ----

    @GET
    @Path("{name}/associations")
    public AssociationsView associations(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return AssociationsView.of(groups.associations(RestContext.caller(rc), name));
    }

    /** Makes the group available to the domain (204, also when it already was). */
    @PUT
    @Path("{name}/domains/{domain}")
    public void allowDomain(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("domain") String domain) {
        groups.allowDomain(RestContext.caller(rc), name, domain, true);
    }

    @DELETE
    @Path("{name}/domains/{domain}")
    public void disallowDomain(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("domain") String domain) {
        groups.allowDomain(RestContext.caller(rc), name, domain, false);
    }

    /** Makes the group available to the project with this id. */
    @PUT
    @Path("{name}/projects/{projectId}")
    public void allowProject(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("projectId") String projectId) {
        groups.allowProject(RestContext.caller(rc), name, projectId, true);
    }

    @DELETE
    @Path("{name}/projects/{projectId}")
    public void disallowProject(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("projectId") String projectId) {
        groups.allowProject(RestContext.caller(rc), name, projectId, false);
    }

    /** Makes the group available to the keypair with this access key. */
    @PUT
    @Path("{name}/keypairs/{accessKey}")
    public void allowKeyPair(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("accessKey") String accessKey) {
        groups.allowKeyPair(RestContext.caller(rc), name, accessKey, true);
    }

    @DELETE
    @Path("{name}/keypairs/{accessKey}")
    public void disallowKeyPair(@Context ContainerRequestContext rc, @PathParam("name") String name,
            @PathParam("accessKey") String accessKey) {
        groups.allowKeyPair(RestContext.caller(rc), name, accessKey, false);
    }
}
