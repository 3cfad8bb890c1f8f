package io.berth.persistence.jpa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.ValidationException;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    void slotMapsAreCompactJsonWithSortedKeysAndRoundTrip() {
        ResourceSlots slots = TestDb.slots("mem", "8589934592", "cpu", "4", "cuda.shares", "0.5", "cuda.device",
                "Infinity");
        String text = Columns.slotsText(slots, "f");
        assertEquals("{\"cpu\":\"4\",\"cuda.device\":\"Infinity\",\"cuda.shares\":\"0.5\",\"mem\":\"8589934592\"}",
                text);
        assertEquals(slots, Columns.slots(text));
        assertEquals("{}", Columns.slotsText(ResourceSlots.EMPTY, "f"));
        assertEquals("{}", Columns.slotsText(null, "f"));
        assertEquals(ResourceSlots.EMPTY, Columns.slots("{}"));
        assertEquals(ResourceSlots.EMPTY, Columns.slots(""));
        assertEquals(ResourceSlots.EMPTY, Columns.slots(null));
    }

    @Test
    void slotMapsThatDoNotFitTheColumnAreRejectedAndCorruptTextIsReported() {
        String many = IntStream.range(0, 200).mapToObj(i -> "slot" + i + "-" + "x".repeat(20) + ",1")
                .collect(Collectors.joining(","));
        ResourceSlots big = TestDb.slots(many.split(","));
        assertEquals("total_resource_slots", assertThrows(ValidationException.class,
                () -> Columns.slotsText(big, "total_resource_slots")).field());
        assertThrows(IllegalStateException.class, () -> Columns.slots("{\"cpu\":"));
        assertThrows(IllegalStateException.class, () -> Columns.slots("{\"cpu\":\"lots\"}"));
    }

    @Test
    void amountsAreWireText() {
        assertEquals("Infinity", Columns.amountText(Amount.INFINITE, "f"));
        assertEquals("0.5", Columns.amountText(Amount.of(new BigDecimal("0.50")), "f"));
        assertEquals(Amount.INFINITE, Columns.amount("Infinity"));
        assertEquals(Amount.of(1099511627776L), Columns.amount("1099511627776"));
        assertThrows(IllegalStateException.class, () -> Columns.amount("8g"));
        assertEquals("f", assertThrows(ValidationException.class,
                () -> Columns.amountText(Amount.of(new BigDecimal("1e70")), "f")).field());
    }

    @Test
    void instantsRoundTripThroughTimestamps() {
        Instant i = Instant.parse("2024-10-27T01:30:00.123456789Z");
        assertEquals(i, Columns.instant(Columns.timestamp(i)));
        assertNull(Columns.timestamp(null));
        assertNull(Columns.instant(null));
    }

    @Test
    void deviceListsAreCompactJsonArraysAndRoundTrip() {
        List<DeviceInfo> devices = List.of(
                new DeviceInfo("cuda", "GPU-1f2e", "NVIDIA H200", 150_754_820_096L,
                        TestDb.slots("cuda.shares", "Infinity", "cuda.device", "1"), 37.5, 1_073_741_824L),
                new DeviceInfo("rocm", "0", null, 0, null, -1, -1));
        String text = Columns.devicesText(devices, "devices");
        assertEquals("[{\"plugin\":\"cuda\",\"id\":\"GPU-1f2e\",\"model\":\"NVIDIA H200\","
                + "\"memory_bytes\":150754820096,\"capacity\":{\"cuda.device\":\"1\",\"cuda.shares\":\"Infinity\"},"
                + "\"utilisation_percent\":37.5,\"memory_used_bytes\":1073741824},"
                + "{\"plugin\":\"rocm\",\"id\":\"0\",\"model\":null,\"memory_bytes\":0,\"capacity\":{},"
                + "\"utilisation_percent\":-1.0,\"memory_used_bytes\":-1}]", text);
        assertEquals(List.of(devices.get(0), new DeviceInfo("rocm", "0", null, 0, ResourceSlots.EMPTY, -1, -1)),
                Columns.devices(text));
        assertEquals("[]", Columns.devicesText(List.of(), "devices"));
        assertEquals("[]", Columns.devicesText(null, "devices"));
        assertEquals(List.of(), Columns.devices("[]"));
        assertEquals(List.of(), Columns.devices(""));
        assertEquals(List.of(), Columns.devices(null));
    }

    @Test
    void corruptDeviceTextIsAnIllegalState() {
        for (String corrupt : List.of("{}", "[{\"plugin\":\"cuda\"}]", "[{", "[{\"plugin\":\"cuda\",\"id\":\"0\","
                + "\"model\":null,\"memory_bytes\":0,\"capacity\":{\"cuda.device\":\"lots\"},"
                + "\"utilisation_percent\":0,\"memory_used_bytes\":0}]")) {
            assertThrows(IllegalStateException.class, () -> Columns.devices(corrupt), corrupt);
        }
    }

    @Test
    void stringListsAndMapsAreCompactJsonAndRoundTrip() {
        assertEquals("[\"b\",\"a\",\"q\\\"x\"]", Columns.stringListText(List.of("b", "a", "q\"x"), 100, "f"));
        assertEquals(List.of("b", "a", "q\"x"), Columns.stringList("[\"b\",\"a\",\"q\\\"x\"]"));
        assertEquals("[]", Columns.stringListText(null, 100, "f"));
        assertEquals(List.of(), Columns.stringList(null));
        assertEquals("{\"A\":\"1\",\"B\":\"\"}", Columns.stringMapText(java.util.Map.of("B", "", "A", "1"), 100, "f"));
        assertEquals(java.util.Map.of("B", "", "A", "1"), Columns.stringMap("{\"A\":\"1\",\"B\":\"\"}"));
        assertEquals(java.util.Map.of(), Columns.stringMap(""));
        assertEquals("f", assertThrows(ValidationException.class,
                () -> Columns.stringListText(List.of("x".repeat(20)), 10, "f")).field());
        assertThrows(IllegalStateException.class, () -> Columns.stringList("{\"a\":1}"));
        assertThrows(IllegalStateException.class, () -> Columns.stringMap("[1]"));
        assertEquals("abc", Columns.head("abcdef", 3));
        assertEquals("def", Columns.tail("abcdef", 3));
        assertNull(Columns.tail(null, 3));
        assertEquals("ab", Columns.head("ab", 3));
    }

    @Test
    void imageAppsAreCompactJsonInTheirOrderAndRoundTrip() {
        List<io.berth.core.image.ImageApp> apps = List.of(new io.berth.core.image.ImageApp("ssh", "tcp",
                List.of(2200, 2201)), new io.berth.core.image.ImageApp("jupyter", "http", List.of(8080)),
                new io.berth.core.image.ImageApp("ttyd", "pty", List.of()));
        String text = "[{\"name\":\"ssh\",\"protocol\":\"tcp\",\"ports\":[2200,2201]},"
                + "{\"name\":\"jupyter\",\"protocol\":\"http\",\"ports\":[8080]},"
                + "{\"name\":\"ttyd\",\"protocol\":\"pty\",\"ports\":[]}]";
        assertEquals(text, Columns.appsText(apps, 1000, "apps"));
        assertEquals(apps, Columns.apps(text));
        assertEquals("[]", Columns.appsText(null, 1000, "apps"));
        assertEquals(List.of(), Columns.apps(null));
        assertEquals(List.of(), Columns.apps(""));
        assertEquals("apps", assertThrows(ValidationException.class, () -> Columns.appsText(apps, 20, "apps")).field());
        assertThrows(IllegalStateException.class, () -> Columns.apps("{}"));
        assertThrows(IllegalStateException.class, () -> Columns.apps("[{\"name\":\"a\",\"protocol\":\"tcp\"}]"));
        assertThrows(IllegalStateException.class,
                () -> Columns.apps("[{\"name\":\"a\",\"protocol\":\"tcp\",\"ports\":[\"x\"]}]"));
    }
}
