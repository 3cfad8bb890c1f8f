package io.berth.rest.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.ResourcePolicyService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.KeyPairPolicyView;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.ProjectPolicyView;
import io.berth.rest.internal.Views.UserPolicyView;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
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
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC P1–P5: keypair, user and project resource policies at {@code /admin/resource-policies/<kind>}. Each
 * kind has its own paths so that its bodies are typed (and documented) exactly; any other kind is a 404.
 * {@code ?download=csv|json} on a kind's list answers the file core writes, as an attachment.
 */
@Component(service = ResourcePolicyResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/resource-policies")
@Produces(MediaType.APPLICATION_JSON)
public final class ResourcePolicyResource {
    static final String CSV = "text/csv;charset=utf-8";

    private final ResourcePolicyService policies;

    @Activate
    public ResourcePolicyResource(@Reference ResourcePolicyService policies) {
        this.policies = policies;
    }

    // ---- keypair policies (P1) ----

    @GET
    @Path("keypair")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Answers(value = KeyPairPolicyView.class, list = true, downloads = CSV)
    public Response listKeyPair(@Context ContainerRequestContext rc, @QueryParam("download") String download) {
        Caller c = RestContext.caller(rc);
        return listOrDownload(c, PolicyKind.KEYPAIR, download,
                () -> Views.all(policies.listKeyPairPolicies(c), KeyPairPolicyView::of));
    }

    @GET
    @Path("keypair/{name}")
    public KeyPairPolicyView getKeyPair(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return KeyPairPolicyView.of(policies.getKeyPairPolicy(RestContext.caller(rc), name));
    }

    @POST
    @Path("keypair")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(KeyPairPolicyView.class)
    public Response createKeyPair(@Context ContainerRequestContext rc, Requests.KeyPairPolicyBody body) {
        Params.body(body);
        var p = policies.createKeyPairPolicy(RestContext.caller(rc), input(body));
        return created(PolicyKind.KEYPAIR, p.name(), KeyPairPolicyView.of(p));
    }

    @PATCH
    @Path("keypair/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public KeyPairPolicyView updateKeyPair(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.KeyPairPolicyBody body) {
        Params.body(body);
        return KeyPairPolicyView.of(policies.updateKeyPairPolicy(RestContext.caller(rc), name, input(body)));
    }

    /** P4: refused with 409 naming the referrers while a keypair refers to it; {@code default} stays. */
    @DELETE
    @Path("keypair/{name}")
    public Response deleteKeyPair(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return delete(rc, PolicyKind.KEYPAIR, name);
    }

    private static KeyPairPolicyInput input(Requests.KeyPairPolicyBody b) {
        return new KeyPairPolicyInput(b.name(), b.defaultForUnspecified(), b.totalResourceSlots(),
                b.maxSessionLifetime(), b.maxConcurrentSessions(), b.maxPendingSessionCount(),
                b.maxPendingSessionResourceSlots(), b.maxContainersPerSession(), b.idleTimeout(),
                b.allowedVfolderHosts());
    }

    // ---- user policies (P2) ----

    @GET
    @Path("user")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Answers(value = UserPolicyView.class, list = true, downloads = CSV)
    public Response listUser(@Context ContainerRequestContext rc, @QueryParam("download") String download) {
        Caller c = RestContext.caller(rc);
        return listOrDownload(c, PolicyKind.USER, download,
                () -> Views.all(policies.listUserPolicies(c), UserPolicyView::of));
    }

    @GET
    @Path("user/{name}")
    public UserPolicyView getUser(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return UserPolicyView.of(policies.getUserPolicy(RestContext.caller(rc), name));
    }

    @POST
    @Path("user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(UserPolicyView.class)
    public Response createUser(@Context ContainerRequestContext rc, Requests.UserPolicyBody body) {
        Params.body(body);
        var p = policies.createUserPolicy(RestContext.caller(rc), input(body));
        return created(PolicyKind.USER, p.name(), UserPolicyView.of(p));
    }

    @PATCH
    @Path("user/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserPolicyView updateUser(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.UserPolicyBody body) {
        Params.body(body);
        return UserPolicyView.of(policies.updateUserPolicy(RestContext.caller(rc), name, input(body)));
    }

    /** P4: refused with 409 naming the referrers while a user refers to it; {@code default} stays. */
    @DELETE
    @Path("user/{name}")
    public Response deleteUser(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return delete(rc, PolicyKind.USER, name);
    }

    private static UserPolicyInput input(Requests.UserPolicyBody b) {
        return new UserPolicyInput(b.name(), b.maxVfolderCount(), b.maxQuotaScopeSize(),
                b.maxSessionCountPerModelSession(), b.maxCustomizedImageCount());
    }

    // ---- project policies (P3) ----

    @GET
    @Path("project")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Answers(value = ProjectPolicyView.class, list = true, downloads = CSV)
    public Response listProject(@Context ContainerRequestContext rc, @QueryParam("download") String download) {
        Caller c = RestContext.caller(rc);
        return listOrDownload(c, PolicyKind.PROJECT, download,
                () -> Views.all(policies.listProjectPolicies(c), ProjectPolicyView::of));
    }

    @GET
    @Path("project/{name}")
    public ProjectPolicyView getProject(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return ProjectPolicyView.of(policies.getProjectPolicy(RestContext.caller(rc), name));
    }

    @POST
    @Path("project")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(ProjectPolicyView.class)
    public Response createProject(@Context ContainerRequestContext rc, Requests.ProjectPolicyBody body) {
        Params.body(body);
        var p = policies.createProjectPolicy(RestContext.caller(rc), input(body));
        return created(PolicyKind.PROJECT, p.name(), ProjectPolicyView.of(p));
    }

    @PATCH
    @Path("project/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProjectPolicyView updateProject(@Context ContainerRequestContext rc, @PathParam("name") String name,
            Requests.ProjectPolicyBody body) {
        Params.body(body);
        return ProjectPolicyView.of(policies.updateProjectPolicy(RestContext.caller(rc), name, input(body)));
    }

    /** P4: refused with 409 naming the referrers while a project refers to it; {@code default} stays. */
    @DELETE
    @Path("project/{name}")
    public Response deleteProject(@Context ContainerRequestContext rc, @PathParam("name") String name) {
        return delete(rc, PolicyKind.PROJECT, name);
    }

    private static ProjectPolicyInput input(Requests.ProjectPolicyBody b) {
        return new ProjectPolicyInput(b.name(), b.maxVfolderCount(), b.maxQuotaScopeSize());
    }

    // ---- any other kind ----

    /**
     * Paths under an unknown kind (and unknown paths under a known one) are a 404 naming the kinds. Literal
     * paths win over this template in JAX-RS matching, so it only sees what no method above serves.
     */
    @Path("{kind}")
    public Object unknownKind(@PathParam("kind") String kind) {
        for (PolicyKind k : PolicyKind.values()) {
            if (k.wire().equals(kind)) {
                throw new javax.ws.rs.NotFoundException();
            }
        }
        throw new NotFoundException("no resource policy kind '" + abbreviate(kind)
                + "'; the kinds are keypair, user and project", "kind");
    }

    // ---- shared ----

    private Response listOrDownload(Caller caller, PolicyKind kind, String download,
            Supplier<PageView<?>> list) {
        String d = Params.text(download, "download");
        if (d == null) {
            return Response.ok(list.get(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        ExportFormat format = ExportFormat.fromWire(d, "download");
        StreamingOutput file = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            policies.exportPolicies(caller, kind, format, w);
            w.flush();
        };
        return Response.ok(file, format == ExportFormat.CSV ? CSV : format.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + kind.wire() + "-resource-policies." + format.extension() + "\"")
                .build();
    }

    private static Response created(PolicyKind kind, String name, Object view) {
        return Response.created(UriBuilder.fromPath("/admin/resource-policies/{kind}/{name}").build(kind.wire(), name))
                .entity(view).build();
    }

    private Response delete(ContainerRequestContext rc, PolicyKind kind, String name) {
        policies.deletePolicy(RestContext.caller(rc), kind, name);
        return Response.noContent().build();
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
