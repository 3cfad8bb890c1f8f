package io.berth.rest.internal;

import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentStatus;
import io.berth.core.error.ValidationException;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.AgentView;
import io.berth.rest.internal.Views.PageView;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC A1–A3, the administrator side: agents as last reported, and their schedulable flag. Core applies R3
 * (superadmins change, superadmins and monitors read).
 */
@Component(service = AgentResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/agents")
@Produces(MediaType.APPLICATION_JSON)
public final class AgentResource {
    private final AgentService agents;

    @Activate
    public AgentResource(@Reference AgentService agents) {
        this.agents = agents;
    }

    /**
     * Agents by {@code status}: {@code alive} (default), {@code lost}, {@code terminated}, a comma-separated
     * list of them, or {@code all}; {@code resource_group} keeps one group's agents. Sorted by id unless
     * {@code order_by} says {@code first_contact} or {@code last_heartbeat}.
     */
    @GET
    public PageView<AgentView> list(@Context ContainerRequestContext rc, @QueryParam("status") String status,
            @QueryParam("resource_group") String resourceGroup, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("order_by") String orderBy,
            @QueryParam("order") String order) {
        AgentQuery q = new AgentQuery(statuses(status), Params.text(resourceGroup, "resource_group"));
        return PageView.of(agents.list(RestContext.caller(rc), q, Params.page(offset, limit, orderBy, order)),
                AgentView::of);
    }

    /** The statuses of {@code status}; null (every status) for {@code all}. */
    static Set<AgentStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return EnumSet.of(AgentStatus.ALIVE);
        }
        String s = Params.text(status.strip(), "status").toLowerCase(Locale.ROOT);
        if ("all".equals(s)) {
            return null;
        }
        Set<AgentStatus> out = EnumSet.noneOf(AgentStatus.class);
        for (String part : s.split(",", -1)) {
            out.add(status(part.strip()));
        }
        return out;
    }

    private static AgentStatus status(String wire) {
        for (AgentStatus st : AgentStatus.values()) {
            if (st.wire().equals(wire)) {
                return st;
            }
        }
        throw new ValidationException("status must be alive, lost, terminated (or a comma-separated list of "
                + "them) or all", "status");
    }

    @GET
    @Path("{id}")
    public AgentView get(@Context ContainerRequestContext rc, @PathParam("id") String id) {
        return AgentView.of(agents.get(RestContext.caller(rc), id));
    }

    /** SPEC A2: {@code {"schedulable": false}} keeps the agent's sessions but sends it no new ones. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AgentView update(@Context ContainerRequestContext rc, @PathParam("id") String id,
            Requests.AgentChange body) {
        Boolean schedulable = Params.body(body).schedulable();
        if (schedulable == null) {
            throw new ValidationException("schedulable is required (true or false)", "schedulable");
        }
        return AgentView.of(agents.setSchedulable(RestContext.caller(rc), id, schedulable));
    }
}
