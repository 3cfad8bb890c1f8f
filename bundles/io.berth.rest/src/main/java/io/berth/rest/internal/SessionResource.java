package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.session.Session;
import io.berth.core.session.SessionInput;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionService;
import io.berth.core.session.SessionStatus;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.SessionDetailView;
import io.berth.rest.internal.Views.SessionView;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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
 * SPEC C1, C3, C7: compute sessions. Users create, see and end their own sessions, domain admins those of
 * their domain, superadmins all (core decides). {@code GET /sessions?download=csv} answers every matching
 * session in the caller's scope as a CSV attachment, streamed.
 */
@Component(service = SessionResource.class, property = RestContext.RESOURCE + "=true")
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionResource {
    static final String CSV = ResourcePolicyResource.CSV;
    static final String TEXT = "text/plain;charset=utf-8";
    static final int DEFAULT_TAIL = 500;
    static final int MAX_TAIL = 10_000;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SessionService sessions;
    private final Clock clock;

    @Activate
    public SessionResource(@Reference SessionService sessions) {
        this(sessions, Clock.systemUTC());
    }

    SessionResource(SessionService sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Sessions matching the filters: {@code status} repeated or comma-separated (any status when absent),
     * {@code owner} an e-mail, {@code project} a project id, {@code agent} an agent id, {@code type}
     * interactive, batch or inference, {@code created_from} (inclusive) and {@code created_to} (exclusive)
     * ISO-8601 date-times or dates. With {@code download=csv} the answer is the CSV file of every matching
     * session (paging ignored) as an attachment {@code sessions-<yyyyMMdd-HHmmss>.csv}.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Answers(value = SessionView.class, list = true, downloads = CSV)
    public Response list(@Context ContainerRequestContext rc, @QueryParam("status") List<String> status,
            @QueryParam("access_key") String accessKey, @QueryParam("owner") String owner,
            @QueryParam("project") String project, @QueryParam("domain") String domain,
            @QueryParam("resource_group") String resourceGroup, @QueryParam("agent") String agent,
            @QueryParam("type") String type, @QueryParam("name") String name,
            @QueryParam("created_from") String createdFrom, @QueryParam("created_to") String createdTo,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("order_by") String orderBy, @QueryParam("order") String order,
            @QueryParam("download") String download) {
        Caller caller = RestContext.caller(rc);
        SessionQuery q = new SessionQuery(statuses(status), Params.text(accessKey, "access_key"),
                Params.text(owner, "owner"), Params.text(project, "project"), Params.text(domain, "domain"),
                Params.text(resourceGroup, "resource_group"), Params.text(agent, "agent"), type(type),
                Params.text(name, "name"), Params.instant(createdFrom, "created_from", true),
                Params.instant(createdTo, "created_to", true));
        String d = Params.text(download, "download");
        if (d == null) {
            return Response.ok(Views.PageView.of(sessions.list(caller, q, Params.page(offset, limit, orderBy, order)),
                    SessionView::of), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (!"csv".equals(d.strip().toLowerCase(Locale.ROOT))) {
            throw new ValidationException("download must be 'csv'", "download");
        }
        StreamingOutput file = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            sessions.exportCsv(caller, q, w);
            w.flush();
        };
        return Response.ok(file, CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(clock.instant()) + "\"")
                .build();
    }

    /** {@code sessions-20250601-120000.csv} (UTC): 28 characters, well within the 255 file systems allow. */
    static String fileName(Instant at) {
        return "sessions-" + FILE_TIME.format(at) + ".csv";
    }

    /** SPEC C1: a new session, PENDING; 201 with its location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(SessionView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.SessionBody body) {
        Session s = sessions.create(RestContext.caller(rc), input(Params.body(body)));
        return Response.created(UriBuilder.fromPath("/sessions/{id}").build(s.id())).entity(SessionView.of(s))
                .build();
    }

    static SessionInput input(Requests.SessionBody b) {
        return new SessionInput(b.name(), b.image(), b.type(), b.resources(), b.preset(), b.resourceGroup(),
                b.project(), b.clusterSize(), b.clusterMode(), b.environment(), b.mounts(), b.startupCommand(),
                b.priority(), b.dependencies(), Params.instant(b.startsAt(), "starts_at", false), b.architecture());
    }

    /** The session with its containers, status history and why it is pending. */
    @GET
    @Path("{id}")
    public SessionDetailView get(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return SessionDetailView.of(sessions.get(RestContext.caller(rc), id));
    }

    /** The last {@code tail} lines (1 to 10000, default 500) of the main container's output, as text. */
    @GET
    @Path("{id}/logs")
    @Produces(TEXT)
    public String logs(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @QueryParam("tail") String tail) {
        int lines = Params.integer(tail, "tail", DEFAULT_TAIL);
        if (lines < 1 || lines > MAX_TAIL) {
            throw new ValidationException("tail must be between 1 and " + MAX_TAIL, "tail");
        }
        return sessions.logs(RestContext.caller(rc), id, lines);
    }

    /**
     * Ends the session: a pending one is cancelled, a placed one terminated. {@code forced=true} (admins)
     * releases its resources at once without waiting for its agent. Answers the session after the change.
     */
    @DELETE
    @Path("{id}")
    public SessionView terminate(@Context ContainerRequestContext rc, @PathParam("id") String id,
            @QueryParam("forced") String forced) {
        Boolean f = Params.bool(forced, "forced");
        return SessionView.of(sessions.terminate(RestContext.caller(rc), id, f != null && f));
    }

    /** The statuses of repeated and comma-separated {@code status} parameters; empty (any) when none. */
    static Set<SessionStatus> statuses(List<String> values) {
        Set<SessionStatus> out = EnumSet.noneOf(SessionStatus.class);
        if (values == null) {
            return out;
        }
        for (String v : values) {
            Params.text(v, "status");
            for (String part : v.split(",", -1)) {
                if (part.isBlank() && v.isBlank()) {
                    continue;
                }
                SessionStatus s = SessionStatus.fromWire(part);
                if (s == null) {
                    throw new ValidationException("status: '" + Params.printable(part.strip()) + "' is not a "
                            + "session status; use pending, scheduled, preparing, running, terminating, terminated, "
                            + "cancelled or error (repeated or comma-separated)", "status");
                }
                out.add(s);
            }
        }
        return out;
    }

    static SessionType type(String value) {
        String v = Params.text(value, "type");
        if (v == null) {
            return null;
        }
        for (SessionType t : SessionType.values()) {
            if (t.wire().equals(v.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new ValidationException("type must be interactive, batch or inference", "type");
    }
}
