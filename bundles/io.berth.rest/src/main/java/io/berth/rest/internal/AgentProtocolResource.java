package io.berth.rest.internal;

import io.berth.core.agent.AgentChannel;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.agent.KernelReport;
import io.berth.core.error.ValidationException;
import io.berth.core.resource.SlotRegistry;
import io.berth.rest.api.Public;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.AgentHeartbeatView;
import io.berth.rest.internal.Views.AgentRegisteredView;
import io.berth.rest.internal.Views.AgentView;
import io.berth.rest.internal.Views.AgentWorkView;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * SPEC A1–A3, the agent side: registration, heartbeats and goodbye. Agents do not sign with a keypair; they
 * send {@code Authorization: BerthAgent <token>} and core compares the token. A heartbeat of an agent core
 * does not know is core's 404, on which the agent registers again. These handlers run at every heartbeat of
 * every agent, so they do only what the request needs: read the body, parse its slot maps, call core.
 *
 * <p>The command channel: the agent long-polls {@code GET work} for the containers it must run and destroy
 * and the requests it must answer, reports its kernels with {@code POST kernels} and answers a request with
 * {@code POST requests/{id}/reply}. A poll holds its request thread while it waits (at most
 * {@link AgentChannel#MAX_WAIT}); that is one thread per agent, which the container's pool allows. Without
 * the channel service these three answer 503 and registration and heartbeats go on.
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
    /** At most this many local images in one report, each reference at most this long. */
    static final int MAX_IMAGES = 10_000;
    static final int MAX_IMAGE_REFERENCE = 512;
    /** A poll waits this long for news when the agent does not say. */
    static final int DEFAULT_WAIT_SECONDS = 20;
    /** At most this many kernels in one report. */
    static final int MAX_REPORTS = 10_000;
    /** Of a kernel's log tail the last this many characters are kept (KernelReport: at most 64 KiB). */
    static final int MAX_LOG_TAIL = 64 * 1024;
    /** At most this many characters in the answer to a request. */
    static final int MAX_REPLY = 16 * 1024 * 1024;

    private final AgentService agents;
    private final SlotRegistry slots;
    private final AgentChannel channel;

    /**
     * @param channel the command channel; optional so that agents can register while it is missing, greedy
     *        so that this resource is recreated with it when it arrives
     */
    @Activate
    public AgentProtocolResource(@Reference AgentService agents, @Reference SlotRegistry slots,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            AgentChannel channel) {
        this.agents = agents;
        this.slots = slots;
        this.channel = channel;
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

    // ---- the command channel ----

    /**
     * What the manager wants of the agent now. Answers at once when {@code since} (default −1: the first
     * poll) differs from the agent's current generation, else waits up to {@code wait} seconds (default 20;
     * more than {@link AgentChannel#MAX_WAIT} is cut to it) for a change.
     */
    @GET
    @Path("work")
    public AgentWorkView work(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("agent_id") String agentId, @QueryParam("since") String since,
            @QueryParam("wait") String wait) {
        String token = AgentTokenFilter.token(authorization);
        String id = required(Params.text(agentId, "agent_id"), "agent_id");
        long generation = Params.longInteger(since, "since", -1);
        long seconds = Params.longInteger(wait, "wait", DEFAULT_WAIT_SECONDS);
        if (seconds < 0) {
            throw new ValidationException("wait must be a number of seconds >= 0", "wait");
        }
        Duration w = Duration.ofSeconds(Math.min(seconds, AgentChannel.MAX_WAIT.toSeconds()));
        try {
            return AgentWorkView.of(channel().poll(token, id, generation, w));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("the manager is shutting down; poll again");
        }
    }

    /** Kernel states as the agent sees them (204). */
    @POST
    @Path("kernels")
    public void kernels(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            Requests.KernelReportsBody body) {
        String token = AgentTokenFilter.token(authorization);
        Requests.KernelReportsBody b = Params.body(body);
        String id = required(b.agentId(), "agent_id");
        if (b.reports() == null) {
            throw new ValidationException("reports is required (a list, may be empty)", "reports");
        }
        if (b.reports().size() > MAX_REPORTS) {
            throw new ValidationException("at most " + MAX_REPORTS + " kernels may be reported at once", "reports");
        }
        List<KernelReport> reports = new ArrayList<>(b.reports().size());
        for (int i = 0; i < b.reports().size(); i++) {
            reports.add(kernelReport(b.reports().get(i), "reports[" + i + "]"));
        }
        channel().report(token, id, reports);
    }

    /** The answer to an agent request (204); core ignores late and unknown answers. */
    @POST
    @Path("requests/{id}/reply")
    public void reply(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
            Requests.RequestReplyBody body) {
        String token = AgentTokenFilter.token(authorization);
        Requests.RequestReplyBody b = Params.body(body);
        String agentId = required(b.agentId(), "agent_id");
        if (b.body() != null && b.body().length() > MAX_REPLY) {
            throw new ValidationException("body must be at most " + MAX_REPLY + " characters", "body");
        }
        channel().reply(token, agentId, id, b.body() == null ? "" : b.body());
    }

    private AgentChannel channel() {
        if (channel == null) {
            throw new Unavailable("the agent command channel is not running; try again later");
        }
        return channel;
    }

    static KernelReport kernelReport(Requests.KernelReportBody r, String field) {
        if (r == null) {
            throw new ValidationException(field + " must be an object", field);
        }
        String kernel = required(r.kernelId(), field + ".kernel_id");
        String stateText = required(r.state(), field + ".state");
        KernelReport.State state = null;
        for (KernelReport.State s : KernelReport.State.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(stateText.strip().toLowerCase(Locale.ROOT))) {
                state = s;
            }
        }
        if (state == null) {
            throw new ValidationException(field + ".state: '" + printable(stateText) + "' is not a kernel state; "
                    + "use preparing, running, exited, destroyed or failed", field + ".state");
        }
        String log = r.logTail();
        if (log != null && log.length() > MAX_LOG_TAIL) {
            log = log.substring(log.length() - MAX_LOG_TAIL);
        }
        return new KernelReport(kernel, state, r.containerId(), r.exitCode(), r.reason(), log,
                r.active() != null && r.active());
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
                b.containerCount() == null ? 0 : b.containerCount(), devices, images(b.images()));
    }

    /**
     * The local images: absent means none; at most {@link #MAX_IMAGES}, each 1 to {@link #MAX_IMAGE_REFERENCE}
     * characters long.
     */
    static List<String> images(List<String> images) {
        if (images == null) {
            return List.of();
        }
        if (images.size() > MAX_IMAGES) {
            throw new ValidationException("at most " + MAX_IMAGES + " images may be reported", "images");
        }
        for (int i = 0; i < images.size(); i++) {
            String ref = images.get(i);
            if (ref == null || ref.isEmpty() || ref.length() > MAX_IMAGE_REFERENCE) {
                throw new ValidationException("every image is a reference of 1 to " + MAX_IMAGE_REFERENCE
                        + " characters", "images[" + i + "]");
            }
        }
        return images;
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
        return Params.printable(s);
    }
}
