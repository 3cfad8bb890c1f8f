package io.berth.rest.internal;

import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.DomainView;
import io.berth.rest.internal.Views.PageView;
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

/** SPEC R2: domains. Creating a domain creates its model-store project. */
@Component(service = DomainResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/domains")
@Produces(MediaType.APPLICATION_JSON)
public final class DomainResource {
    private final IdentityService identity;

    @Activate
    public DomainResource(@Reference IdentityService identity) {
        this.identity = identity;
    }

    @GET
    public PageView<DomainView> list(@Context ContainerRequestContext rc, @QueryParam("is_active") String active,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("order_by") String orderBy, @QueryParam("order") String order) {
        return PageView.of(identity.listDomains(RestContext.caller(rc), Params.bool(active, "is_active"),
                Params.page(offset, limit, orderBy, order)), DomainView::of);
    }

    @GET
    @Path("{name}")
    public DomainView get(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return DomainView.of(identity.getDomain(RestContext.caller(rc), name));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(DomainView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.CreateDomain body) {
        Params.body(body);
        var d = identity.createDomain(RestContext.caller(rc), new Inputs.NewDomain(body.name(), body.description(),
                body.isActive(), body.allowedVfolderHosts(), body.allowedDockerRegistries(),
                body.totalResourceSlots()));
        return Response.created(URI.create("/admin/domains/" + d.name())).entity(DomainView.of(d)).build();
    }

    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DomainView update(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.UpdateDomain body) {
        Params.body(body);
        return DomainView.of(identity.updateDomain(RestContext.caller(rc), name, new Inputs.DomainUpdate(
                body.description(), body.isActive(), body.allowedVfolderHosts(), body.allowedDockerRegistries(),
                body.totalResourceSlots())));
    }
}
