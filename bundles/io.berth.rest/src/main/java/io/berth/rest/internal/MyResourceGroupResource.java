package io.berth.rest.internal;

import io.berth.core.group.ResourceGroupService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.ResourceGroupView;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC A4: the resource groups the caller may use (active ones that are public or available to the caller's
 * domain, one of its projects or its keypair), sorted by name. Its own resource, so that {@code /me} does not
 * depend on the resource group service.
 */
@Component(service = MyResourceGroupResource.class, property = RestContext.RESOURCE + "=true")
@Path("/me/resource-groups")
@Produces(MediaType.APPLICATION_JSON)
public final class MyResourceGroupResource {
    private final ResourceGroupService groups;

    @Activate
    public MyResourceGroupResource(@Reference ResourceGroupService groups) {
        this.groups = groups;
    }

    @GET
    public PageView<ResourceGroupView> allowed(@Context ContainerRequestContext rc) {
        return Views.all(groups.allowed(RestContext.caller(rc)), ResourceGroupView::of);
    }
}
