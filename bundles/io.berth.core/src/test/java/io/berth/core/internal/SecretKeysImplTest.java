package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysImplTest {
    @TempDir
    Path dir;

    @Test
    void aKeyIsCreatedOnceOwnerOnlyAndTheSameAfterARestart() throws Exception {
        byte[] first = new SecretKeysImpl(dir).key("auth.totp", 32);
        assertEquals(32, first.length);
        assertArrayEquals(first, new SecretKeysImpl(dir).key("auth.totp", 32), "a new instance reads the same key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth.totp"))));
        assertFalse(Arrays.equals(first, new SecretKeysImpl(dir).key("other", 32)), "names have their own keys");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left");
        }
    }

    @Test
    void namesAndLengthsAreChecked() {
        SecretKeysImpl keys = new SecretKeysImpl(dir);
        for (String bad : new String[] {null, "", "../x", "a/b", "Upper", ".hidden", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> keys.key(bad, 32), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> keys.key("k", 15));
        assertThrows(IllegalArgumentException.class, () -> keys.key("k", 65));
        keys.key("k", 32);
        assertThrows(IllegalArgumentException.class, () -> keys.key("k", 16), "the key exists with 32 bytes");
    }
}
