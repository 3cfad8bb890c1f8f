package io.berth.rest.internal;

import io.berth.core.auth.AuthService;
import io.berth.core.auth.SlidingWindowRateLimiter;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ResourceConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The providers every Berth REST application carries: authentication (keypair signatures, and the agent
 * token's header for the agent protocol) and rate limiting, problem+json mappers, strict JSON, and the
 * OpenAPI document. The rate limiter lives here so its windows survive rebuilds of the application.
 */
@Component(service = RestInfrastructure.class)
public final class RestInfrastructure {
    private final AuthService auth;
    private final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter();
    private final ScheduledExecutorService janitor;

    @Activate
    public RestInfrastructure(@Reference AuthService auth) {
        this.auth = auth;
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-ratelimit-evict");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(() -> limiter.evictIdle(System.currentTimeMillis()), 1, 1, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        janitor.shutdownNow();
    }

    void registerInto(ResourceConfig rc, JerseyWhiteboard whiteboard) {
        rc.register(new JsonConfig());
        rc.register(new AuthFilter(auth, limiter, Clock.systemUTC()));
        rc.register(new AgentTokenFilter());
        rc.register(new ExceptionMappers.Berth());
        rc.register(new ExceptionMappers.Json());
        rc.register(new ExceptionMappers.Web());
        rc.register(new ExceptionMappers.Unexpected());
        rc.register(new OpenApiResource(whiteboard));
    }
}
