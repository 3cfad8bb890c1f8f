package io.berth.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.berth.core.error.BerthException;
import io.berth.core.error.TooManyRequestsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure becomes problem+json; bad input never becomes a 500. */
final class ExceptionMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMappers.class);

    private ExceptionMappers() {
    }

    /** Rule violations reported by core, with the exception's extension members (RFC 9457 §3.2). */
    static final class Berth implements ExceptionMapper<BerthException> {
        /** Members an extension may not replace. */
        private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance", "field");

        @Override
        public Response toResponse(BerthException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (e.field() != null) {
                extra.put("field", e.field());
            }
            new TreeMap<>(e.extensions()).forEach((name, value) -> {
                if (STANDARD.contains(name)) {
                    LOG.warn("{} tried to replace the problem member '{}'; ignored", e.getClass().getName(), name);
                } else {
                    extra.put(name, value);
                }
            });
            // an exception built without a type slug (UnprocessableException takes one) gets the status's
            String type = e.type() == null || e.type().isBlank() ? "http-" + e.status() : e.type();
            Response r = Problems.response(e.status(), type, e.title(), e.getMessage(), extra);
            if (e instanceof TooManyRequestsException t) {
                return Response.fromResponse(r).header("Retry-After", t.retryAfterSeconds()).build();
            }
            return r;
        }
    }

    /** Malformed JSON, wrong types, unknown fields or enum values. */
    static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            Map<String, Object> extra = new LinkedHashMap<>();
            String detail;
            if (e instanceof UnrecognizedPropertyException u) {
                detail = "unknown field '" + u.getPropertyName() + "'";
                extra.put("field", path(u));
            } else if (e instanceof InvalidFormatException f) {
                detail = "field '" + path(f) + "' has an invalid value: " + f.getValue();
                extra.put("field", path(f));
            } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
                String type = m.getTargetType() == null ? "another type" : simple(m.getTargetType());
                detail = "field '" + path(m) + "' must be " + type;
                extra.put("field", path(m));
            } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                detail = "field '" + path(m) + "' is invalid: " + e.getOriginalMessage();
                extra.put("field", path(m));
            } else {
                detail = "malformed JSON body: " + e.getOriginalMessage();
            }
            return Problems.response(400, "invalid-json", "Invalid request body", detail, extra);
        }

        private static String simple(Class<?> t) {
            if (t == String.class) {
                return "a string";
            }
            if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
                return "an integer";
            }
            if (t == Boolean.class || t == boolean.class) {
                return "a boolean";
            }
            if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
                return "an array";
            }
            return "an object";
        }

        /** {@code projects[1]}, {@code a.b}: names joined by dots, array indexes appended in brackets. */
        private static String path(JsonMappingException e) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(r.getFieldName());
                } else {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
            return sb.toString();
        }
    }

    /** JAX-RS' own errors: unknown path, wrong method, unsupported media type, ... */
    static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                LOG.error("request failed", e);
                return Problems.response(status, "server-error", "Server error", "the server could not complete the request");
            }
            String detail;
            if (e instanceof NotFoundException) {
                detail = "no such resource";
            } else if (e instanceof NotAllowedException) {
                detail = "method not allowed here; allowed: " + String.join(", ", original.getAllowedMethods());
            } else {
                detail = e.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : e.getMessage();
            }
            Response problem = Problems.response(status, "http-" + status, original.getStatusInfo().getReasonPhrase(),
                    detail);
            Response.ResponseBuilder b = Response.fromResponse(problem);
            if (!original.getAllowedMethods().isEmpty()) {
                b.allow(original.getAllowedMethods());
            }
            return b.build();
        }
    }

    /** Anything else is our fault: logged, answered with a generic 500 problem. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof WebApplicationException w) {
                return new Web().toResponse(w);
            }
            LOG.error("unexpected error while serving a request", e);
            return Problems.response(500, "server-error", "Server error", "the server could not complete the request");
        }
    }
}
