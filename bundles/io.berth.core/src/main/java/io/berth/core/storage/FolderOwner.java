package io.berth.core.storage;

import io.berth.core.identity.Role;
import java.util.Locale;

/** SPEC S2: whether a virtual folder belongs to a user or to a project. */
public enum FolderOwner {
    USER, PROJECT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FolderOwner parse(String value, String field) {
        return Role.Wire.parse(FolderOwner.class, values(), value, field);
    }
}
