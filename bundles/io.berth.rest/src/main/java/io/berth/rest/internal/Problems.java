package io.berth.rest.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** RFC 9457 problem details: {@code type}, {@code title}, {@code status}, {@code detail} (+ extras). */
final class Problems {
    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    static final String TYPE_BASE = "https://berth.io/problems/";

    private Problems() {
    }

    static Response response(int status, String type, String title, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create(TYPE_BASE + type).toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (extra != null) {
            body.putAll(extra);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    static Response response(int status, String type, String title, String detail) {
        return response(status, type, title, detail, null);
    }
}
