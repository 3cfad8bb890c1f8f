package io.berth.core.repo;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.settings.SettingChange;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Settings as text by dotted name, and their audit trail. */
@ConsumerType
public interface SettingsRepository {
    /** Every stored setting; names not stored take their defaults. */
    Map<String, String> all();

    /** Inserts or replaces one setting. */
    void put(String name, String value);

    void remove(String name);

    /** Appends a change; its {@code id} is assigned by the store (the given one is ignored). */
    void record(SettingChange change);

    /** Changes newest first; the page's sort is ignored. */
    Page<SettingChange> changes(PageRequest page);
}
