package io.berth.core.settings;

import java.util.Locale;

/** How agents decide to pull an image again (SPEC Y1). */
public enum ImageInstallRule {
    /** Pull when the registry's digest differs from the local image's. */
    DIGEST,
    /** Pull when no local image has the tag (tags do not guarantee integrity: development only). */
    TAG,
    /** Never pull automatically. */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
