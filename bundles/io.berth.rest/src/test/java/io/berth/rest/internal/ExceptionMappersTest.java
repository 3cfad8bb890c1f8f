package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.TooManyRequestsException;
import io.berth.core.error.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.ws.rs.InternalServerErrorException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.ServiceUnavailableException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failure becomes RFC 9457 problem+json with the right status; internals never leak. */
class ExceptionMappersTest {

    static Stream<Arguments> berthExceptions() {
        return Stream.of(
                Arguments.of(new ValidationException("email is not valid", "email"), 400, "invalid-input",
                        "Invalid input", "email"),
                Arguments.of(new NotFoundException("no such user"), 404, "not-found", "Not found", null),
                Arguments.of(new ConflictException("name taken", "name"), 409, "conflict", "Conflict", "name"),
                Arguments.of(new ForbiddenException("superadmin only"), 403, "forbidden", "Forbidden", null),
                Arguments.of(new AuthenticationException("invalid signature"), 401, "unauthorized",
                        "Authentication failed", null),
                Arguments.of(new TooManyRequestsException("slow down", 30), 429, "too-many-requests",
                        "Too many requests", null));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("berthExceptions")
    void berthExceptionsKeepStatusTypeTitleDetailAndField(BerthException e, int status, String type, String title,
            String field) throws Exception {
        Response r = new ExceptionMappers.Berth().toResponse(e);
        Map<String, Object> body = JsonConfigTest.problem(r, status);
        assertEquals("application/problem+json", r.getMediaType().toString());
        assertEquals("https://berth.io/problems/" + type, body.get("type"));
        assertEquals(title, body.get("title"));
        assertEquals(e.getMessage(), body.get("detail"));
        assertEquals(field, body.get("field"));
        if (field == null) {
            assertFalse(body.containsKey("field"), "no field key when the failure names none");
        }
        // the wire form: exactly these keys, in RFC order
        JsonNode json = JsonConfig.MAPPER.readTree(JsonConfig.MAPPER.writeValueAsString(body));
        List<String> keys = iterable(json.fieldNames());
        assertEquals(field == null ? List.of("type", "title", "status", "detail")
                : List.of("type", "title", "status", "detail", "field"), keys);
        assertEquals(status, json.get("status").asInt());
        assertTrue(json.get("status").isInt(), "status is a JSON number");
    }

    @Test
    void extensionMembersAreAddedAfterTheStandardOnes() throws Exception {
        Response r = new ExceptionMappers.Berth().toResponse(
                new ReferencedException("the policy is in use", List.of("keypair AK1", "user u@berth.io"), 12));
        Map<String, Object> body = JsonConfigTest.problem(r, 409);
        JsonNode json = JsonConfig.MAPPER.readTree(JsonConfig.MAPPER.writeValueAsString(body));
        assertEquals(List.of("type", "title", "status", "detail", "referrer_count", "referrers"),
                iterable(json.fieldNames()));
        assertEquals("https://berth.io/problems/conflict", json.get("type").asText());
        assertEquals(List.of("keypair AK1", "user u@berth.io"),
                List.of(json.get("referrers").get(0).asText(), json.get("referrers").get(1).asText()));
        assertEquals(12, json.get("referrer_count").asLong());
    }

    @Test
    void extensionsCannotReplaceStandardMembers() {
        BerthException sneaky = new ConflictException("in use", "name") {
            private static final long serialVersionUID = 1L;

            @Override
            public Map<String, Object> extensions() {
                return Map.of("status", 200, "field", "other", "type", "x", "detail", "y", "count", 3);
            }
        };
        Map<String, Object> body = JsonConfigTest.problem(new ExceptionMappers.Berth().toResponse(sneaky), 409);
        assertEquals("name", body.get("field"));
        assertEquals("https://berth.io/problems/conflict", body.get("type"));
        assertEquals("in use", body.get("detail"));
        assertEquals(3, body.get("count"));
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        Response r = new ExceptionMappers.Berth().toResponse(new TooManyRequestsException("too many logins", 42));
        assertEquals(429, r.getStatus());
        assertEquals("42", r.getHeaderString("Retry-After"));
        assertEquals(Problems.PROBLEM_JSON, r.getMediaType());
    }

    @Test
    void otherBerthExceptionsHaveNoRetryAfter() {
        assertNull(new ExceptionMappers.Berth().toResponse(new ConflictException("x")).getHeaderString("Retry-After"));
    }

    @Test
    void notFoundIsProblem404() {
        Response r = new ExceptionMappers.Web().toResponse(new javax.ws.rs.NotFoundException());
        Map<String, Object> body = JsonConfigTest.problem(r, 404);
        assertEquals("https://berth.io/problems/http-404", body.get("type"));
        assertEquals("Not Found", body.get("title"));
        assertEquals("no such resource", body.get("detail"));
    }

    @Test
    void notAllowedKeepsTheAllowHeader() {
        Response r = new ExceptionMappers.Web().toResponse(new NotAllowedException("GET", new String[] {"PATCH"}));
        Map<String, Object> body = JsonConfigTest.problem(r, 405);
        assertEquals(Set.of("GET", "PATCH"), r.getAllowedMethods());
        String detail = (String) body.get("detail");
        assertTrue(detail.contains("GET") && detail.contains("PATCH"), detail);
        assertEquals("https://berth.io/problems/http-405", body.get("type"));
    }

    @Test
    void unsupportedMediaTypeIsProblem415() {
        Response r = new ExceptionMappers.Web().toResponse(new NotSupportedException());
        Map<String, Object> body = JsonConfigTest.problem(r, 415);
        assertEquals("https://berth.io/problems/http-415", body.get("type"));
        assertEquals("Unsupported Media Type", body.get("title"));
        assertTrue(r.getAllowedMethods().isEmpty());
    }

    @Test
    void serverSideWebExceptionsDoNotLeakTheirMessage() {
        Response r = new ExceptionMappers.Web().toResponse(new InternalServerErrorException("pool exhausted at db-7"));
        Map<String, Object> body = JsonConfigTest.problem(r, 500);
        assertEquals("https://berth.io/problems/server-error", body.get("type"));
        assertFalse(body.toString().contains("db-7"), body::toString);

        Response u = new ExceptionMappers.Web().toResponse(new ServiceUnavailableException("maintenance on db-7"));
        Map<String, Object> ubody = JsonConfigTest.problem(u, 503);
        assertFalse(ubody.toString().contains("db-7"), ubody::toString);
    }

    @Test
    void unexpectedIsAGeneric500WithoutTheMessage() {
        RuntimeException e = new IllegalStateException("password=hunter2 at jdbc:derby:/var/berth");
        Response r = new ExceptionMappers.Unexpected().toResponse(e);
        Map<String, Object> body = JsonConfigTest.problem(r, 500);
        assertEquals("https://berth.io/problems/server-error", body.get("type"));
        assertEquals("Server error", body.get("title"));
        assertEquals("the server could not complete the request", body.get("detail"));
        assertFalse(body.toString().contains("hunter2"));
        assertFalse(body.toString().contains("IllegalStateException"));
        assertFalse(body.containsKey("field"));
    }

    @Test
    void unexpectedHandsWebExceptionsToTheWebMapper() {
        Response r = new ExceptionMappers.Unexpected().toResponse(new NotAllowedException("POST"));
        JsonConfigTest.problem(r, 405);
        assertEquals(Set.of("POST"), r.getAllowedMethods());
        JsonConfigTest.problem(new ExceptionMappers.Unexpected().toResponse(new javax.ws.rs.NotFoundException()), 404);
    }

    @Test
    void errorsAreGeneric500Too() {
        Response r = new ExceptionMappers.Unexpected().toResponse(new StackOverflowError("deep"));
        Map<String, Object> body = JsonConfigTest.problem(r, 500);
        assertFalse(body.toString().contains("deep"));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
