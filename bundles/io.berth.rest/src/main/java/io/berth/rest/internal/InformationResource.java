package io.berth.rest.internal;

import io.berth.core.info.InformationService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.SystemInfoView;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SPEC Y3: versions and every installed Berth component with its SPI compatibility. */
@Component(service = InformationResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/info")
@Produces(MediaType.APPLICATION_JSON)
public final class InformationResource {
    private final InformationService information;

    @Activate
    public InformationResource(@Reference InformationService information) {
        this.information = information;
    }

    @GET
    public SystemInfoView get(@Context ContainerRequestContext rc) {
        return SystemInfoView.of(information.describe(RestContext.caller(rc)));
    }
}
