package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.junit.jupiter.api.Test;

/**
 * Signatures cover the request target as the client sent it. Jersey re-encodes characters of the query
 * such as ':' and '/', so the servlet hands the raw target over and the auth filter signs that.
 */
class RawTargetTest {
    private static ContainerRequest request(String target) {
        ContainerRequest r = new ContainerRequest(URI.create("http://h:1/"),
                URI.create("http://h:1/images?registry=127.0.0.1%3A5000"), "GET", null, new MapPropertiesDelegate(),
                null);
        if (target != null) {
            r.setProperty(SwappingJerseyServlet.RAW_TARGET, target);
        }
        return r;
    }

    @Test
    void theRawTargetIsSignedWhenTheServletHandsItOver() {
        assertEquals("/images?registry=127.0.0.1:5000",
                AuthFilter.signedRequest(request("/images?registry=127.0.0.1:5000")).pathAndQuery());
    }

    @Test
    void withoutAServletTheRequestUriIsUsed() {
        assertEquals("/images?registry=127.0.0.1%3A5000", AuthFilter.signedRequest(request(null)).pathAndQuery());
    }
}
