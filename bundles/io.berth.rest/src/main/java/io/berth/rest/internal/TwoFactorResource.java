package io.berth.rest.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.ActivatedFactorView;
import io.berth.rest.internal.Views.EnrolmentView;
import io.berth.rest.internal.Views.SecondFactorsView;
import java.util.LinkedHashMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC T1, T2: the caller's own second factors. Only installed factors exist here; any other name is
 * core's 404. Enrolment answers the set-up data once; the factor becomes active when a code from it
 * confirms it. An administrator disables another user's factor under {@code /admin/users} and can never
 * enrol or activate one.
 */
@Component(service = TwoFactorResource.class, property = RestContext.RESOURCE + "=true")
@Path("/me/2fa")
@Produces(MediaType.APPLICATION_JSON)
public final class TwoFactorResource {
    /** Longer codes are refused before they reach a factor. */
    static final int MAX_CODE_LENGTH = 256;

    private final TwoFactorService twoFactor;

    @Activate
    public TwoFactorResource(@Reference TwoFactorService twoFactor) {
        this.twoFactor = twoFactor;
    }

    /** Every installed factor and whether it is active for the caller; {@code {}} when none is installed. */
    @GET
    public SecondFactorsView status(@Context ContainerRequestContext rc) {
        Caller c = RestContext.caller(rc);
        return new SecondFactorsView(new LinkedHashMap<>(twoFactor.status(c, c.email())));
    }

    /** Starts (or restarts) the caller's enrolment: 201 with the set-up data, shown only this once. */
    @POST
    @Path("{factor}")
    @Answers(EnrolmentView.class)
    public Response enrol(@Context ContainerRequestContext rc, @PathParam("factor") String factor) {
        var enrolment = twoFactor.enrol(RestContext.caller(rc), factor);
        return Response.status(Response.Status.CREATED).entity(EnrolmentView.of(factor, enrolment)).build();
    }

    /** Confirms the caller's pending enrolment with {@code {"code": "123456"}}; a wrong code is a 400. */
    @POST
    @Path("{factor}/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActivatedFactorView activate(@Context ContainerRequestContext rc, @PathParam("factor") String factor,
            Requests.ActivateFactor body) {
        Params.body(body);
        if (body.code() == null) {
            throw new ValidationException("code is required", "code");
        }
        if (body.code().length() > MAX_CODE_LENGTH) {
            throw new ValidationException("code must be at most " + MAX_CODE_LENGTH + " characters", "code");
        }
        twoFactor.activate(RestContext.caller(rc), factor, body.code());
        return new ActivatedFactorView(factor, true);
    }

    /** Disables one of the caller's own factors, active or pending. */
    @DELETE
    @Path("{factor}")
    public Response disable(@Context ContainerRequestContext rc, @PathParam("factor") String factor) {
        Caller c = RestContext.caller(rc);
        twoFactor.disable(c, c.email(), factor);
        return Response.noContent().build();
    }
}
