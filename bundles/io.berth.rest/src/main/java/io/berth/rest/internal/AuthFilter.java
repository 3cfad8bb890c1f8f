package io.berth.rest.internal;

import io.berth.core.auth.AuthService;
import io.berth.core.auth.Principal;
import io.berth.core.auth.SignedRequest;
import io.berth.core.auth.SlidingWindowRateLimiter;
import io.berth.core.error.BerthException;
import io.berth.rest.api.Public;
import io.berth.rest.api.RestContext;
import java.net.URI;
import java.time.Clock;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

/**
 * SPEC K5 and K6: every request to a non-{@link Public} resource must be signed by an active keypair
 * of an active owner, and stays within the keypair's sliding 15-minute rate limit. Responses to
 * signed requests carry the rate-limit headers.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String DECISION = "io.berth.rest.ratelimit";

    private final AuthService auth;
    private final SlidingWindowRateLimiter limiter;
    private final Clock clock;

    @Context
    private ResourceInfo resourceInfo;

    AuthFilter(AuthService auth, SlidingWindowRateLimiter limiter, Clock clock) {
        this.auth = auth;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic()) {
            return;
        }
        try {
            Principal p = auth.authenticate(signedRequest(request), clock.instant());
            SlidingWindowRateLimiter.Decision d = limiter.tryAcquire(p.caller().accessKey(), p.rateLimit(),
                    clock.millis());
            request.setProperty(DECISION, d);
            if (!d.allowed()) {
                long seconds = Math.max(1, (d.retryAfterMillis() + 999) / 1000);
                request.abortWith(Response.fromResponse(Problems.response(429, "too-many-requests",
                        "Too many requests", "rate limit of " + d.limit()
                                + " requests per 15 minutes reached for this keypair; retry after " + seconds + " s"))
                        .header("Retry-After", seconds).build());
                return;
            }
            request.setProperty(RestContext.CALLER, p.caller());
        } catch (BerthException e) {
            request.abortWith(new ExceptionMappers.Berth().toResponse(e));
        }
    }

    private boolean isPublic() {
        if (resourceInfo == null || resourceInfo.getResourceMethod() == null) {
            return false;
        }
        return resourceInfo.getResourceMethod().isAnnotationPresent(Public.class)
                || resourceInfo.getResourceClass().isAnnotationPresent(Public.class);
    }

    static SignedRequest signedRequest(ContainerRequestContext request) {
        Object raw = request.getProperty(SwappingJerseyServlet.RAW_TARGET);
        String path;
        if (raw instanceof String target) {
            path = target; // as the client sent and signed it
        } else {
            URI uri = request.getUriInfo().getRequestUri();
            path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        String date = request.getHeaderString("X-BackendAI-Date");
        if (date == null) {
            date = request.getHeaderString(HttpHeaders.DATE);
        }
        String ct = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String contentType = ct == null ? "" : ct.split(";", 2)[0].trim();
        String host = request.getHeaderString(HttpHeaders.HOST);
        return new SignedRequest(request.getMethod(), path, host == null ? "" : host, contentType,
                date, request.getHeaderString("X-BackendAI-Version"),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object d = request.getProperty(DECISION);
        if (d instanceof SlidingWindowRateLimiter.Decision decision) {
            response.getHeaders().putSingle("X-RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", decision.remaining());
            response.getHeaders().putSingle("X-RateLimit-Window", 900);
        }
    }
}
