package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.UnprocessableException;
import io.berth.core.error.ValidationException;
import io.berth.core.storage.FileEntry;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.VFolder;
import io.berth.core.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC S7 and clones: folder files stay inside their folder, and permissions decide who writes. */
class StorageFilesTest extends StorageFixture {

    static FolderInput wd(String name, String volume) {
        return new FolderInput(name, null, null, volume, null, "wd", null);
    }

    @Test
    void filesGoRoundTrip() throws Exception {
        VFolder folder = svc.createFolder(alice, wd("data", "vv")).folder();
        FileEntry up = svc.upload(alice, "data", "dir/sub/hello.txt", text("hello world"), false);
        assertEquals("dir/sub/hello.txt", up.path());
        assertEquals("file", up.type());
        assertEquals(11, up.size());
        assertEquals("hello world", Files.readString(dir(folder).resolve("dir/sub/hello.txt")));
        assertEquals("hello world", read(alice, folder.id(), "/dir/sub/hello.txt"));

        assertThrows(ConflictException.class, () -> put(alice, "data", "dir/sub/hello.txt", "again"));
        svc.upload(alice, "data", "dir/sub/hello.txt", text("again"), true);
        assertEquals("again", read(alice, "data", "dir/sub/hello.txt"));

        FileEntry made = svc.makeDirectory(alice, "data", "empty/inner");
        assertEquals("directory", made.type());
        List<FileEntry> rootEntries = svc.listFiles(alice, "data", "");
        assertEquals(List.of("dir", "empty"), rootEntries.stream().map(FileEntry::name).toList());
        assertEquals(List.of("dir/sub/hello.txt"), svc.listFiles(alice, "data", "dir/sub").stream()
                .map(FileEntry::path).toList());

        assertThrows(ConflictException.class, () -> svc.deleteFile(alice, "data", "dir", false));
        svc.deleteFile(alice, "data", "dir/sub/hello.txt", false);
        assertFalse(Files.exists(dir(folder).resolve("dir/sub/hello.txt")));
        svc.deleteFile(alice, "data", "empty", true);
        assertEquals(List.of("dir"), svc.listFiles(alice, "data", null).stream().map(FileEntry::name).toList());
        assertThrows(NotFoundException.class, () -> svc.download(alice, "data", "dir/sub/hello.txt"));
        assertThrows(NotFoundException.class, () -> svc.deleteFile(alice, "data", "nothing", false));
        // others do not see the folder at all
        assertThrows(NotFoundException.class, () -> svc.listFiles(carol, folder.id(), ""));
        assertThrows(NotFoundException.class, () -> svc.download(bob, folder.id(), "dir"));
    }

    @Test
    void whatTheManagerWritesIsGivenToTheContainersUser() throws Exception {
        // containers run as a non-root user; giving files away needs root, which CI and the server have
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give files to another user");
        volume("owned", QUOTA, Map.of("folder_uid", "4242", "folder_gid", "4343"));
        allowDomain("alpha", "vv", "qv", "owned");
        VFolder folder = svc.createFolder(alice, wd("mine", "owned")).folder();
        svc.upload(alice, folder.id(), "a/b/c.txt", text("x"), false);
        svc.makeDirectory(alice, folder.id(), "d/e");
        for (String p : List.of("", "a", "a/b", "a/b/c.txt", "d", "d/e")) {
            Path path = dir(folder).resolve(p);
            assertEquals(4242, Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS), p);
            assertEquals(4343, Files.getAttribute(path, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS), p);
        }
        assertThrows(ValidationException.class, () -> volume("bad-owner", QUOTA, Map.of("folder_uid", "x")));
    }

    @Test
    void pathsLeavingTheFolderAreRefused() {
        VFolder folder = svc.createFolder(alice, wd("data", "vv")).folder();
        put(alice, "data", "ok.txt", "ok");
        for (String bad : List.of("../x", "/abs/../..", "a//b", "a/./b", "..", "a\\b", "x\0y")) {
            refused(ValidationException.class, "path", () -> put(alice, "data", bad, "evil"));
            refused(ValidationException.class, "path", () -> svc.download(alice, "data", bad));
            refused(ValidationException.class, "path", () -> svc.listFiles(alice, "data", bad));
            refused(ValidationException.class, "path", () -> svc.makeDirectory(alice, "data", bad));
            refused(ValidationException.class, "path", () -> svc.deleteFile(alice, "data", bad, true));
        }
        refused(ValidationException.class, "path", () -> svc.deleteFile(alice, "data", "", true));
        refused(ValidationException.class, "path", () -> svc.download(alice, "data", "/"));
        assertFalse(Files.exists(dir(folder).getParent().resolve("x")));
        assertTrue(Files.exists(dir(folder).resolve("ok.txt")));
    }

    @Test
    void readOnlyMembersReadButDoNotWrite() throws Exception {
        VFolder shared = svc.createFolder(adminA, projectFolder("research", "shared", "vv", "ro")).folder();
        put(adminA, shared.id(), "readme.txt", "read me");
        assertEquals("read me", read(alice, "shared", "readme.txt"));
        assertEquals(1, svc.listFiles(alice, "shared", "").size());
        assertThrows(ForbiddenException.class, () -> put(alice, "shared", "new.txt", "x"));
        assertThrows(ForbiddenException.class, () -> svc.makeDirectory(alice, "shared", "d"));
        assertThrows(ForbiddenException.class, () -> svc.deleteFile(alice, "shared", "readme.txt", false));
        assertFalse(Files.exists(dir(shared).resolve("new.txt")));
        assertFalse(Files.exists(dir(shared).resolve("d")));
        assertTrue(Files.exists(dir(shared).resolve("readme.txt")));
        assertThrows(ForbiddenException.class, () -> put(mon, shared.id(), "new.txt", "x"));
        // the domain's admin manages it with wd
        svc.deleteFile(adminA, shared.id(), "readme.txt", false);
        assertFalse(Files.exists(dir(shared).resolve("readme.txt")));
    }

    @Test
    void deletingFilesNeedsTheWdPermission() {
        VFolder rw = mine(alice, "rw", "vv").folder();
        assertEquals(FolderPermission.RW, rw.permission());
        put(alice, "rw", "f.txt", "x");
        assertThrows(ForbiddenException.class, () -> svc.deleteFile(alice, "rw", "f.txt", false));
        assertTrue(Files.exists(dir(rw).resolve("f.txt")));
        VFolder shared = svc.createFolder(adminA, projectFolder("research", "shared", "vv", "rw")).folder();
        put(alice, "shared", "g.txt", "x");
        assertThrows(ForbiddenException.class, () -> svc.deleteFile(alice, "shared", "g.txt", false));
        svc.updateFolder(adminA, shared.id(), new io.berth.core.storage.FolderUpdate(null, "wd", null));
        svc.deleteFile(alice, "shared", "g.txt", false);
        assertFalse(Files.exists(dir(shared).resolve("g.txt")));
    }

    @Test
    void symbolicLinksAreNeverFollowed() throws Exception {
        VFolder folder = svc.createFolder(alice, wd("data", "vv")).folder();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(dir(folder).resolve("link"), outside);
        Files.createSymbolicLink(dir(folder).resolve("file-link"), outside.resolve("secret.txt"));

        List<FileEntry> entries = svc.listFiles(alice, "data", "");
        assertEquals(List.of("symlink", "symlink"), entries.stream().map(FileEntry::type).toList());
        refused(ValidationException.class, "path", () -> svc.download(alice, "data", "link/secret.txt"));
        refused(ValidationException.class, "path", () -> svc.download(alice, "data", "file-link"));
        refused(ValidationException.class, "path", () -> svc.listFiles(alice, "data", "link"));
        refused(ValidationException.class, "path", () -> put(alice, "data", "link/planted.txt", "x"));
        refused(ValidationException.class, "path", () -> svc.makeDirectory(alice, "data", "link/d"));
        refused(ValidationException.class, "path", () -> svc.deleteFile(alice, "data", "link/secret.txt", false));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
        assertFalse(Files.exists(outside.resolve("d")));
        assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
        // a link itself can be deleted (even recursively); what it points to stays
        svc.deleteFile(alice, "data", "link", true);
        svc.deleteFile(alice, "data", "file-link", false);
        assertFalse(Files.exists(dir(folder).resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir(folder).resolve("file-link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
        assertTrue(Files.isDirectory(outside));
        // deleting the folder leaves the target of a link alone
        svc.deleteFolder(alice, "data");
        assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
    }

    // ---------------------------------------------------------------- clone

    @Test
    void aMemberClonesOnlyCloneableProjectFolders() throws Exception {
        VFolder closed = svc.createFolder(adminA, projectFolder("research", "closed", "qv", "ro")).folder();
        Fakes.State before = f.state();
        assertThrows(ForbiddenException.class, () -> svc.cloneFolder(alice, "closed", userFolder("copy", null)));
        assertEquals("", before.diff(f.state()));

        VFolder open = svc.createFolder(adminA, new FolderInput("open", "project", "research", "qv", null, "ro",
                true)).folder();
        put(adminA, open.id(), "weights/model.bin", "0123456789");
        FolderView copy = svc.cloneFolder(alice, "open", userFolder("copy", null));
        assertEquals("copy", copy.folder().name());
        assertEquals(w.alice.id(), copy.folder().ownerId());
        assertEquals("qv", copy.folder().volume());
        assertEquals(FolderPermission.RW, copy.myPermission());
        assertEquals("0123456789", read(alice, copy.folder().id(), "weights/model.bin"));
        assertEquals("0123456789", Files.readString(dir(copy.folder()).resolve("weights/model.bin"),
                StandardCharsets.UTF_8));
        put(alice, "copy", "mine.txt", "x");
        assertFalse(Files.exists(dir(open).resolve("mine.txt")));
        // carol is no member: she does not see it
        assertThrows(NotFoundException.class, () -> svc.cloneFolder(carol, open.id(), userFolder("copy", null)));
        // the admin may clone even the closed one
        assertEquals("closed-copy", svc.cloneFolder(adminA, closed.id(), userFolder("closed-copy", null)).folder()
                .name());
    }

    @Test
    void cloningOnABackendWithoutCloneIsUnprocessable() {
        svc.createFolder(adminA, new FolderInput("open", "project", "research", "vv", null, "ro", true));
        Fakes.State before = f.state();
        UnprocessableException e = assertThrows(UnprocessableException.class, () -> svc.cloneFolder(alice, "open",
                userFolder("copy", null)));
        assertEquals(422, e.status());
        assertEquals("", before.diff(f.state()));
        assertEquals(List.of(), dirs("vv", "user", w.alice.id()));
    }
}
