package io.berth.core.storage;

import io.berth.core.identity.Role;
import java.util.Locale;

/** SPEC S2: what a folder is for; {@link #MODEL} folders of the model-store project are model cards (S6). */
public enum UsageMode {
    GENERAL, MODEL, DATA;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UsageMode parse(String value, String field) {
        return Role.Wire.parse(UsageMode.class, values(), value, field);
    }
}
