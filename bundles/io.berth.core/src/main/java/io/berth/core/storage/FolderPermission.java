package io.berth.core.storage;

import io.berth.core.identity.Role;
import java.util.Locale;

/**
 * SPEC S2: {@code ro} reads (list, download, read-only mount); {@code rw} also writes (upload, make
 * directories, read-write mount); {@code wd} also deletes files.
 */
public enum FolderPermission {
    RO, RW, WD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canWrite() {
        return this != RO;
    }

    public boolean canDelete() {
        return this == WD;
    }

    public static FolderPermission parse(String value, String field) {
        return Role.Wire.parse(FolderPermission.class, values(), value, field);
    }
}
