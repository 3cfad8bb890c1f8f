package io.berth.core.group;

import java.util.Locale;

/** Kinds of compute session (SPEC C1); a resource group allows at least one. */
public enum SessionType {
    INTERACTIVE, BATCH, INFERENCE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
