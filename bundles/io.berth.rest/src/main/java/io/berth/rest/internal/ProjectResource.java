package io.berth.rest.internal;

import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.ProjectView;
import java.net.URI;
import javax.ws.rs.Consumes;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SPEC R2: projects (Backend.AI's "groups"), unique by name within their domain. */
@Component(service = ProjectResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/projects")
@Produces(MediaType.APPLICATION_JSON)
public final class ProjectResource {
    private final IdentityService identity;

    @Activate
    public ProjectResource(@Reference IdentityService identity) {
        this.identity = identity;
    }

    @GET
    public PageView<ProjectView> list(@Context ContainerRequestContext rc, @QueryParam("domain") String domain,
            @QueryParam("is_active") String active, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("order_by") String orderBy,
            @QueryParam("order") String order) {
        return PageView.of(identity.listProjects(RestContext.caller(rc), Params.text(domain, "domain"),
                Params.bool(active, "is_active"), Params.page(offset, limit, orderBy, order)), ProjectView::of);
    }

    @GET
    @Path("{id}")
    public ProjectView get(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return ProjectView.of(identity.getProject(RestContext.caller(rc), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(ProjectView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.CreateProject body) {
        Params.body(body);
        var p = identity.createProject(RestContext.caller(rc), new Inputs.NewProject(body.domainName(), body.name(),
                body.description(), body.isActive(), body.allowedVfolderHosts(), body.allowedDockerRegistries(),
                body.resourcePolicy(), body.totalResourceSlots()));
        return Response.created(URI.create("/admin/projects/" + p.id())).entity(ProjectView.of(p)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProjectView update(@Context ContainerRequestContext rc, @PathParam("id") String id,
            Requests.UpdateProject body) {
        Params.body(body);
        return ProjectView.of(identity.updateProject(RestContext.caller(rc), id, new Inputs.ProjectUpdate(
                body.description(), body.isActive(), body.allowedVfolderHosts(), body.allowedDockerRegistries(),
                body.resourcePolicy(), body.totalResourceSlots())));
    }
}
