package io.berth.rest.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs;
import io.berth.core.identity.Page;
import io.berth.core.identity.User;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.CreatedUserView;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.UserDetailView;
import io.berth.rest.internal.Views.UserView;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.function.Function;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC U1–U8: users. There is deliberately no DELETE of a user (U8). The views carry the user's second
 * factors while any is installed (T1); an administrator may disable a user's factor (T2) but never enrol or
 * activate one.
 */
@Component(service = UserResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UserResource {
    private final IdentityService identity;
    private final TwoFactorService twoFactor;

    @Activate
    public UserResource(@Reference IdentityService identity, @Reference TwoFactorService twoFactor) {
        this.identity = identity;
        this.twoFactor = twoFactor;
    }

    /**
     * Lists users. {@code status} selects the view: {@code active} (default), {@code inactive},
     * {@code before-verification}, {@code all}, or a comma-separated list.
     */
    @GET
    public PageView<UserView> list(@Context ContainerRequestContext rc, @QueryParam("email") String email,
            @QueryParam("username") String username, @QueryParam("access_key") String accessKey,
            @QueryParam("status") String status, @QueryParam("domain") String domain,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("order_by") String orderBy, @QueryParam("order") String order) {
        UserQuery q = new UserQuery(Params.text(email, "email"), Params.text(username, "username"),
                Params.text(accessKey, "access_key"), statuses(status), Params.text(domain, "domain"));
        Page<User> page = identity.listUsers(RestContext.caller(rc), q, Params.page(offset, limit, orderBy, order));
        Function<User, Map<String, Boolean>> factors = SecondFactors.ofPage(twoFactor, page.items());
        return PageView.of(page, u -> UserView.of(u, factors.apply(u)));
    }

    static Set<UserStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return EnumSet.of(UserStatus.ACTIVE);
        }
        if ("all".equals(status)) {
            return EnumSet.allOf(UserStatus.class);
        }
        return Arrays.stream(status.split(",")).map(String::trim).map(UserStatus::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(UserStatus.class)));
    }

    @GET
    @Path("{email}")
    public UserDetailView get(@Context ContainerRequestContext rc, @PathParam("email") String email) {
        Caller c = RestContext.caller(rc);
        return view(c, identity.getUser(c, email), true);
    }

    /** The detail view with the user's second factors (present only while any factor is installed). */
    private UserDetailView view(Caller c, UserDetail d, boolean ownNotice) {
        boolean own = ownNotice && d.user().id().equals(c.userId());
        return UserDetailView.of(d, own, SecondFactors.of(twoFactor, c, d.user().email()));
    }

    /** Superadmin only (U2). Answers the user and its first keypair, whose secret is shown only now. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(CreatedUserView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.CreateUser body) {
        Params.body(body);
        CreatedUser created = identity.createUser(RestContext.caller(rc),
                new Inputs.NewUser(body.email(), body.username(), body.password(), body.fullName(), body.description(),
                        body.domainName(), body.role() == null ? null : Role.parse(body.role()),
                        body.status() == null ? null : UserStatus.parse(body.status()), body.needPasswordChange(),
                        body.sudoSessionEnabled(), body.projects(), body.resourcePolicy()));
        CreatedUserView view = new CreatedUserView(view(RestContext.caller(rc), created.detail(), false),
                Views.KeyPairView.withSecret(created.keyPair(), created.detail().user().email()));
        return Response.created(URI.create("/admin/users/" + created.detail().user().email())).entity(view).build();
    }

    /** U5: full name, password, status, role, projects, flags and user resource policy; the email never changes. */
    @PATCH
    @Path("{email}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserDetailView update(@Context ContainerRequestContext rc, @PathParam("email") String email,
            Requests.UpdateUser body) {
        Params.body(body);
        Caller c = RestContext.caller(rc);
        var d = identity.updateUser(c, email, new Inputs.UserUpdate(body.username(), body.fullName(),
                body.description(), body.password(), body.role() == null ? null : Role.parse(body.role()),
                body.status() == null ? null : UserStatus.parse(body.status()), body.projects(),
                body.needPasswordChange(), body.sudoSessionEnabled(), body.resourcePolicy()));
        return view(c, d, true);
    }

    /** U8: the user and all its keypairs become inactive in one transaction. */
    @POST
    @Path("{email}/deactivate")
    public UserDetailView deactivate(@Context ContainerRequestContext rc, @PathParam("email") String email) {
        Caller c = RestContext.caller(rc);
        return view(c, identity.deactivateUser(c, email), false);
    }

    /** Sets the status back to active; the keypairs stay inactive until re-activated one by one (U8). */
    @POST
    @Path("{email}/activate")
    public UserDetailView activate(@Context ContainerRequestContext rc, @PathParam("email") String email) {
        Caller c = RestContext.caller(rc);
        return view(c, identity.updateUser(c, email,
                new Inputs.UserUpdate(null, null, null, null, null, UserStatus.ACTIVE, null, null, null, null)), false);
    }

    /**
     * SPEC T2: disables one second factor of a user the caller manages (a superadmin, or the admin of the
     * user's domain; core checks). A factor that is not installed is a 404.
     */
    @DELETE
    @Path("{email}/2fa/{factor}")
    public Response disableSecondFactor(@Context ContainerRequestContext rc, @PathParam("email") String email,
            @PathParam("factor") String factor) {
        twoFactor.disable(RestContext.caller(rc), email, factor);
        return Response.noContent().build();
    }
}
