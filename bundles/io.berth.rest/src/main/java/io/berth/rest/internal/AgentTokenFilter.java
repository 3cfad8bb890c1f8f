package io.berth.rest.internal;

import io.berth.core.error.AuthenticationException;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

/**
 * Refuses an {@link AgentAuth} request whose {@code Authorization} header is missing or of another scheme with
 * a 401 problem (and {@code WWW-Authenticate: BerthAgent}), before Jersey reads the body: an unauthenticated
 * client learns nothing about the body rules. The token itself is checked by core, in constant time.
 */
@AgentAuth
@Priority(Priorities.AUTHENTICATION)
final class AgentTokenFilter implements ContainerRequestFilter {
    static final String SCHEME = "BerthAgent";

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            token(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (AuthenticationException e) {
            request.abortWith(unauthorized(e));
        }
    }

    static Response unauthorized(AuthenticationException e) {
        return Response.fromResponse(new ExceptionMappers.Berth().toResponse(e))
                .header(HttpHeaders.WWW_AUTHENTICATE, SCHEME).build();
    }

    /**
     * The token of {@code BerthAgent <token>} (the scheme in any case, as RFC 9110 has it).
     *
     * @throws AuthenticationException when the header is missing, of another scheme or has no token
     */
    static String token(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationException("agent requests need the header 'Authorization: " + SCHEME
                    + " <token>'");
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space != SCHEME.length() || !a.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new AuthenticationException("agent requests use the " + SCHEME
                    + " authorization scheme: 'Authorization: " + SCHEME + " <token>'");
        }
        String token = a.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new AuthenticationException("the " + SCHEME + " authorization has no token");
        }
        return token;
    }
}
