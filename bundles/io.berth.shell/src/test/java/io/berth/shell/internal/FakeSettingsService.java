package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Settings in memory; every update is recorded and appended to the history (newest first). */
final class FakeSettingsService implements SettingsService {
    SystemSettings current = SystemSettings.DEFAULTS;
    SettingsUpdate lastUpdate;
    PageRequest lastPage;
    final List<SettingChange> history = new ArrayList<>();

    @Override
    public SystemSettings current() {
        return current;
    }

    @Override
    public SystemSettings get(Caller caller) {
        return current;
    }

    @Override
    public SystemSettings update(Caller caller, SettingsUpdate u) {
        lastUpdate = u;
        ImageInstallRule rule = current.imageAutoInstall();
        if (u.imageAutoInstall() != null) {
            try {
                rule = ImageInstallRule.valueOf(u.imageAutoInstall().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("use digest, tag or none", "image_auto_install");
            }
        }
        TreeMap<String, Integer> retries = new TreeMap<>(current.retriesToSkip());
        if (u.retriesToSkip() != null) {
            u.retriesToSkip().forEach((k, v) -> {
                if (v == null) {
                    retries.remove(k);
                } else {
                    retries.put(k, v);
                }
            });
        }
        SystemSettings next = new SystemSettings(rule,
                u.overlayNetworkMtu() != null ? u.overlayNetworkMtu() : current.overlayNetworkMtu(),
                u.defaultRetriesToSkip() != null ? u.defaultRetriesToSkip() : current.defaultRetriesToSkip(), retries);
        if (next.imageAutoInstall() != current.imageAutoInstall()) {
            history.add(0, new SettingChange(history.size() + 1, "image_auto_install",
                    current.imageAutoInstall().wire(), next.imageAutoInstall().wire(), "system", FakeIdentityService.T0));
        }
        current = next;
        return next;
    }

    @Override
    public Page<SettingChange> history(Caller caller, PageRequest page) {
        lastPage = page;
        int from = Math.min(page.offset(), history.size());
        return new Page<>(history.subList(from, Math.min(history.size(), from + page.limit())), history.size(),
                page.offset(), page.limit());
    }
}
