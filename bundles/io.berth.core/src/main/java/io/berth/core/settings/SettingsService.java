package io.berth.core.settings;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * SPEC Y1. Settings live in the database; superadmins change them and superadmins and monitors read
 * them. Every change is audited in the same transaction.
 */
@ProviderType
public interface SettingsService {

    /** The settings in force, for components (no caller check); cheap enough for every dispatch pass. */
    SystemSettings current();

    SystemSettings get(Caller caller);

    SystemSettings update(Caller caller, SettingsUpdate update);

    /** Audited changes, newest first. */
    Page<SettingChange> history(Caller caller, PageRequest page);
}
