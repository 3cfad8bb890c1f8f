package io.berth.rest.internal;

import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.SettingChangeView;
import io.berth.rest.internal.Views.SettingsView;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SPEC Y1: system settings and the audit trail of their changes. */
@Component(service = SettingsResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/settings")
@Produces(MediaType.APPLICATION_JSON)
public final class SettingsResource {
    private final SettingsService settings;

    @Activate
    public SettingsResource(@Reference SettingsService settings) {
        this.settings = settings;
    }

    @GET
    public SettingsView get(@Context ContainerRequestContext rc) {
        return SettingsView.of(settings.get(RestContext.caller(rc)));
    }

    /** Changes the fields given and answers the settings now in force. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsView update(@Context ContainerRequestContext rc, Requests.UpdateSettings body) {
        Params.body(body);
        return SettingsView.of(settings.update(RestContext.caller(rc), new SettingsUpdate(body.imageAutoInstall(),
                body.overlayNetworkMtu(), body.defaultRetriesToSkip(), body.retriesToSkip())));
    }

    /** The audited changes, newest first. */
    @GET
    @Path("history")
    public PageView<SettingChangeView> history(@Context ContainerRequestContext rc,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return PageView.of(settings.history(RestContext.caller(rc), Params.page(offset, limit, null, null)),
                SettingChangeView::of);
    }
}
