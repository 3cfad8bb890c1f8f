package io.berth.core.settings;

import java.time.Instant;

/** One audited change of one setting: who, when, old → new ({@code null} when absent). */
public record SettingChange(long id, String setting, String oldValue, String newValue, String changedBy,
        Instant changedAt) {
}
