package io.berth.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.auth.SlidingWindowRateLimiter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.MediaType;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The REST application without a servlet container: a {@link ResourceConfig} built like
 * {@code JerseyWhiteboard.build()} (with a fixed clock) and served by calling
 * {@link ApplicationHandler#apply(ContainerRequest, java.io.OutputStream)} directly.
 */
final class InMemoryRest {
    static final URI BASE = URI.create("http://api.berth.test/");
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /** As in JerseyWhiteboard: resource instances are not providers, which Jersey warns about each time. */
    private static final java.util.logging.Logger PROVIDERS_LOG = java.util.logging.Logger
            .getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    final FakeAuthService auth = new FakeAuthService();
    final FakeIdentityService identity = new FakeIdentityService();
    final FakeTwoFactorService twoFactor = new FakeTwoFactorService();
    final FakeResourcePolicyService policies = new FakeResourcePolicyService();
    final FakeSystemServices.Settings settings = new FakeSystemServices.Settings();
    final FakeSystemServices.Information information = new FakeSystemServices.Information();
    final FakeSystemServices.Slots slots = new FakeSystemServices.Slots();
    final FakeAgentService agents = new FakeAgentService();
    final FakeResourceGroupService groups = new FakeResourceGroupService();
    final FakeSessionService sessions = new FakeSessionService();
    final FakeAgentChannel channel = new FakeAgentChannel();
    final FakeImageService images = new FakeImageService();
    final FakeStorageService storage = new FakeStorageService();
    final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter();
    final ApplicationHandler handler;

    InMemoryRest() {
        this(null);
    }

    /** @param infrastructure when given, the production provider set is registered through it instead. */
    InMemoryRest(RestInfrastructure infrastructure) {
        ResourceConfig rc = baseConfig();
        if (infrastructure == null) {
            rc.register(new JsonConfig());
            rc.register(new AuthFilter(auth, limiter, Clock.fixed(NOW, ZoneOffset.UTC)));
            rc.register(new AgentTokenFilter());
            rc.register(new ExceptionMappers.Berth());
            rc.register(new ExceptionMappers.Json());
            rc.register(new ExceptionMappers.Web());
            rc.register(new ExceptionMappers.Unexpected());
        } else {
            infrastructure.registerInto(rc, null);
        }
        rc.register(new UserResource(identity, twoFactor));
        rc.register(new MeResource(identity, twoFactor));
        rc.register(new TwoFactorResource(twoFactor));
        rc.register(new KeyPairResource(identity));
        rc.register(new DomainResource(identity));
        rc.register(new ProjectResource(identity));
        rc.register(new PublicResource(auth));
        rc.register(new ResourcePolicyResource(policies));
        rc.register(new ResourcePresetResource(policies));
        rc.register(new ResourceSlotResource(slots));
        rc.register(new SettingsResource(settings));
        rc.register(new InformationResource(information));
        rc.register(new AgentProtocolResource(agents, slots, channel));
        rc.register(new AgentResource(agents));
        rc.register(new ResourceGroupResource(groups));
        rc.register(new MyResourceGroupResource(groups));
        rc.register(new SessionResource(sessions, Clock.fixed(NOW, ZoneOffset.UTC)));
        rc.register(new PresetCheckResource(sessions));
        rc.register(new MaintenanceResource(sessions));
        rc.register(new RegistryResource(images));
        rc.register(new RescanResource(images));
        rc.register(new ImageResource(images));
        rc.register(new VolumeResource(storage));
        rc.register(new FolderResource(storage));
        rc.register(new ModelStoreResource(storage));
        handler = new ApplicationHandler(rc);
    }

    /** The same properties and JSON feature as {@code JerseyWhiteboard.build()}. */
    static ResourceConfig baseConfig() {
        ResourceConfig rc = new ResourceConfig();
        rc.setApplicationName("berth-test");
        rc.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.BV_FEATURE_DISABLE, true);
        rc.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        rc.register(JacksonFeature.withoutExceptionMappers());
        return rc;
    }

    Req request(String method, String pathAndQuery) {
        return new Req(method, pathAndQuery);
    }

    /** A request signed with the given known access key. */
    Req signed(String method, String pathAndQuery, String accessKey) {
        return new Req(method, pathAndQuery).header("Authorization", FakeAuthService.header(accessKey));
    }

    final class Req {
        private final String method;
        private final String pathAndQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private java.io.InputStream stream;

        Req(String method, String pathAndQuery) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
        }

        Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Req json(String json) {
            return body(MediaType.APPLICATION_JSON, json);
        }

        Req body(String contentType, String text) {
            headers.put("Content-Type", contentType);
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** A body read from {@code in} as the application consumes it. */
        Req stream(String contentType, java.io.InputStream in) {
            headers.put("Content-Type", contentType);
            stream = in;
            return this;
        }

        Answer send() {
            ContainerRequest req = new ContainerRequest(BASE, BASE.resolve(pathAndQuery.substring(1)), method, null,
                    new MapPropertiesDelegate(), handler.getConfiguration());
            headers.forEach(req::header);
            req.setEntityStream(stream != null ? stream : new ByteArrayInputStream(body));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ContainerResponse r = handler.apply(req, out).get(30, TimeUnit.SECONDS);
                return new Answer(r, out.toByteArray());
            } catch (Exception e) {
                throw new AssertionError("request failed in the container: " + method + " " + pathAndQuery, e);
            }
        }
    }

    record Answer(ContainerResponse response, byte[] body) {
        int status() {
            return response.getStatus();
        }

        String header(String name) {
            return response.getHeaderString(name);
        }

        MediaType mediaType() {
            return response.getMediaType();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return PLAIN.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status() + " " + response.getHeaders() + " " + text();
        }
    }
}
