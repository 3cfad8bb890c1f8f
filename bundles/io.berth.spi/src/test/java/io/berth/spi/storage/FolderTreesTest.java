package io.berth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The shared directory toolkit on a temporary directory as the volume. */
class FolderTreesTest {
    @TempDir
    Path tmp;
    Path mount;
    Path outside;
    Volume volume;
    final QuotaScope u1 = QuotaScope.user("u1");
    final FolderPath f1 = new FolderPath(u1, "f1");
    final FolderPath f2 = new FolderPath(QuotaScope.project("p1"), "f2");

    @BeforeEach
    void setUp() throws IOException {
        mount = Files.createDirectory(tmp.resolve("mount"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        volume = Volume.of("local", "test", mount.toString());
    }

    Path dir(FolderPath f) {
        return FolderTrees.folderDir(volume, mount, f);
    }

    Path create(FolderPath f) {
        Path d = dir(f);
        FolderTrees.createDirectories(volume, mount, f, d);
        return d;
    }

    @Test
    void volumesOfAnotherTypeAndBadMountPathsAreRefused() {
        FolderTrees.checkVolume(volume, "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FolderTrees.checkVolume(volume, "vfs"));
        assertTrue(e.getMessage().contains("local") && e.getMessage().contains("vfs"), e.getMessage());
        assertThrows(NullPointerException.class, () -> FolderTrees.checkVolume(null, "vfs"));
        assertEquals(mount, FolderTrees.mount(Volume.of("v", "test", mount + "/./x/..")));
        StorageException relative = assertThrows(StorageException.class,
                () -> FolderTrees.mount(Volume.of("v", "test", "relative/dir")));
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
        StorageException missing = assertThrows(StorageException.class,
                () -> FolderTrees.mount(Volume.of("gone", "test", tmp.resolve("nope").toString())));
        assertTrue(missing.getMessage().contains("gone") && missing.getMessage().contains("not a directory"),
                missing.getMessage());
    }

    @Test
    void directoriesAreStrictlyInsideTheMount() {
        assertEquals(mount.resolve("user/u1"), FolderTrees.scopeDir(volume, mount, u1));
        assertEquals(mount.resolve("user/u1/f1"), dir(f1));
        assertEquals(mount.resolve("q_u1/f1"), FolderTrees.folderDir(volume, mount, f1, "q_u1/f1"));
        for (String bad : new String[] {"", "/", "..", "../x", "a/../../x", "a/./b", "a//b", "/abs", "a/"}) {
            assertThrows(StorageException.class, () -> FolderTrees.folderDir(volume, mount, f1, bad), bad);
        }
        assertThrows(NullPointerException.class, () -> FolderTrees.folderDir(volume, mount, null));
    }

    @Test
    void createDirectoriesIsIdempotentAndExistingDirectoryTellsWhatIsThere() throws IOException {
        assertFalse(FolderTrees.existingDirectory(volume, mount, f1, dir(f1)));
        Path d = create(f1);
        Files.writeString(d.resolve("a.txt"), "hello");
        create(f1);
        assertEquals("hello", Files.readString(d.resolve("a.txt")));
        assertTrue(FolderTrees.existingDirectory(volume, mount, f1, d));
        Files.createDirectories(mount.resolve("project/p1"));
        Files.writeString(dir(f2), "a file");
        assertThrows(StorageException.class, () -> FolderTrees.existingDirectory(volume, mount, f2, dir(f2)));
        assertThrows(StorageException.class, () -> create(f2));
        assertTrue(FolderTrees.existingPath(volume, mount, f2, dir(f2)));
    }

    @Test
    void symbolicLinksOnTheWayAreRefusedAndNothingOutsideIsTouched() throws IOException {
        Files.createDirectories(mount.resolve("user"));
        Files.createSymbolicLink(mount.resolve("user/u1"), outside);
        Files.createDirectory(outside.resolve("f1"));
        assertRefused(() -> create(f1));
        assertRefused(() -> FolderTrees.existingDirectory(volume, mount, f1, dir(f1)));
        assertRefused(() -> FolderTrees.deleteFolder(volume, mount, f1, dir(f1)));
        assertRefused(() -> FolderTrees.usage(volume, mount, f1, dir(f1)));
        assertRefused(() -> FolderTrees.createDirectories(volume, mount, u1,
                FolderTrees.scopeDir(volume, mount, u1)));
        Path p = create(f2);
        assertRefused(() -> FolderTrees.clone(volume, mount, f2, p, f1, dir(f1)));
        assertRefused(() -> FolderTrees.clone(volume, mount, f1, dir(f1), new FolderPath(f2.scope(), "f3"),
                p.resolveSibling("f3")));
        assertTrue(Files.isDirectory(outside.resolve("f1")));
        assertEquals("do not touch", Files.readString(outside.resolve("secret")));

        Path linked = create(new FolderPath(f2.scope(), "linked"));
        Files.delete(linked);
        Files.createSymbolicLink(linked, outside);
        assertRefused(() -> FolderTrees.deleteFolder(volume, mount, new FolderPath(f2.scope(), "linked"), linked));
        assertTrue(Files.exists(outside.resolve("secret")));
    }

    static void assertRefused(Executable call) {
        StorageException e = assertThrows(StorageException.class, call);
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void deleteRemovesTheTreeAndLinksButNotTheirTargetsAndIsIdempotent() throws IOException {
        Path d = create(f1);
        Files.createDirectories(d.resolve("a/b"));
        Files.writeString(d.resolve("a/b/c.txt"), "x");
        Files.createSymbolicLink(d.resolve("a/out"), outside);
        Files.createSymbolicLink(d.resolve("secret"), outside.resolve("secret"));
        FolderTrees.deleteFolder(volume, mount, f1, d);
        assertFalse(Files.exists(d, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(mount.resolve("user/u1")), "the scope directory stays");
        assertEquals("do not touch", Files.readString(outside.resolve("secret")));
        FolderTrees.deleteFolder(volume, mount, f1, d);
        FolderTrees.deleteTree(volume, f1, d);
    }

    @Test
    void usageCountsFilesAndBytesWithoutFollowingLinks() throws IOException {
        Path d = create(f1);
        assertEquals(FolderUsage.EMPTY, FolderTrees.usage(volume, mount, f1, d));
        Files.createDirectories(d.resolve("sub/deeper"));
        Files.writeString(d.resolve("a"), "12345");
        Files.writeString(d.resolve("sub/deeper/b"), "123");
        Files.createSymbolicLink(d.resolve("sub/out"), outside);
        assertEquals(new FolderUsage(8, 3), FolderTrees.usage(volume, mount, f1, d));
        assertThrows(FolderNotFoundException.class, () -> FolderTrees.usage(volume, mount, f2, dir(f2)));
    }

    @Test
    void cloneCopiesFilesDirectoriesAndOnlyTheLinksThatStayInside() throws IOException {
        Path source = create(f1);
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/a.txt"), "a");
        Files.createSymbolicLink(source.resolve("inside"), Path.of("sub/a.txt"));
        Files.createSymbolicLink(source.resolve("sub/up"), Path.of("../sub"));
        Files.createSymbolicLink(source.resolve("leaves"), Path.of("../../../../outside/secret"));
        Files.createSymbolicLink(source.resolve("absolute"), outside.resolve("secret"));
        Path target = FolderTrees.scopeDir(volume, mount, f2.scope()).resolve("f2");
        Files.createDirectories(target.getParent());
        FolderTrees.clone(volume, mount, f1, source, f2, target);
        assertEquals("a", Files.readString(target.resolve("sub/a.txt")));
        assertEquals(Path.of("sub/a.txt"), Files.readSymbolicLink(target.resolve("inside")));
        assertEquals(Path.of("../sub"), Files.readSymbolicLink(target.resolve("sub/up")));
        assertFalse(Files.exists(target.resolve("leaves"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(target.resolve("absolute"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("a", Files.readString(source.resolve("sub/a.txt")), "the source stays");
    }

    @Test
    void cloneNeedsAnExistingSourceAndANewTarget() throws IOException {
        Path target = dir(f2);
        assertThrows(FolderNotFoundException.class, () -> FolderTrees.checkClone(volume, mount, f1, dir(f1), f2,
                target));
        Path source = create(f1);
        create(f2);
        assertThrows(FolderExistsException.class, () -> FolderTrees.clone(volume, mount, f1, source, f2, target));
        assertThrows(FolderExistsException.class, () -> FolderTrees.clone(volume, mount, f1, source, f1, source));
    }

    @Test
    void aFailedCloneRemovesItsPartialCopy() throws IOException {
        Path source = create(f1);
        Files.writeString(source.resolve("a.txt"), "a");
        Path target = FolderTrees.scopeDir(volume, mount, f2.scope()).resolve("f2");
        Files.createDirectories(target.getParent());
        FolderTrees.prepareClone(volume, mount, f1, source, f2, target);
        Files.writeString(target.resolve("partial"), "copied before the failure");
        Path vanished = source.resolveSibling("vanished");
        StorageException e = assertThrows(StorageException.class,
                () -> FolderTrees.fillClone(volume, f1, vanished, f2, target));
        assertTrue(e.getMessage().contains("cannot clone folder user/u1/f1 to project/p1/f2 on volume local"),
                e.getMessage());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the partial copy is removed");
        assertTrue(Files.exists(source.resolve("a.txt")));
    }

    @Test
    void ioFailuresAreDescribedByKindAndMessage() {
        assertEquals("NoSuchFile /x", FolderTrees.describe(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("IO", FolderTrees.describe(new IOException()));
    }
}
