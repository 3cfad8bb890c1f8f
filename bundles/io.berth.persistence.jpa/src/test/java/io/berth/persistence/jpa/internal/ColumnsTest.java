package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ValidationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    @Test
    void containsPatternsAreLowerCaseWithWildcardsAndTheEscapeCharacterEscaped() {
        assertEquals("%abc%", Columns.containsPattern("AbC"));
        assertEquals("%a!%b!_c!!d\\e%", Columns.containsPattern("a%b_c!d\\e"));
        assertEquals("%%", Columns.containsPattern(""));
    }

    @Test
    void hostListsRoundTripThroughText() {
        assertEquals("", Columns.joinHosts(List.of(), "f"));
        assertEquals(List.of(), Columns.splitHosts(""));
        assertEquals(List.of(), Columns.splitHosts(null));
        List<String> hosts = List.of("local:volume1", "nfs.example.org", "cr.example.org:5000");
        assertEquals(hosts, Columns.splitHosts(Columns.joinHosts(hosts, "f")));
        assertEquals("f", assertThrows(ValidationException.class, () -> Columns.joinHosts(List.of("a,b"), "f")).field());
        assertEquals("f", assertThrows(ValidationException.class, () -> Columns.joinHosts(List.of(""), "f")).field());
    }

    @Test
    void instantsRoundTripThroughTimestamps() {
        Instant i = Instant.parse("2024-10-27T01:30:00.123456789Z");
        assertEquals(i, Columns.instant(Columns.timestamp(i)));
        assertNull(Columns.timestamp(null));
        assertNull(Columns.instant(null));
    }
}
