package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.settings.SettingChange;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void putReplacesRemoveDeletesAndAllIsSortedByName() {
        assertEquals(Map.of(), r.settings().all());
        r.settings().put("network.overlay.mtu", "1500");
        r.settings().put("docker.image.auto_install", "digest");
        r.settings().put("network.overlay.mtu", "9000");
        r.settings().put("scheduler.retries_to_skip", "{\"drf\":5,\"fifo\":0}");
        assertEquals(Map.of("docker.image.auto_install", "digest", "network.overlay.mtu", "9000",
                "scheduler.retries_to_skip", "{\"drf\":5,\"fifo\":0}"), r.settings().all());
        assertEquals(List.of("docker.image.auto_install", "network.overlay.mtu", "scheduler.retries_to_skip"),
                List.copyOf(r.settings().all().keySet()));

        r.unitOfWork().run(() -> {
            r.settings().remove("docker.image.auto_install");
            r.settings().put("network.overlay.mtu", "1400");
        });
        r.settings().remove("not.stored");
        r.settings().remove(null);
        assertEquals(Map.of("network.overlay.mtu", "1400", "scheduler.retries_to_skip", "{\"drf\":5,\"fifo\":0}"),
                r.settings().all());
        assertThrows(UnsupportedOperationException.class, () -> r.settings().all().clear());
    }

    @Test
    void valuesThatDoNotFitTheColumnAreRejected() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> r.settings().put("big", "x".repeat(Columns.MAX_TEXT_CHARS + 1)));
        assertEquals("big", e.field());
        r.settings().put("big", "x".repeat(Columns.MAX_TEXT_CHARS));
        assertEquals(Columns.MAX_TEXT_CHARS, r.settings().all().get("big").length());
        assertThrows(NullPointerException.class, () -> r.settings().put("big", null));
    }

    @Test
    void changesAreNewestFirstWithGeneratedIdsAndPaged() {
        // the given ids are ignored; two changes share an instant and then come newest id first
        r.settings().record(new SettingChange(99, "network.overlay.mtu", null, "1500", "admin@example.org", T0));
        r.settings().record(new SettingChange(99, "network.overlay.mtu", "1500", "9000", "admin@example.org",
                T0.plusSeconds(60)));
        r.settings().record(new SettingChange(0, "docker.image.auto_install", "digest", null, "root@example.org",
                T0.plusSeconds(60)));
        r.settings().record(new SettingChange(0, "scheduler.retries_to_skip", null, "{}", "root@example.org",
                T0.minusSeconds(60)));

        Page<SettingChange> all = r.settings().changes(PageRequest.first(10));
        assertEquals(4, all.total());
        List<SettingChange> items = all.items();
        assertEquals(List.of("docker.image.auto_install", "network.overlay.mtu", "network.overlay.mtu",
                "scheduler.retries_to_skip"), items.stream().map(SettingChange::setting).toList());
        Set<Long> ids = new HashSet<>(items.stream().map(SettingChange::id).toList());
        assertEquals(4, ids.size(), "every change has an id of its own");
        assertTrue(items.get(0).id() > items.get(1).id());
        assertEquals(new SettingChange(items.get(0).id(), "docker.image.auto_install", "digest", null,
                "root@example.org", T0.plusSeconds(60)), items.get(0));
        assertEquals(new SettingChange(items.get(2).id(), "network.overlay.mtu", null, "1500", "admin@example.org",
                T0), items.get(2));

        Page<SettingChange> second = r.settings().changes(new PageRequest(1, 2, "setting", false));
        assertEquals(4, second.total());
        assertEquals(1, second.offset());
        assertEquals(2, second.limit());
        assertEquals(items.subList(1, 3), second.items(), "the page's own sort is ignored");
        Page<SettingChange> beyond = r.settings().changes(new PageRequest(4, 2, null, false));
        assertEquals(4, beyond.total());
        assertEquals(List.of(), beyond.items());
    }
}
