package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Role;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes.State;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** SPEC Y1 through {@link SettingsServiceImpl} over the fakes. */
class SettingsServiceImplTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Caller ROOT = new Caller("u-root", "root@x.test", Role.SUPERADMIN, "default", null);
    private static final Caller MONITOR = new Caller("u-mon", "mon@x.test", Role.MONITOR, "default", null);
    private static final Caller ADMIN = new Caller("u-adm", "adm@x.test", Role.ADMIN, "alpha", null);
    private static final Caller USER = new Caller("u-usr", "usr@x.test", Role.USER, "alpha", null);

    private final Fakes f = new Fakes();
    private final MutableClock clock = new MutableClock(T0);
    private final SettingsServiceImpl svc = new SettingsServiceImpl(f.tx, f.settings, clock);

    private static SettingsUpdate mtu(int v) {
        return new SettingsUpdate(null, v, null, null);
    }

    private static SettingsUpdate retries(String scheduler, Integer v) {
        Map<String, Integer> m = new HashMap<>();
        m.put(scheduler, v);
        return new SettingsUpdate(null, null, null, m);
    }

    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        State before = f.state();
        X x = assertThrows(type, e);
        assertEquals(field, x.field(), x.getMessage());
        assertEquals("", before.diff(f.state()));
        return x;
    }

    private List<SettingChange> history() {
        return svc.history(ROOT, PageRequest.first(500)).items();
    }

    @Test
    void nothingStoredMeansTheDefaults() {
        assertEquals(SystemSettings.DEFAULTS, svc.get(ROOT));
        assertEquals(SystemSettings.DEFAULTS, svc.current());
        assertEquals(new SystemSettings(ImageInstallRule.DIGEST, 1500, 3, Map.of()), SystemSettings.DEFAULTS);
        assertEquals(3, svc.current().retriesToSkip("fifo"));
        assertEquals(List.of(), history());
    }

    @Test
    void anUpdateIsStoredAndEachChangedSettingAudited() {
        clock.advance(Duration.ofMinutes(5));
        SystemSettings s = svc.update(ROOT, new SettingsUpdate("TAG", 9000, 5, Map.of("fifo", 2, "drf", 0)));
        assertEquals(new SystemSettings(ImageInstallRule.TAG, 9000, 5, Map.of("fifo", 2, "drf", 0)), s);
        assertEquals(s, svc.get(ROOT));
        assertEquals(2, s.retriesToSkip("fifo"));
        assertEquals(5, s.retriesToSkip("lifo"), "schedulers not named take the default");
        assertEquals(Map.of("image.auto_install", "tag", "network.overlay_mtu", "9000", "scheduler.retries_to_skip",
                "5", "scheduler.fifo.retries_to_skip", "2", "scheduler.drf.retries_to_skip", "0"),
                f.settings.all());
        List<SettingChange> h = history();
        assertEquals(5, h.size());
        for (SettingChange c : h) {
            assertEquals("root@x.test", c.changedBy(), "who");
            assertEquals(T0.plusSeconds(300), c.changedAt(), "when");
            assertEquals(null, c.oldValue());
            assertEquals(f.settings.all().get(c.setting()), c.newValue());
        }
        // the whole update is one transaction
        assertEquals(1, f.tx.writes().stream().map(Write::tx).distinct().count(), f.tx.writes().toString());

        clock.advance(Duration.ofMinutes(1));
        svc.update(ROOT, new SettingsUpdate("tag", 1280, null, null));
        List<SettingChange> after = history();
        assertEquals(6, after.size(), "only the MTU changed");
        SettingChange last = after.get(0);
        assertEquals("network.overlay_mtu", last.setting());
        assertEquals("9000", last.oldValue());
        assertEquals("1280", last.newValue());
        assertEquals(T0.plusSeconds(360), last.changedAt());
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        svc.update(ROOT, new SettingsUpdate("none", 1400, 4, Map.of("fifo", 1)));
        State before = f.state();
        f.tx.clearWrites();
        SystemSettings s = svc.update(ROOT, new SettingsUpdate("NONE", 1400, 4, Map.of("fifo", 1)));
        assertEquals(new SystemSettings(ImageInstallRule.NONE, 1400, 4, Map.of("fifo", 1)), s);
        assertEquals("", before.diff(f.state()));
        assertEquals(List.of(), f.tx.writes());
        // an empty update, and removing an entry that is not there, are no-ops too
        svc.update(ROOT, new SettingsUpdate(null, null, null, null));
        svc.update(ROOT, retries("lifo", null));
        assertEquals("", before.diff(f.state()));
        assertEquals(4, history().size());
    }

    @Test
    void aNullValueRemovesTheSchedulersOwnDefault() {
        svc.update(ROOT, new SettingsUpdate(null, null, 7, Map.of("fifo", 2, "drf", 9)));
        clock.advance(Duration.ofSeconds(10));
        SystemSettings s = svc.update(ROOT, retries("fifo", null));
        assertEquals(Map.of("drf", 9), s.retriesToSkip());
        assertEquals(7, s.retriesToSkip("fifo"), "back to the system default");
        assertEquals(Map.of("scheduler.retries_to_skip", "7", "scheduler.drf.retries_to_skip", "9"), f.settings.all());
        SettingChange c = history().get(0);
        assertEquals(new SettingChange(c.id(), "scheduler.fifo.retries_to_skip", "2", null, "root@x.test",
                T0.plusSeconds(10)), c);
    }

    @Test
    void mtuBoundsAreExact() {
        assertEquals(1280, svc.update(ROOT, mtu(1280)).overlayNetworkMtu());
        assertEquals(9000, svc.update(ROOT, mtu(9000)).overlayNetworkMtu());
        for (int bad : new int[] {1279, 9001, 0, -1500}) {
            refusedUnchanged(ValidationException.class, "overlay_network_mtu", () -> svc.update(ROOT, mtu(bad)));
        }
        assertEquals(9000, svc.get(ROOT).overlayNetworkMtu());
    }

    @Test
    void imageRuleMustBeKnown() {
        assertEquals(ImageInstallRule.NONE, svc.update(ROOT, new SettingsUpdate("None", null, null, null))
                .imageAutoInstall());
        for (String bad : List.of("always", "", "digest ")) {
            refusedUnchanged(ValidationException.class, "image_auto_install",
                    () -> svc.update(ROOT, new SettingsUpdate(bad, null, null, null)));
        }
    }

    @Test
    void retriesAreBetweenZeroAndAThousand() {
        assertEquals(0, svc.update(ROOT, new SettingsUpdate(null, null, 0, null)).defaultRetriesToSkip());
        assertEquals(1000, svc.update(ROOT, new SettingsUpdate(null, null, 1000, null)).defaultRetriesToSkip());
        for (int bad : new int[] {-1, 1001}) {
            refusedUnchanged(ValidationException.class, "default_retries_to_skip",
                    () -> svc.update(ROOT, new SettingsUpdate(null, null, bad, null)));
            refusedUnchanged(ValidationException.class, "retries_to_skip.fifo",
                    () -> svc.update(ROOT, retries("fifo", bad)));
        }
        assertEquals(1000, svc.update(ROOT, retries("fifo", 1000)).retriesToSkip("fifo"));
    }

    @Test
    void schedulerNamesAreSlugsAndFewerThanSixtyFive() {
        for (String bad : List.of("FIFO", "has space", "", "x".repeat(65), "a/b")) {
            refusedUnchanged(ValidationException.class, "retries_to_skip", () -> svc.update(ROOT, retries(bad, 1)));
        }
        Map<String, Integer> many = new TreeMap<>();
        IntStream.range(0, 65).forEach(i -> many.put("s" + i, 1));
        refusedUnchanged(ValidationException.class, "retries_to_skip",
                () -> svc.update(ROOT, new SettingsUpdate(null, null, null, many)));
        many.remove("s0");
        assertEquals(64, svc.update(ROOT, new SettingsUpdate(null, null, null, many)).retriesToSkip().size());
    }

    @Test
    void oneBadPartRefusesTheWholeUpdate() {
        refusedUnchanged(ValidationException.class, "overlay_network_mtu",
                () -> svc.update(ROOT, new SettingsUpdate("tag", 100, 4, Map.of("fifo", 1))));
        refusedUnchanged(ValidationException.class, "retries_to_skip.fifo",
                () -> svc.update(ROOT, new SettingsUpdate("tag", 1400, 4, Map.of("fifo", -1))));
        assertEquals(SystemSettings.DEFAULTS, svc.current());
    }

    @Test
    void onlyASuperadminWritesAndOnlySuperadminsAndMonitorsRead() {
        for (Caller c : List.of(MONITOR, ADMIN, USER)) {
            ForbiddenException x = refusedUnchanged(ForbiddenException.class, null, () -> svc.update(c, mtu(1400)));
            assertEquals(403, x.status());
        }
        assertEquals(SystemSettings.DEFAULTS, svc.get(MONITOR));
        assertEquals(0, svc.history(MONITOR, PageRequest.first(10)).total());
        for (Caller c : List.of(ADMIN, USER)) {
            assertThrows(ForbiddenException.class, () -> svc.get(c));
            assertThrows(ForbiddenException.class, () -> svc.history(c, PageRequest.first(10)));
        }
        assertEquals(1400, svc.update(ROOT, mtu(1400)).overlayNetworkMtu());
    }

    @Test
    void currentSeesOwnUpdatesAtOnceAndForeignOnesWithinTwoSeconds() {
        assertEquals(1500, svc.current().overlayNetworkMtu());
        svc.update(ROOT, mtu(1400));
        assertEquals(1400, svc.current().overlayNetworkMtu(), "a change on this manager is seen at once");

        // another manager writes the same database
        f.tx.run(() -> f.settings.put(SettingsServiceImpl.OVERLAY_MTU, "8000"));
        clock.advance(Duration.ofMillis(1999));
        assertEquals(1400, svc.current().overlayNetworkMtu(), "still the cached copy");
        assertEquals(8000, svc.get(ROOT).overlayNetworkMtu(), "get reads the store");
        clock.advance(Duration.ofMillis(2));
        assertEquals(8000, svc.current().overlayNetworkMtu(), "re-read once the copy is older than two seconds");

        f.tx.run(() -> f.settings.remove(SettingsServiceImpl.OVERLAY_MTU));
        assertEquals(8000, svc.current().overlayNetworkMtu());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1500, svc.current().overlayNetworkMtu());
    }

    @Test
    void currentReadsTheStoreOnlyOncePerTwoSeconds() {
        f.tx.run(() -> f.settings.put(SettingsServiceImpl.OVERLAY_MTU, "2000"));
        int commits = f.tx.commits();
        for (int i = 0; i < 50; i++) {
            assertEquals(2000, svc.current().overlayNetworkMtu());
            clock.advance(Duration.ofMillis(10));
        }
        assertEquals(commits + 1, f.tx.commits(), "one read for fifty calls within half a second");
    }

    @Test
    void decodeIgnoresWhatDoesNotParseAndWhatItDoesNotKnow() {
        Map<String, String> stored = new HashMap<>();
        stored.put("image.auto_install", "sometimes");
        stored.put("network.overlay_mtu", "big");
        stored.put("scheduler.retries_to_skip", "3.5");
        stored.put("scheduler.fifo.retries_to_skip", "");
        stored.put("scheduler.drf.retries_to_skip", "7");
        stored.put("scheduler..retries_to_skip", "8"); // no scheduler name
        stored.put("scheduler.retries_to_skip.retries_to_skip", "x");
        stored.put("unknown.setting", "x");
        SystemSettings s = SettingsServiceImpl.decode(stored);
        assertEquals(new SystemSettings(ImageInstallRule.DIGEST, 1500, 3, Map.of("drf", 7)), s);

        stored.clear();
        stored.put("image.auto_install", "none");
        stored.put("network.overlay_mtu", "1300");
        stored.put("scheduler.retries_to_skip", "0");
        assertEquals(new SystemSettings(ImageInstallRule.NONE, 1300, 0, Map.of()), SettingsServiceImpl.decode(stored));

        // the service uses it: malformed stored values do not break readers
        f.tx.run(() -> {
            f.settings.put("network.overlay_mtu", "abc");
            f.settings.put("scheduler.lifo.retries_to_skip", "4");
        });
        assertEquals(new SystemSettings(ImageInstallRule.DIGEST, 1500, 3, Map.of("lifo", 4)), svc.get(ROOT));
        assertEquals(1500, svc.current().overlayNetworkMtu());
    }

    @Test
    void historyIsNewestFirstAndPaged() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            svc.update(ROOT, mtu(1300 + i));
        }
        Page<SettingChange> first = svc.history(ROOT, PageRequest.first(2));
        assertEquals(5, first.total());
        assertEquals(List.of("1304", "1303"), first.items().stream().map(SettingChange::newValue).toList());
        assertEquals(List.of("1303", "1302"), first.items().stream().map(SettingChange::oldValue).toList());
        Page<SettingChange> second = svc.history(ROOT, new PageRequest(2, 2, null, false));
        assertEquals(List.of("1302", "1301"), second.items().stream().map(SettingChange::newValue).toList());
        Page<SettingChange> last = svc.history(MONITOR, new PageRequest(4, 2, null, true));
        assertEquals(List.of("1300"), last.items().stream().map(SettingChange::newValue).toList());
        assertEquals(null, last.items().get(0).oldValue());
        List<Instant> times = history().stream().map(SettingChange::changedAt).toList();
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i - 1).isAfter(times.get(i)), times.toString());
        }
    }
}
