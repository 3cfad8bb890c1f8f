package io.berth.rest.internal;

import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Inputs;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.KeyPairView;
import io.berth.rest.internal.Views.PageView;
import java.net.URI;
import java.util.List;
import java.util.Map;
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

/** SPEC K1–K4: keypairs (credentials). Secrets are returned only by creation. */
@Component(service = KeyPairResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/keypairs")
@Produces(MediaType.APPLICATION_JSON)
public final class KeyPairResource {
    private final IdentityService identity;

    @Activate
    public KeyPairResource(@Reference IdentityService identity) {
        this.identity = identity;
    }

    /** Lists keypairs: {@code is_active=true} (default) or {@code false} for the inactive view. */
    @GET
    public PageView<KeyPairView> list(@Context ContainerRequestContext rc, @QueryParam("is_active") String active,
            @QueryParam("user_id") String userEmail, @QueryParam("access_key") String accessKey,
            @QueryParam("domain") String domain, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("order_by") String orderBy,
            @QueryParam("order") String order) {
        Boolean a = Params.bool(active, "is_active");
        KeyPairQuery q = new KeyPairQuery(a == null ? Boolean.TRUE : a, null, Params.text(accessKey, "access_key"),
                Params.text(userEmail, "user_id"), Params.text(domain, "domain"));
        Caller caller = RestContext.caller(rc);
        Page<KeyPair> page = identity.listKeyPairs(caller, q, Params.page(offset, limit, orderBy, order));
        Map<String, String> owners = identity.userEmails(caller, page.items().stream().map(KeyPair::userId).toList());
        return PageView.of(page, k -> KeyPairView.of(k, owners.get(k.userId())));
    }

    @GET
    @Path("{accessKey}")
    public KeyPairView get(@Context ContainerRequestContext rc, @PathParam("accessKey") String accessKey) {
        return view(RestContext.caller(rc), identity.getKeyPair(RestContext.caller(rc), accessKey));
    }

    /** K4: adds a keypair to a user, optionally with explicit access and secret keys. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(KeyPairView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.CreateKeyPair body) {
        Params.body(body);
        KeyPair kp = identity.createKeyPair(RestContext.caller(rc), new Inputs.NewKeyPair(body.userId(),
                body.accessKey(), body.secretKey(), body.isActive(), body.isAdmin(), body.resourcePolicy(),
                body.rateLimit()));
        return Response.created(URI.create("/admin/keypairs/" + kp.accessKey()))
                .entity(KeyPairView.withSecret(kp, body.userId().toLowerCase(java.util.Locale.ROOT))).build();
    }

    @PATCH
    @Path("{accessKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    public KeyPairView update(@Context ContainerRequestContext rc, @PathParam("accessKey") String accessKey,
            Requests.UpdateKeyPair body) {
        Params.body(body);
        return view(RestContext.caller(rc), identity.updateKeyPair(RestContext.caller(rc), accessKey,
                new Inputs.KeyPairUpdate(body.isActive(), body.isAdmin(), body.resourcePolicy(), body.rateLimit())));
    }

    @POST
    @Path("{accessKey}/deactivate")
    public KeyPairView deactivate(@Context ContainerRequestContext rc, @PathParam("accessKey") String accessKey) {
        return view(RestContext.caller(rc), identity.updateKeyPair(RestContext.caller(rc), accessKey,
                new Inputs.KeyPairUpdate(false, null, null, null)));
    }

    @POST
    @Path("{accessKey}/activate")
    public KeyPairView activate(@Context ContainerRequestContext rc, @PathParam("accessKey") String accessKey) {
        return view(RestContext.caller(rc), identity.updateKeyPair(RestContext.caller(rc), accessKey,
                new Inputs.KeyPairUpdate(true, null, null, null)));
    }

    private KeyPairView view(Caller caller, KeyPair k) {
        return KeyPairView.of(k, identity.userEmails(caller, List.of(k.userId())).get(k.userId()));
    }

    /** K3: refused with 409 when anything (a session) was ever created with the keypair. */
    @DELETE
    @Path("{accessKey}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("accessKey") String accessKey) {
        identity.deleteKeyPair(RestContext.caller(rc), accessKey);
        return Response.noContent().build();
    }
}
