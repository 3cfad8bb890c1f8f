package io.berth.storage.vfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.MissingCapabilityException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The vfs backend on a temporary directory: plain directories, usage, clone, no symlink escapes, no quotas. */
class VfsStorageBackendTest {

    @TempDir
    Path tmp;
    Path mount;
    Path outside;
    Volume volume;
    final VfsStorageBackend vfs = new VfsStorageBackend();
    final FolderPath f1 = new FolderPath(QuotaScope.user("u1"), "f1");
    final FolderPath f2 = new FolderPath(QuotaScope.project("p1"), "f2");

    @BeforeEach
    void setUp() throws IOException {
        mount = Files.createDirectory(tmp.resolve("mount"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        volume = Volume.of("local", "vfs", mount.toString());
    }

    Path dir(FolderPath f) {
        return mount.resolve(f.relativePath());
    }

    @Test
    void capabilitiesAreUsageAndClone() {
        assertEquals(Set.of(Capability.USAGE, Capability.CLONE), vfs.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> vfs.capabilities().add(Capability.QUOTA));
    }

    @Test
    void createIsIdempotentAndKeepsContents() throws IOException {
        vfs.createFolder(volume, f1);
        assertTrue(Files.isDirectory(mount.resolve("user/u1/f1")));
        Files.writeString(dir(f1).resolve("a.txt"), "hello");
        vfs.createFolder(volume, f1);
        assertEquals("hello", Files.readString(dir(f1).resolve("a.txt")));
    }

    @Test
    void deleteIsRecursiveAndIdempotent() throws IOException {
        vfs.deleteFolder(volume, f1); // missing: fine
        vfs.createFolder(volume, f1);
        Files.createDirectories(dir(f1).resolve("a/b"));
        Files.writeString(dir(f1).resolve("a/b/c.txt"), "x");
        vfs.deleteFolder(volume, f1);
        assertFalse(Files.exists(dir(f1)));
        assertTrue(Files.isDirectory(mount.resolve("user/u1")), "the scope directory stays");
        vfs.deleteFolder(volume, f1);
    }

    @Test
    void deleteRemovesLinksButNotTheirTargets() throws IOException {
        vfs.createFolder(volume, f1);
        Files.createSymbolicLink(dir(f1).resolve("out-dir"), outside);
        Files.createSymbolicLink(dir(f1).resolve("out-file"), outside.resolve("secret"));
        vfs.deleteFolder(volume, f1);
        assertFalse(Files.exists(dir(f1), LinkOption.NOFOLLOW_LINKS));
        assertEquals("do not touch", Files.readString(outside.resolve("secret")));
    }

    @Test
    void usageCountsFilesAndBytesWithoutFollowingLinks() throws IOException {
        vfs.createFolder(volume, f1);
        assertEquals(FolderUsage.EMPTY, vfs.usage(volume, f1));
        Files.createDirectories(dir(f1).resolve("sub/deeper"));
        Files.write(dir(f1).resolve("a.bin"), new byte[100]);
        Files.write(dir(f1).resolve("sub/deeper/b.bin"), new byte[23]);
        Files.write(outside.resolve("big"), new byte[10_000]);
        Files.createSymbolicLink(dir(f1).resolve("link-out"), outside);
        Files.createSymbolicLink(dir(f1).resolve("link-big"), outside.resolve("big"));
        assertEquals(new FolderUsage(123, 4), vfs.usage(volume, f1));
        assertThrows(FolderNotFoundException.class, () -> vfs.usage(volume, f2));
    }

    @Test
    void cloneCopiesTheTree() throws IOException {
        vfs.createFolder(volume, f1);
        Files.createDirectories(dir(f1).resolve("sub/empty"));
        Files.writeString(dir(f1).resolve("a.txt"), "A");
        Files.writeString(dir(f1).resolve("sub/b.txt"), "B");
        Files.createSymbolicLink(dir(f1).resolve("sub/to-a"), Path.of("../a.txt"));
        vfs.cloneFolder(volume, f1, f2);
        Path c = dir(f2);
        assertEquals("A", Files.readString(c.resolve("a.txt")));
        assertEquals("B", Files.readString(c.resolve("sub/b.txt")));
        assertTrue(Files.isDirectory(c.resolve("sub/empty")));
        assertEquals(Path.of("../a.txt"), Files.readSymbolicLink(c.resolve("sub/to-a")));
        assertEquals(vfs.usage(volume, f1), vfs.usage(volume, f2));
        Files.writeString(c.resolve("a.txt"), "changed");
        assertEquals("A", Files.readString(dir(f1).resolve("a.txt")), "the clone is a copy");
    }

    @Test
    void cloneLeavesOutLinksThatLeadOut() throws IOException {
        vfs.createFolder(volume, f1);
        Files.createSymbolicLink(dir(f1).resolve("abs"), outside.resolve("secret"));
        Files.createSymbolicLink(dir(f1).resolve("rel-out"), Path.of("../../../../outside/secret"));
        Files.createSymbolicLink(dir(f1).resolve("dir-out"), outside);
        vfs.cloneFolder(volume, f1, f2);
        try (var entries = Files.list(dir(f2))) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void cloneNeedsAnExistingSourceAndANewTarget() {
        assertThrows(FolderNotFoundException.class, () -> vfs.cloneFolder(volume, f1, f2));
        assertFalse(Files.exists(dir(f2)));
        vfs.createFolder(volume, f1);
        vfs.createFolder(volume, f2);
        assertThrows(FolderExistsException.class, () -> vfs.cloneFolder(volume, f1, f2));
        assertThrows(FolderExistsException.class, () -> vfs.cloneFolder(volume, f1, f1));
    }

    @Test
    void foldersBehindSymlinksAreRefused() throws IOException {
        Files.createDirectories(mount.resolve("user"));
        Files.createSymbolicLink(mount.resolve("user/u1"), outside);
        assertRefused(() -> vfs.createFolder(volume, f1));
        assertFalse(Files.exists(outside.resolve("f1")));
        Files.createDirectory(outside.resolve("f1"));
        Files.writeString(outside.resolve("f1/keep"), "x");
        assertRefused(() -> vfs.deleteFolder(volume, f1));
        assertRefused(() -> vfs.usage(volume, f1));
        assertRefused(() -> vfs.cloneFolder(volume, f1, f2));
        assertTrue(Files.exists(outside.resolve("f1/keep")));

        Files.createDirectories(mount.resolve("project/p1"));
        Files.createSymbolicLink(dir(f2), outside);
        assertRefused(() -> vfs.deleteFolder(volume, f2));
        assertRefused(() -> vfs.usage(volume, f2));
        assertTrue(Files.exists(outside.resolve("secret")));
    }

    static void assertRefused(Executable call) {
        StorageException e = assertThrows(StorageException.class, call);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aFileInPlaceOfTheFolderIsAnError() throws IOException {
        Files.createDirectories(mount.resolve("user/u1"));
        Files.writeString(dir(f1), "not a directory");
        assertThrows(StorageException.class, () -> vfs.createFolder(volume, f1));
        assertThrows(StorageException.class, () -> vfs.deleteFolder(volume, f1));
        assertTrue(Files.isRegularFile(dir(f1)));
    }

    @Test
    void quotaCallsAreRefused() {
        QuotaScope s = QuotaScope.user("u1");
        for (Executable call : new Executable[] {
                () -> vfs.createQuotaScope(volume, s, 1L << 30),
                () -> vfs.describeQuotaScope(volume, s),
                () -> vfs.setQuota(volume, s, 1L << 30),
                () -> vfs.unsetQuota(volume, s)}) {
            MissingCapabilityException e = assertThrows(MissingCapabilityException.class, call);
            assertEquals(Capability.QUOTA, e.capability());
            assertEquals("vfs", e.backend());
        }
    }

    @Test
    void theVolumeMustBeAVfsVolumeWithAnExistingAbsoluteMountPath() {
        assertThrows(IllegalArgumentException.class,
                () -> vfs.createFolder(Volume.of("x", "xfs", mount.toString()), f1));
        StorageException missing = assertThrows(StorageException.class,
                () -> vfs.createFolder(Volume.of("gone", "vfs", tmp.resolve("nope").toString()), f1));
        assertTrue(missing.getMessage().contains("gone") && missing.getMessage().contains("not a directory"),
                missing.getMessage());
        assertFalse(Files.exists(tmp.resolve("nope")));
        assertThrows(StorageException.class, () -> vfs.createFolder(Volume.of("rel", "vfs", "relative/dir"), f1));
        assertThrows(NullPointerException.class, () -> vfs.createFolder(volume, null));
        assertThrows(NullPointerException.class, () -> vfs.createFolder(null, f1));
    }

    @Test
    void aMountPathWithDotsStaysTheRoot() throws IOException {
        Volume dotted = Volume.of("local", "vfs", mount.resolve("../mount/.").toString());
        vfs.createFolder(dotted, f1);
        assertTrue(Files.isDirectory(dir(f1)));
    }
}
