package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.berth.spi.resource.Amount;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict snake_case JSON, and how each kind of bad input becomes a 400 problem naming the field. */
class JsonConfigTest {
    private static final ObjectMapper M = JsonConfig.MAPPER;

    record Counter(int n) {
    }

    @Test
    void resolverAnswersTheSharedStrictMapper() {
        assertSame(JsonConfig.MAPPER, new JsonConfig().getContext(Object.class));
        assertSame(JsonConfig.MAPPER, new JsonConfig().getContext(Requests.CreateUser.class));
    }

    @Test
    void requestRecordsReadSnakeCase() throws Exception {
        Requests.CreateUser u = M.readValue("{\"email\":\"a@berth.io\",\"full_name\":\"Ada L\",\"domain_name\":\"d\","
                + "\"need_password_change\":true,\"sudo_session_enabled\":false,\"projects\":[\"p1\",\"p2\"],"
                + "\"resource_policy\":\"gold\"}", Requests.CreateUser.class);
        assertEquals("a@berth.io", u.email());
        assertEquals("Ada L", u.fullName());
        assertEquals("d", u.domainName());
        assertEquals(Boolean.TRUE, u.needPasswordChange());
        assertEquals(Boolean.FALSE, u.sudoSessionEnabled());
        assertEquals(Set.of("p1", "p2"), u.projects());
        assertEquals("gold", u.resourcePolicy());
        assertNull(u.username(), "absent fields are null");

        Requests.CreateKeyPair k = M.readValue("{\"user_id\":\"a@berth.io\",\"is_admin\":true,\"rate_limit\":5}",
                Requests.CreateKeyPair.class);
        assertEquals("a@berth.io", k.userId());
        assertEquals(Boolean.TRUE, k.isAdmin());
        assertEquals(5, k.rateLimit());
    }

    @Test
    void viewsWriteSnakeCase() throws Exception {
        JsonNode n = M.valueToTree(new Views.KeyPairView("AK", null, "u@berth.io", "u", true, false, "default", 7, "t",
                null, 3));
        assertEquals("AK", n.path("access_key").asText());
        assertEquals("u@berth.io", n.path("user_id").asText());
        assertEquals("u", n.path("user_uuid").asText());
        assertTrue(n.path("is_active").asBoolean());
        assertEquals(7, n.path("rate_limit").asInt());
        assertEquals(3, n.path("num_queries").asLong());
        assertFalse(n.has("accessKey"));
        assertFalse(n.has("rateLimit"));
    }

    @Test
    void amountsAreExactNumbersOrInfinity() throws Exception {
        assertEquals("4", M.writeValueAsString(Amount.of(4)));
        assertEquals("0.0000001", M.writeValueAsString(Amount.of(new BigDecimal("1E-7"))), "never an exponent");
        assertEquals("12345678901234567890123456789.5",
                M.writeValueAsString(Amount.of(new BigDecimal("12345678901234567890123456789.50"))));
        assertEquals("17179869184", M.writeValueAsString(Amount.of(new BigDecimal("1.7179869184E10"))));
        assertEquals("\"Infinity\"", M.writeValueAsString(Amount.INFINITE));
        assertEquals("[0,\"Infinity\"]", M.writeValueAsString(List.of(Amount.ZERO, Amount.INFINITE)));
    }

    @Test
    void untypedNumbersKeepEveryDigit() throws Exception {
        Map<?, ?> m = M.readValue("{\"a\":0.1,\"b\":1e400,\"c\":4,\"d\":12345678901234567890123,\"e\":\"8g\"}",
                Map.class);
        assertEquals(new BigDecimal("0.1"), m.get("a"));
        assertEquals(new BigDecimal("1e400"), m.get("b"), "beyond a double");
        assertEquals(4, m.get("c"));
        assertEquals(new java.math.BigInteger("12345678901234567890123"), m.get("d"));
        assertEquals("8g", m.get("e"));
        // typed places are unaffected: still strict
        assertThrows(MismatchedInputException.class, () -> M.readValue("{\"rate_limit\":2.0}",
                Requests.CreateKeyPair.class));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // camelCase is an unknown field, not an alias
                Arguments.of("unknown field", "{\"email\":\"a@berth.io\",\"fullName\":\"x\"}", Requests.CreateUser.class,
                        UnrecognizedPropertyException.class, "fullName"),
                Arguments.of("integer for a string", "{\"email\":5}", Requests.CreateUser.class,
                        InvalidFormatException.class, "email"),
                Arguments.of("float for a string", "{\"full_name\":1.5}", Requests.CreateUser.class,
                        InvalidFormatException.class, "full_name"),
                Arguments.of("boolean for a string", "{\"email\":true}", Requests.CreateUser.class,
                        InvalidFormatException.class, "email"),
                Arguments.of("object for a string", "{\"email\":{}}", Requests.CreateUser.class,
                        MismatchedInputException.class, "email"),
                Arguments.of("string for an int", "{\"rate_limit\":\"5\"}", Requests.CreateKeyPair.class,
                        MismatchedInputException.class, "rate_limit"),
                Arguments.of("float for an int", "{\"rate_limit\":5.5}", Requests.CreateKeyPair.class,
                        InvalidFormatException.class, "rate_limit"),
                Arguments.of("integral float for an int", "{\"rate_limit\":5.0}", Requests.CreateKeyPair.class,
                        InvalidFormatException.class, "rate_limit"),
                Arguments.of("boolean for an int", "{\"rate_limit\":true}", Requests.CreateKeyPair.class,
                        MismatchedInputException.class, "rate_limit"),
                Arguments.of("string for a boolean", "{\"is_active\":\"true\"}", Requests.CreateKeyPair.class,
                        MismatchedInputException.class, "is_active"),
                Arguments.of("number for a boolean", "{\"is_active\":1}", Requests.CreateKeyPair.class,
                        InvalidFormatException.class, "is_active"),
                Arguments.of("string for an array", "{\"projects\":\"p1\"}", Requests.CreateUser.class,
                        MismatchedInputException.class, "projects"),
                Arguments.of("null for a primitive", "{\"n\":null}", Counter.class,
                        MismatchedInputException.class, "n"),
                Arguments.of("number inside a string array", "{\"projects\":[\"p1\",2]}", Requests.CreateUser.class,
                        InvalidFormatException.class, "projects[1]"),
                Arguments.of("number inside a list", "{\"allowed_vfolder_hosts\":[\"a\",\"b\",3]}",
                        Requests.CreateDomain.class, InvalidFormatException.class, "allowed_vfolder_hosts[2]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void wrongInputIsRefusedAndMappedTo400NamingThePath(String what, String json, Class<?> type,
            Class<? extends JsonProcessingException> expected, String field) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> M.readValue(json, type));
        assertInstanceOf(expected, e, () -> what + ": " + e);
        Map<String, Object> problem = problem(new ExceptionMappers.Json().toResponse(e), 400);
        assertEquals(field, problem.get("field"), what);
        assertTrue(((String) problem.get("detail")).contains(field), () -> what + ": " + problem);
    }

    @Test
    void duplicateKeysAreAParseError() {
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> M.readValue("{\"email\":\"a@berth.io\",\"email\":\"b@berth.io\"}", Requests.CreateUser.class));
        assertTrue(e.getOriginalMessage().contains("Duplicate field 'email'"), e::getMessage);
        // also where no record type guards the keys
        assertThrows(JsonParseException.class, () -> M.readValue("{\"a\":1,\"a\":2}", Map.class));
        assertThrows(JsonParseException.class, () -> M.readTree("{\"a\":1,\"a\":2}"));
        Map<String, Object> p = problem(new ExceptionMappers.Json().toResponse(e), 400);
        assertTrue(((String) p.get("detail")).contains("Duplicate field 'email'"), p::toString);
    }

    @Test
    void trailingTokensAreRefused() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> M.readValue("{\"email\":\"a@berth.io\"} {}", Requests.CreateUser.class));
        assertTrue(e.getOriginalMessage().startsWith("Trailing token"), e::getMessage);
        Map<String, Object> p = problem(new ExceptionMappers.Json().toResponse(e), 400);
        assertFalse(p.containsKey("field"), "trailing garbage belongs to no field");
        assertTrue(((String) p.get("detail")).startsWith("malformed JSON body"), p::toString);

        assertThrows(JsonParseException.class, () -> M.readValue("{\"email\":\"a@berth.io\"} x",
                Requests.CreateUser.class));
    }

    @Test
    void truncatedJsonIsMalformed() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> M.readValue("{\"email\":\"a@berth.io\"", Requests.CreateUser.class));
        Map<String, Object> p = problem(new ExceptionMappers.Json().toResponse(e), 400);
        assertEquals("https://berth.io/problems/invalid-json", p.get("type"));
        assertTrue(((String) p.get("detail")).startsWith("malformed JSON body"), p::toString);
        assertFalse(p.containsKey("field"));

        // cut inside a value: the field being read is named
        JsonProcessingException inValue = assertThrows(JsonProcessingException.class,
                () -> M.readValue("{\"email\":\"a", Requests.CreateUser.class));
        assertEquals("email", problem(new ExceptionMappers.Json().toResponse(inValue), 400).get("field"));
    }

    @Test
    void wrongTypeDetailNamesTheExpectedType() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> M.readValue("{\"is_admin\":\"yes\"}", Requests.CreateKeyPair.class));
        Map<String, Object> p = problem(new ExceptionMappers.Json().toResponse(e), 400);
        assertEquals("field 'is_admin' must be a boolean", p.get("detail"));
        MismatchedInputException arr = assertThrows(MismatchedInputException.class,
                () -> M.readValue("{\"projects\":{}}", Requests.CreateUser.class));
        assertEquals("field 'projects' must be an array",
                problem(new ExceptionMappers.Json().toResponse(arr), 400).get("detail"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> problem(Response r, int status) {
        assertEquals(status, r.getStatus());
        assertEquals(Problems.PROBLEM_JSON, r.getMediaType());
        Map<String, Object> body = (Map<String, Object>) r.getEntity();
        assertEquals(status, body.get("status"));
        assertTrue(body.containsKey("type") && body.containsKey("title") && body.containsKey("detail"), body::toString);
        return body;
    }
}
