package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.info.ComponentInfo.SpiImport;
import io.berth.core.info.ComponentInfo;
import io.berth.core.info.SystemInformation;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsUpdate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** berth:settings, settings-set, settings-history, slots and info. */
class SystemCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeSettingsService settings = new FakeSettingsService();

    private Run run(SettingsCommand command) throws Exception {
        command.settings = settings;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    @Test
    void settingsShowsEveryValue() throws Exception {
        Run run = run(new SettingsShowCommand());
        assertTrue(hasLine(run, "Image auto install", "digest"), run.out());
        assertTrue(hasLine(run, "Overlay network MTU", "1500"), run.out());
        assertTrue(hasLine(run, "Default retries to skip", "3"), run.out());
        assertTrue(hasLine(run, "Retries to skip", "-"), run.out());
    }

    @Test
    void settingsSetPassesTheChangesAndClears() throws Exception {
        SettingsSetCommand set = new SettingsSetCommand();
        set.imageAutoInstall = "tag";
        set.overlayMtu = 1450;
        set.defaultRetriesToSkip = 5;
        set.retriesToSkip = List.of("fifo=5,drf=2", "lifo=0");
        Run run = run(set);
        assertEquals("", run.err());
        Map<String, Integer> expected = new LinkedHashMap<>(Map.of("fifo", 5, "drf", 2, "lifo", 0));
        assertEquals(new SettingsUpdate("tag", 1450, 5, expected), settings.lastUpdate);
        assertTrue(run.out().startsWith("Settings updated.\n"), run.out());
        assertTrue(hasLine(run, "Retries to skip", "drf=2, fifo=5, lifo=0"), run.out());
        assertTrue(hasLine(run, "Image auto install", "tag"), run.out());

        SettingsSetCommand clear = new SettingsSetCommand();
        clear.clearRetriesToSkip = List.of("fifo,lifo");
        run = run(clear);
        Map<String, Integer> cleared = new LinkedHashMap<>();
        cleared.put("fifo", null);
        cleared.put("lifo", null);
        assertEquals(new SettingsUpdate(null, null, null, cleared), settings.lastUpdate);
        assertTrue(hasLine(run, "Retries to skip", "drf=2"), run.out());
        assertEquals(ImageInstallRule.TAG, settings.current.imageAutoInstall(), "left as it was");
    }

    @Test
    void settingsSetRejectsMalformedInput() throws Exception {
        SettingsSetCommand set = new SettingsSetCommand();
        assertEquals("Error: nothing to change: give at least one option (see --help)\n", run(set).err());

        set.retriesToSkip = List.of("fifo");
        assertEquals("Error: --retries-to-skip: 'fifo' is not scheduler=number, e.g. fifo=5 (field: retries_to_skip)\n",
                run(set).err());
        set.retriesToSkip = List.of("fifo=-1");
        assertTrue(run(set).err().contains("'fifo=-1' is not scheduler=number"));
        set.retriesToSkip = List.of("fifo=1");
        set.clearRetriesToSkip = List.of("fifo");
        assertEquals("Error: scheduler 'fifo' is both set and cleared (field: retries_to_skip)\n", run(set).err());
        assertNull(settings.lastUpdate, "core is never asked");
    }

    @Test
    void historyIsATableWithAFooter() throws Exception {
        settings.history.add(new SettingChange(1, "overlay_network_mtu", "1500", "1450", "admin@example.com",
                Instant.parse("2025-03-04T05:06:07Z")));
        settings.history.add(new SettingChange(2, "image_auto_install", null, "digest", "system",
                Instant.parse("2025-01-01T00:00:00Z")));
        SettingsHistoryCommand history = new SettingsHistoryCommand();
        history.offset = 0;
        history.limit = 1;
        Run run = run(history);
        assertEquals(0, settings.lastPage.offset());
        assertEquals(1, settings.lastPage.limit());
        String row = run.out().lines().filter(l -> l.contains("overlay_network_mtu")).findFirst().orElseThrow();
        assertTrue(row.contains("2025-03-04 05:06:07 UTC") && row.contains("1500") && row.contains("1450")
                && row.contains("admin@example.com"), row);
        assertTrue(run.out().contains("1 of 2 changes (offset 0)"), run.out());

        history.offset = 1;
        run = run(history);
        String old = run.out().lines().filter(l -> l.contains("image_auto_install")).findFirst().orElseThrow();
        assertTrue(old.matches(".*image_auto_install\\s*\\|\\s*-\\s*\\|\\s*digest.*"), old);
    }

    @Test
    void slotsListsEveryKnownSlotWithItsKindAndMaximum() throws Exception {
        Run run = Run.of(new SlotsCommand(), identity);
        String mem = run.out().lines().filter(l -> l.startsWith("mem ")).findFirst().orElseThrow();
        assertTrue(mem.contains("bytes") && mem.contains("Memory") && mem.endsWith("1t"), mem);
        String npu = run.out().lines().filter(l -> l.startsWith("mock.npu")).findFirst().orElseThrow();
        assertTrue(npu.contains("unique") && npu.trim().endsWith("-"), npu);
        assertTrue(run.out().contains("5 slot types"), run.out());
    }

    @Test
    void infoPrintsVersionsComponentsAndTheirProblems() throws Exception {
        SystemInformation info = new SystemInformation("0.1.0", SystemInformation.API_VERSION, "17.0.12", "4.4.10",
                List.of(new ComponentInfo(12, "io.berth.core", "Berth :: Core", "0.1.0.SNAPSHOT", "active", false,
                        List.of(), true, List.of()),
                        new ComponentInfo(57, "io.berth.scheduler.fifo", "FIFO", "0.1.0", "installed", true,
                                List.of(new SpiImport("io.berth.spi.scheduler", "[2.0,3)", null, false)), false,
                                List.of("io.berth.spi.scheduler [2.0,3) is not satisfied by 1.0.0"))));
        InfoCommand command = new InfoCommand();
        command.information = caller -> info;
        Run run = Run.of(command, identity);
        assertTrue(hasLine(run, "Manager version", "0.1.0"), run.out());
        assertTrue(hasLine(run, "API version", "v8.20240915"), run.out());
        assertTrue(hasLine(run, "Java version", "17.0.12"), run.out());
        assertTrue(hasLine(run, "Karaf version", "4.4.10"), run.out());
        String fifo = run.out().lines().filter(l -> l.contains("io.berth.scheduler.fifo")).findFirst().orElseThrow();
        assertTrue(fifo.matches("\\s*57\\s*\\|\\s*io\\.berth\\.scheduler\\.fifo\\s*\\|\\s*0\\.1\\.0\\s*\\|\\s*installed"
                + "\\s*\\|\\s*yes\\s*\\|\\s*no\\s*\\|\\s*1\\s*"), fifo);
        assertTrue(run.out().contains("2 components"), run.out());
        assertTrue(run.out().contains("Problem: io.berth.scheduler.fifo: io.berth.spi.scheduler [2.0,3) is not "
                + "satisfied by 1.0.0"), run.out());
    }
}
