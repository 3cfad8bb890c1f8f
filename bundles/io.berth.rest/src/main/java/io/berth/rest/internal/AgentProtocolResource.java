package io.berth.rest.internal;

import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.ValidationException;
import io.berth.core.resource.SlotRegistry;
import io.berth.rest.api.Public;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.AgentHeartbeatView;
import io.berth.rest.internal.Views.AgentRegisteredView;
import io.berth.rest.internal.Views.AgentView;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC A1–A3, the agent side: registration, heartbeats and goodbye. Agents do not sign with a keypair; they
 * send {@code Authorization: BerthAgent <token>} and core compares the token. A heartbeat of an agent core
 * does not know is core's 404, on which the agent registers again. These handlers run at every heartbeat of
 * every agent, so they do only what the request needs: read the body, parse its slot maps, call core.
 */
@Component(service = AgentProtocolResource.class, property = RestContext.RESOURCE + "=true")
@Path("/agent-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Public
@AgentAuth
public final class AgentProtocolResource {
    /** At most this many slots in one slot map, and devices in one report. */
    static final int MAX_SLOTS = 64;
    static final int MAX_DEVICES = 1024;

    private final AgentService agents;
    private final SlotRegistry slots;

    @Activate
    public AgentProtocolResource(@Reference AgentService agents, @Reference SlotRegistry slots) {
        this.agents = agents;
        this.slots = slots;
    }

    /** First contact or reconnect; answers the agent and the heartbeat interval. */
    @POST
    @Path("register")
    public AgentRegisteredView register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            Requests.AgentReportBody body) {
        String token = AgentTokenFilter.token(authorization);
        AgentReport report = report(Params.body(body));
        return new AgentRegisteredView(AgentView.of(agents.register(token, report)),
                agents.heartbeatInterval().toSeconds());
    }

    /** The agent's full state; {@code {"status":"alive"}}, or 404 when core does not know the agent. */
    @POST
    @Path("heartbeat")
    public AgentHeartbeatView heartbeat(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            Requests.AgentReportBody body) {
        String token = AgentTokenFilter.token(authorization);
        AgentReport report = report(Params.body(body));
        return new AgentHeartbeatView(agents.heartbeat(token, report).status().wire());
    }

    /** A clean shutdown: the agent becomes terminated (204). */
    @POST
    @Path("goodbye")
    public void goodbye(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            Requests.AgentGoodbye body) {
        String token = AgentTokenFilter.token(authorization);
        agents.goodbye(token, required(Params.body(body).id(), "id"));
    }

    AgentReport report(Requests.AgentReportBody b) {
        String id = required(b.id(), "id");
        List<DeviceInfo> devices = List.of();
        if (b.devices() != null) {
            if (b.devices().size() > MAX_DEVICES) {
                throw new ValidationException("at most " + MAX_DEVICES + " devices may be reported", "devices");
            }
            devices = new ArrayList<>(b.devices().size());
            for (int i = 0; i < b.devices().size(); i++) {
                devices.add(device(b.devices().get(i), "devices[" + i + "]"));
            }
        }
        return new AgentReport(id, b.region(), b.architecture(), b.version(), b.address(),
                b.resourceGroup(), slots(b.availableSlots(), "available_slots"),
                slots(b.occupiedSlots(), "occupied_slots"), or(b.cpuPercent(), 0), or(b.memoryUsedBytes(), 0),
                b.containerCount() == null ? 0 : b.containerCount(), devices);
    }

    private DeviceInfo device(Requests.DeviceBody d, String field) {
        if (d == null) {
            throw new ValidationException(field + " must be an object", field);
        }
        return new DeviceInfo(d.plugin(), d.id(), d.model(), or(d.memoryBytes(), 0),
                slots(d.capacity(), field + ".capacity"), or(d.utilisationPercent(), -1),
                or(d.memoryUsedBytes(), -1));
    }

    /**
     * Parses a slot map with the kinds the slot registry knows; an error names {@code field.slot}. Absent is
     * empty.
     */
    ResourceSlots slots(Map<String, Object> raw, String field) {
        if (raw == null || raw.isEmpty()) {
            return ResourceSlots.EMPTY;
        }
        if (raw.size() > MAX_SLOTS) {
            throw new ValidationException("at most " + MAX_SLOTS + " resource slots may be given", field);
        }
        try {
            return ResourceSlots.parse(raw, slots::kind);
        } catch (SlotFormatException e) {
            String f = e.slot() == null ? field : field + "." + printable(e.slot());
            throw new ValidationException(f + ": " + e.getMessage(), f);
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field + " is required", field);
        }
        return value;
    }

    private static double or(Double value, double dflt) {
        return value == null ? dflt : value;
    }

    private static long or(Long value, long dflt) {
        return value == null ? dflt : value;
    }

    /** A slot name as given, safe to echo: control characters replaced, at most 64 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 65));
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 64 ? b.append('\u2026').toString() : b.toString();
    }
}
