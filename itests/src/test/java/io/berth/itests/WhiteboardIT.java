package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The REST whiteboard: a resource registered by another bundle at runtime is served at once (signed
 * like every other endpoint), appears in the OpenAPI document, and disappears with its service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class WhiteboardIT extends BerthTestSupport {
    @Inject
    private BundleContext context;

    /** A resource as a third-party bundle would contribute it. */
    @Path("/itest/greeting")
    public static final class GreetingResource {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> greet() {
            return Map.of("greeting", "hello from another bundle");
        }
    }

    private static Resp awaitStatus(Api api, String path, int status) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Resp r = api.get(path);
        while (r.status() != status && System.nanoTime() < end) {
            Thread.sleep(100);
            r = api.get(path);
        }
        return r;
    }

    @Test
    public void resourcesComeAndGoWithTheirServices() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        assertEquals(404, admin.get("/itest/greeting").status());

        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.jaxrs.resource", "true");
        ServiceRegistration<GreetingResource> reg = context.registerService(GreetingResource.class,
                new GreetingResource(), props);
        try {
            Resp served = awaitStatus(admin, "/itest/greeting", 200);
            assertEquals(served.toString(), 200, served.status());
            assertEquals("hello from another bundle", served.json().get("greeting").asText());
            assertEquals("30000", served.header("X-RateLimit-Limit"));
            assertEquals(401, Api.anonymous(PORT, "GET", "/itest/greeting", null).status());
            assertTrue(Api.anonymous(PORT, "GET", "/openapi.json", null).json().get("paths").has("/itest/greeting"));
            // the built-in endpoints keep working after the rebuild
            assertEquals(200, admin.get("/me").status());
        } finally {
            reg.unregister();
        }
        Resp gone = awaitStatus(admin, "/itest/greeting", 404);
        assertEquals(404, gone.status());
        assertTrue(gone.contentType().startsWith("application/problem+json"));
        assertFalse(Api.anonymous(PORT, "GET", "/openapi.json", null).json().get("paths").has("/itest/greeting"));
        assertEquals(200, admin.get("/me").status());
    }
}
