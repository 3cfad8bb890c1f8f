package io.berth.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityRecordsTest {

    @Test
    void rolesAndStatusesParseTheirWireForms() {
        assertEquals(Role.SUPERADMIN, Role.parse("superadmin"));
        assertEquals(Role.MONITOR, Role.parse(" Monitor "));
        assertEquals(UserStatus.BEFORE_VERIFICATION, UserStatus.parse("before-verification"));
        assertEquals("before-verification", UserStatus.BEFORE_VERIFICATION.wire());
        assertEquals(ProjectType.MODEL_STORE, ProjectType.parse("model-store"));
        assertEquals("model-store", ProjectType.MODEL_STORE.wire());
        ValidationException x = assertThrows(ValidationException.class, () -> Role.parse("root"));
        assertEquals("role", x.field());
        assertTrue(x.getMessage().contains("superadmin, admin, user, monitor"), x.getMessage());
        assertEquals("status", assertThrows(ValidationException.class, () -> UserStatus.parse(null)).field());
    }

    @Test
    void pageRequestBounds() {
        assertEquals(500, new PageRequest(0, 500, null, false).limit());
        assertEquals("limit", assertThrows(ValidationException.class, () -> new PageRequest(0, 0, null, false))
                .field());
        assertEquals("limit", assertThrows(ValidationException.class, () -> new PageRequest(0, 501, null, false))
                .field());
        assertEquals("offset", assertThrows(ValidationException.class, () -> new PageRequest(-1, 10, null, false))
                .field());
    }

    @Test
    void keypairRedactionDropsOnlyTheSecret() {
        KeyPair k = new KeyPair("AK", "secret", "u", true, false, "default", 5, Instant.EPOCH, null, 3);
        KeyPair r = k.redacted();
        assertNull(r.secretKey());
        assertEquals(new KeyPair("AK", null, "u", true, false, "default", 5, Instant.EPOCH, null, 3), r);
        assertFalse(k.withActive(false).active());
        assertEquals("secret", k.withActive(false).secretKey());
    }

    @Test
    void recordsCopyTheirCollections() {
        List<String> hosts = new java.util.ArrayList<>(List.of("nfs"));
        Domain d = new Domain("d", null, true, null, hosts, List.of(), Instant.EPOCH, Instant.EPOCH);
        hosts.add("other");
        assertEquals(List.of("nfs"), d.allowedVfolderHosts());
        Set<String> ids = new java.util.HashSet<>(Set.of("p"));
        User u = new User("id", "e", "n", null, null, "h", "d", Role.USER, UserStatus.ACTIVE, false, false, null,
                "default", ids, Instant.EPOCH, Instant.EPOCH);
        ids.add("q");
        assertEquals(Set.of("p"), u.projectIds());
        assertTrue(u.isActive());
        assertFalse(u.withStatus(UserStatus.INACTIVE, Instant.EPOCH).isActive());
    }
}
