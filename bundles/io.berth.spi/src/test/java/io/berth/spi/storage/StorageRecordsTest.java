package io.berth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of the storage records: ids are always one safe path component. */
class StorageRecordsTest {

    @Test
    void folderPathIsKindScopeFolder() {
        FolderPath p = new FolderPath(QuotaScope.user("7d0c5e4a-1b2c-4d5e-8f90-0123456789ab"), "f1");
        assertEquals("user/7d0c5e4a-1b2c-4d5e-8f90-0123456789ab/f1", p.relativePath());
        assertEquals("project/p_1/data.v2", new FolderPath(QuotaScope.project("p_1"), "data.v2").relativePath());
        assertEquals("project/p_1", QuotaScope.project("p_1").relativePath());
        assertEquals("user:u1", QuotaScope.user("u1").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "a..b", "../x", "a/b", "a\\b", "/abs", ".hidden", "-x", "_x",
            "a b", "a\0b", "a\nb", "é", "a:b"})
    void unsafeIdsAreRefused(String id) {
        assertThrows(IllegalArgumentException.class, () -> QuotaScope.user(id));
        assertThrows(IllegalArgumentException.class, () -> QuotaScope.project(id));
        assertThrows(IllegalArgumentException.class, () -> new FolderPath(QuotaScope.user("u"), id));
    }

    @Test
    void idLengthIsLimited() {
        assertEquals(128, QuotaScope.user("a".repeat(128)).id().length());
        assertThrows(IllegalArgumentException.class, () -> QuotaScope.user("a".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> new FolderPath(QuotaScope.user("u"), "b".repeat(129)));
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> new QuotaScope(null, "u"));
        assertThrows(NullPointerException.class, () -> QuotaScope.user(null));
        assertThrows(NullPointerException.class, () -> new FolderPath(null, "f"));
        assertThrows(NullPointerException.class, () -> new FolderPath(QuotaScope.user("u"), null));
        assertThrows(NullPointerException.class, () -> new Volume("v", "vfs", "/m", null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class, () -> new Volume("v", "vfs", "/m", nullValue));
    }

    @Test
    void volumeCopiesAndSortsItsOptions() {
        Map<String, String> opts = new HashMap<>(Map.of("z", "1", "a", "2"));
        Volume v = new Volume("local", "vfs", "/srv/berth", opts);
        opts.put("late", "x");
        assertEquals(List.of("a", "z"), new ArrayList<>(v.options().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> v.options().put("b", "c"));
        assertEquals(Path.of("/srv/berth"), v.mount());
        assertEquals(Map.of(), Volume.of("local", "vfs", "/srv").options());
    }

    @Test
    void volumeRejectsBadComponents() {
        assertThrows(IllegalArgumentException.class, () -> Volume.of("", "vfs", "/m"));
        assertThrows(IllegalArgumentException.class, () -> Volume.of("a/b", "vfs", "/m"));
        assertThrows(IllegalArgumentException.class, () -> Volume.of("v", "VFS", "/m"));
        assertThrows(IllegalArgumentException.class, () -> Volume.of("v", "", "/m"));
        assertThrows(IllegalArgumentException.class, () -> Volume.of("v", "vfs", " "));
        assertThrows(IllegalArgumentException.class, () -> Volume.of("v", "vfs", "/m\0x"));
    }

    @Test
    void usageFiguresAreNonNegative() {
        assertEquals(new FolderUsage(0, 0), FolderUsage.EMPTY);
        assertThrows(IllegalArgumentException.class, () -> new FolderUsage(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FolderUsage(0, -1));
        QuotaScope s = QuotaScope.project("p");
        assertFalse(new QuotaUsage(s, 10, QuotaUsage.NO_LIMIT).hasLimit());
        assertTrue(new QuotaUsage(s, 10, 1L << 30).hasLimit());
        assertThrows(IllegalArgumentException.class, () -> new QuotaUsage(s, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuotaUsage(s, 0, -1));
        assertThrows(NullPointerException.class, () -> new QuotaUsage(null, 0, 0));
    }

    @Test
    void exceptionsNameWhatFailed() {
        MissingCapabilityException e = new MissingCapabilityException("vfs", Capability.QUOTA);
        assertEquals(Capability.QUOTA, e.capability());
        assertEquals("vfs", e.backend());
        assertTrue(e.getMessage().contains("vfs") && e.getMessage().contains("QUOTA"), e.getMessage());
        FolderPath f = new FolderPath(QuotaScope.user("u"), "f");
        StorageException missing = new FolderNotFoundException("local", f);
        assertTrue(missing.getMessage().contains("user/u/f") && missing.getMessage().contains("local"));
        assertTrue(new FolderExistsException("local", f).getMessage().contains("exists"));
    }
}
