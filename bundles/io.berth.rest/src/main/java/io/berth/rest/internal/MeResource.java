package io.berth.rest.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.UserDetailView;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The caller's own account: its view (with the password-change notice, U7, and the second factors while
 * any is installed, T1) and password change. The caller's own second factors are under {@code /me/2fa}
 * ({@link TwoFactorResource}).
 */
@Component(service = MeResource.class, property = RestContext.RESOURCE + "=true")
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {
    private final IdentityService identity;
    private final TwoFactorService twoFactor;

    @Activate
    public MeResource(@Reference IdentityService identity, @Reference TwoFactorService twoFactor) {
        this.identity = identity;
        this.twoFactor = twoFactor;
    }

    @GET
    public UserDetailView me(@Context ContainerRequestContext rc) {
        Caller c = RestContext.caller(rc);
        var d = identity.getUser(c, c.email());
        return UserDetailView.of(d, true, SecondFactors.of(twoFactor, c, d.user().email()));
    }

    /** Changes the caller's password after checking the current one; clears need-password-change. */
    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@Context ContainerRequestContext rc, Requests.ChangePassword body) {
        Params.body(body);
        identity.changeOwnPassword(RestContext.caller(rc), body.oldPassword(), body.newPassword());
        return Response.noContent().build();
    }
}
