package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.UserStatus;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query parameters arrive as strings; each bad one is a 400 naming it. */
class ParamsTest {

    @Test
    void pageDefaults() {
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), Params.page(null, null, null, null));
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), Params.page("", "", "  ", null));
    }

    @Test
    void pageValues() {
        assertEquals(new PageRequest(10, 500, "email", true), Params.page("10", "500", "email", "desc"));
        assertEquals(new PageRequest(0, 1, "created_at", false), Params.page("0", "1", "created_at", "ASC"));
        assertEquals(new PageRequest(0, 20, null, true), Params.page(null, null, null, "DESC"));
    }

    @ParameterizedTest(name = "offset={0} limit={1} order={2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "null, 0, null, limit",
            "null, 501, null, limit",
            "null, -5, null, limit",
            "null, abc, null, limit",
            "null, 1.5, null, limit",
            "null, 99999999999, null, limit",
            "-1, null, null, offset",
            "x, null, null, offset",
            "null, null, bogus, order",
            "null, null, '', order",
    })
    void pageErrorsNameTheParameter(String offset, String limit, String order, String field) {
        ValidationException e = assertThrows(ValidationException.class, () -> Params.page(offset, limit, null, order));
        assertEquals(field, e.field());
        assertEquals(400, e.status());
    }

    @Test
    void bool() {
        assertNull(Params.bool(null, "is_active"));
        assertNull(Params.bool("", "is_active"));
        assertEquals(Boolean.TRUE, Params.bool("true", "is_active"));
        assertEquals(Boolean.TRUE, Params.bool("TRUE", "is_active"));
        assertEquals(Boolean.FALSE, Params.bool("false", "is_active"));
        assertEquals(Boolean.FALSE, Params.bool("False", "is_active"));
        for (String bad : new String[] {"yes", "1", "0", "t", " true"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> Params.bool(bad, "is_active"), bad);
            assertEquals("is_active", e.field());
        }
    }

    @Test
    void integer() {
        assertEquals(7, Params.integer(null, "n", 7));
        assertEquals(7, Params.integer("", "n", 7));
        assertEquals(-3, Params.integer("-3", "n", 7));
        assertEquals("n", assertThrows(ValidationException.class, () -> Params.integer("3x", "n", 7)).field());
    }

    @Test
    void bodyIsRequired() {
        Object body = new Object();
        assertSame(body, Params.body(body));
        ValidationException e = assertThrows(ValidationException.class, () -> Params.body(null));
        assertEquals(400, e.status());
    }

    @Test
    void text() {
        assertNull(Params.text(null, "email"));
        assertNull(Params.text("", "email"));
        assertEquals("a", Params.text("a", "email"));
        String max = "x".repeat(256);
        assertEquals(max, Params.text(max, "email"));
        assertEquals("email", assertThrows(ValidationException.class, () -> Params.text(max + "x", "email")).field());
    }

    @Test
    void userStatusViews() {
        assertEquals(EnumSet.of(UserStatus.ACTIVE), UserResource.statuses(null));
        assertEquals(EnumSet.of(UserStatus.ACTIVE), UserResource.statuses(" "));
        assertEquals(EnumSet.allOf(UserStatus.class), UserResource.statuses("all"));
        assertEquals(Set.of(UserStatus.INACTIVE, UserStatus.BEFORE_VERIFICATION),
                UserResource.statuses("inactive, before-verification"));
        assertEquals("status", assertThrows(ValidationException.class, () -> UserResource.statuses("gone")).field());
    }
}
