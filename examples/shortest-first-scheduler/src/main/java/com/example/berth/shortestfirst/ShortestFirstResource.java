package com.example.berth.shortestfirst;

import io.berth.spi.scheduler.SchedulingPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /plugins/shortest-first}: what this plugin is, served through Berth's REST whiteboard.
 *
 * <p>Any service with the property {@code osgi.jaxrs.resource=true} is picked up by Berth's REST
 * whiteboard, whatever its class, and served at its {@link Path} while the service is registered.
 * Like every Berth endpoint it needs a signed request (any active keypair). The component
 * references the policy, so the endpoint exists exactly while the policy is registered.
 */
@Component(service = ShortestFirstResource.class, property = "osgi.jaxrs.resource=true")
@Path("/plugins/shortest-first")
public final class ShortestFirstResource {
    private final SchedulingPolicy policy;

    @Activate
    public ShortestFirstResource(
            @Reference(target = "(" + SchedulingPolicy.PROPERTY + "=" + ShortestFirstPolicy.NAME + ")")
            SchedulingPolicy policy) {
        this.policy = policy;
    }

    /** The policy's name and how it orders the queue. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scheduler", ShortestFirstPolicy.NAME);
        body.put("property", SchedulingPolicy.PROPERTY + "=" + ShortestFirstPolicy.NAME);
        body.put("order", "highest priority first; within it the smallest dominant share of the"
                + " resource group's capacity; ties by creation time, then id");
        body.put("implementation", policy.getClass().getName());
        return body;
    }
}
