package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SettingsRepository;
import io.berth.core.settings.SettingChange;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings by name and their audit trail, two fake tables. Change ids come from a sequence that, like a
 * database sequence, is not rolled back.
 */
public final class FakeSettingsRepository implements SettingsRepository {
    /** Setting values by name. */
    public static final class Values extends FakeTable<String> {
        Values(FakeUnitOfWork tx) {
            super("settings", tx);
        }
    }

    /** The audit trail, keyed by the id zero-padded so that key order is id order. */
    public static final class Changes extends FakeTable<SettingChange> {
        Changes(FakeUnitOfWork tx) {
            super("setting_changes", tx);
        }
    }

    public final Values values;
    public final Changes changes;
    private long sequence;

    public FakeSettingsRepository(FakeUnitOfWork tx) {
        this.values = new Values(tx);
        this.changes = new Changes(tx);
    }

    @Override
    public Map<String, String> all() {
        return new TreeMap<>(values.rows());
    }

    @Override
    public void put(String name, String value) {
        values.write(values.get(name) == null ? "insert" : "update", name, value);
    }

    @Override
    public void remove(String name) {
        values.write("delete", name, null);
    }

    @Override
    public void record(SettingChange c) {
        long id = ++sequence;
        changes.write("insert", String.format("%019d", id),
                new SettingChange(id, c.setting(), c.oldValue(), c.newValue(), c.changedBy(), c.changedAt()));
    }

    @Override
    public Page<SettingChange> changes(PageRequest page) {
        PageRequest plain = new PageRequest(page.offset(), page.limit(), null, false);
        return FakeTable.page(changes.all(), Comparator.comparingLong(SettingChange::id).reversed(), plain);
    }
}
