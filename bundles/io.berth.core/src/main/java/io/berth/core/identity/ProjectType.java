package io.berth.core.identity;

import java.util.Locale;

/** SPEC R2: every domain has exactly one {@link #MODEL_STORE} project named {@code model-store}. */
public enum ProjectType {
    GENERAL, MODEL_STORE;

    public static final String MODEL_STORE_NAME = "model-store";

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ProjectType parse(String value) {
        return Role.Wire.parse(ProjectType.class, values(), value, "type");
    }
}
