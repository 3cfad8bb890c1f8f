package io.berth.rest.internal;

import io.berth.core.auth.AuthService;
import io.berth.core.auth.LoginResult;
import io.berth.core.error.ValidationException;
import io.berth.core.info.SystemInformation;
import io.berth.rest.api.Public;
import io.berth.rest.api.RestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The only unauthenticated endpoints: version, health, login (the OpenAPI document is elsewhere). */
@Component(service = PublicResource.class, property = RestContext.RESOURCE + "=true")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Public
public final class PublicResource {
    private final AuthService auth;

    @Activate
    public PublicResource(@Reference AuthService auth) {
        this.auth = auth;
    }

    static String managerVersion() {
        var b = FrameworkUtil.getBundle(PublicResource.class);
        return b == null ? "unknown" : b.getVersion().toString();
    }

    /** Manager version and API version (Backend.AI's {@code GET /}). */
    @GET
    public Map<String, String> version() {
        return Map.of("version", SystemInformation.API_VERSION, "manager", managerVersion());
    }

    /** For load balancers: 200 while the REST application is serving. */
    @GET
    @Path("healthz")
    public Map<String, String> health() {
        return Map.of("status", "ok");
    }

    /**
     * Password login: {@code {"type":"keypair","domain":…,"username":<email>,"password":…}} answers
     * {@code {"data":{"access_key","secret_key","role","status"}}}. Other fields (e.g. {@code otp}, the code
     * of an active second factor) go to core. A wrong or missing code is a 401; an account locked after
     * repeated failures is a 429 with {@code Retry-After}.
     */
    @POST
    @Path("auth/authorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> authorize(Map<String, Object> body) {
        Params.body(body);
        String type = string(body, "type", true);
        if (!"keypair".equals(type)) {
            throw new ValidationException("type must be 'keypair'", "type");
        }
        String domain = string(body, "domain", true);
        String username = string(body, "username", true);
        String password = string(body, "password", true);
        Map<String, Object> extra = new LinkedHashMap<>(body);
        extra.keySet().removeAll(java.util.Set.of("type", "domain", "username", "password"));
        LoginResult r = auth.authorize(domain, username, password, extra);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("access_key", r.accessKey());
        data.put("secret_key", r.secretKey());
        data.put("role", r.role());
        data.put("status", r.status());
        data.put("need_password_change", r.needPasswordChange());
        return Map.of("data", data);
    }

    private static String string(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null) {
            if (required) {
                throw new ValidationException(key + " is required", key);
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new ValidationException(key + " must be a string", key);
        }
        if (s.length() > 256) {
            throw new ValidationException(key + " must be at most 256 characters", key);
        }
        return s;
    }
}
