package io.berth.storage.cephfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.storage.FolderTrees;
import io.berth.spi.storage.testing.RecordingCommandRunner;
import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cephfs backend with a recording command runner: directories are real (a temporary directory
 * is the mount path), the setfattr and getfattr calls on the CephFS attributes are checked
 * argument by argument and answered with canned output.
 */
class CephFsStorageBackendRecordedXattrsTest {
    static final String SETFATTR = "/usr/bin/setfattr";
    static final String GETFATTR = "/usr/bin/getfattr";

    @TempDir
    Path tmp;
    Path mount;
    Volume volume;
    final RecordingCommandRunner runner = new RecordingCommandRunner();
    final CephFsStorageBackend ceph = new CephFsStorageBackend(runner);
    final QuotaScope u1 = QuotaScope.user("u1");
    final QuotaScope p1 = QuotaScope.project("p1");
    final FolderPath f1 = new FolderPath(u1, "f1");
    final FolderPath f2 = new FolderPath(p1, "f2");

    @BeforeEach
    void setUp() throws IOException {
        mount = Files.createDirectory(tmp.resolve("cephfs"));
        volume = new Volume("shared", "cephfs", mount.toString(), Map.of("setfattr", SETFATTR, "getfattr", GETFATTR));
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runner.assertDone();
    }

    String dir(String relative) {
        return mount.resolve(relative).toString();
    }

    List<String> set(String relative, long bytes) {
        return List.of(SETFATTR, "-h", "-n", "ceph.quota.max_bytes", "-v", Long.toString(bytes), dir(relative));
    }

    List<String> get(String relative, String name) {
        return List.of(GETFATTR, "-h", "--only-values", "--absolute-names", "-n", name, dir(relative));
    }

    String noSuchAttribute(String relative, String name) {
        return dir(relative) + ": " + name + ": No such attribute\n";
    }

    @Test
    void capabilitiesAreQuotaUsageAndClone() {
        assertEquals(Set.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE), ceph.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> ceph.capabilities().clear());
    }

    @Test
    void createQuotaScopeMakesTheDirectoryAndSetsMaxBytes() throws IOException {
        runner.expectOk(set("user/u1", 1L << 30));
        ceph.createQuotaScope(volume, u1, 1L << 30);
        assertTrue(Files.isDirectory(mount.resolve("user/u1")));
        assertEquals(List.of(Duration.ofSeconds(CephFsStorageBackend.DEFAULT_TIMEOUT_SECONDS)), runner.timeouts);
        Files.createDirectories(mount.resolve("user/u1/f1"));
        Files.writeString(mount.resolve("user/u1/f1/a.txt"), "keep");
        runner.expectOk(set("user/u1", 0));
        ceph.createQuotaScope(volume, u1, QuotaUsage.NO_LIMIT);
        assertEquals("keep", Files.readString(mount.resolve("user/u1/f1/a.txt")));
    }

    @Test
    void setQuotaCreatesAMissingScopeAndChangesTheLimit() {
        runner.expectOk(set("project/p1", 5_000_000)).expectOk(set("project/p1", 7_000_000));
        ceph.setQuota(volume, p1, 5_000_000);
        assertTrue(Files.isDirectory(mount.resolve("project/p1")));
        ceph.setQuota(volume, p1, 7_000_000);
    }

    @Test
    void unsetQuotaWritesZeroAndIgnoresMissingScopes() {
        ceph.unsetQuota(volume, u1);
        assertFalse(Files.exists(mount.resolve("user/u1")));
        runner.expectOk(set("user/u1", 100)).expectOk(set("user/u1", 0));
        ceph.setQuota(volume, u1, 100);
        ceph.unsetQuota(volume, u1);
    }

    @Test
    void describeReadsMaxBytesAndRecursiveBytes() {
        assertEquals(Optional.empty(), ceph.describeQuotaScope(volume, u1));
        runner.expectOk(set("user/u1", 1L << 30));
        ceph.createQuotaScope(volume, u1, 1L << 30);
        runner.expect(get("user/u1", "ceph.quota.max_bytes"), 0, "1073741824", "")
                .expect(get("user/u1", "ceph.dir.rbytes"), 0, "524288", "");
        assertEquals(Optional.of(new QuotaUsage(u1, 524288, 1L << 30)), ceph.describeQuotaScope(volume, u1));
    }

    @Test
    void aMissingOrZeroMaxBytesMeansNoLimit() throws IOException {
        Files.createDirectories(mount.resolve("user/u1"));
        runner.expect(get("user/u1", "ceph.quota.max_bytes"), 1, "",
                        noSuchAttribute("user/u1", "ceph.quota.max_bytes"))
                .expect(get("user/u1", "ceph.dir.rbytes"), 0, "42\n", "");
        QuotaUsage usage = ceph.describeQuotaScope(volume, u1).orElseThrow();
        assertEquals(new QuotaUsage(u1, 42, QuotaUsage.NO_LIMIT), usage);
        assertFalse(usage.hasLimit());
        runner.expect(get("user/u1", "ceph.quota.max_bytes"), 0, "0", "")
                .expect(get("user/u1", "ceph.dir.rbytes"), 0, "0", "");
        assertEquals(Optional.of(new QuotaUsage(u1, 0, QuotaUsage.NO_LIMIT)), ceph.describeQuotaScope(volume, u1));
    }

    @Test
    void usageReadsRecursiveBytesAndFilesOfTheFolder() throws IOException {
        ceph.createFolder(volume, f1);
        assertTrue(Files.isDirectory(mount.resolve("user/u1/f1")));
        runner.expect(get("user/u1/f1", "ceph.dir.rbytes"), 0, "123", "")
                .expect(get("user/u1/f1", "ceph.dir.rfiles"), 0, "4", "");
        assertEquals(new FolderUsage(123, 4), ceph.usage(volume, f1));
        assertThrows(FolderNotFoundException.class, () -> ceph.usage(volume, f2));
    }

    @Test
    void aDirectoryWithoutRecursiveStatisticsIsNotOnCephFs() throws IOException {
        ceph.createFolder(volume, f1);
        runner.expect(get("user/u1/f1", "ceph.dir.rbytes"), 1, "", noSuchAttribute("user/u1/f1", "ceph.dir.rbytes"));
        StorageException e = assertThrows(StorageException.class, () -> ceph.usage(volume, f1));
        assertTrue(e.getMessage().contains("has no attribute ceph.dir.rbytes") && e.getMessage().contains("shared")
                && e.getMessage().contains("user/u1/f1"), e.getMessage());
    }

    @Test
    void failuresQuoteTheCommandAndItsErrorOutput() throws IOException {
        runner.expect(set("user/u1", 10), 1, "", "setfattr: " + dir("user/u1") + ": Operation not supported\n");
        StorageException e = assertThrows(StorageException.class, () -> ceph.setQuota(volume, u1, 10));
        assertTrue(e.getMessage().contains("shared") && e.getMessage().contains("user:u1")
                && e.getMessage().contains("exited with status 1")
                && e.getMessage().contains("Operation not supported")
                && e.getMessage().contains(String.join(" ", set("user/u1", 10))), e.getMessage());

        runner.expect(get("user/u1", "ceph.quota.max_bytes"), 1, "",
                dir("user/u1") + ": ceph.quota.max_bytes: Permission denied\n");
        e = assertThrows(StorageException.class, () -> ceph.describeQuotaScope(volume, u1));
        assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());

        runner.expect(get("user/u1", "ceph.quota.max_bytes"), 0, "lots", "");
        e = assertThrows(StorageException.class, () -> ceph.describeQuotaScope(volume, u1));
        assertTrue(e.getMessage().contains("not a non-negative decimal number"), e.getMessage());

        runner.expectFailure(set("user/u1", 0), new IOException("timed out after 60 s"));
        e = assertThrows(StorageException.class, () -> ceph.unsetQuota(volume, u1));
        assertTrue(e.getMessage().contains("timed out after 60 s") && e.getCause() instanceof IOException,
                e.getMessage());
    }

    @Test
    void optionsChooseTheExecutablesAndTheTimeout() {
        Volume v = new Volume("shared", "cephfs", mount.toString(), Map.of("command_timeout_seconds", "9"));
        runner.expectOk(List.of("setfattr", "-h", "-n", "ceph.quota.max_bytes", "-v", "1", dir("user/u1")));
        ceph.setQuota(v, u1, 1);
        assertEquals(List.of(Duration.ofSeconds(9)), runner.timeouts);
        for (String bad : new String[] {"0", "x", "100000"}) {
            Volume badVolume = new Volume("shared", "cephfs", mount.toString(), Map.of("command_timeout_seconds", bad));
            assertThrows(StorageException.class, () -> ceph.setQuota(badVolume, p1, 1));
        }
        assertThrows(StorageException.class, () -> ceph.setQuota(
                new Volume("shared", "cephfs", mount.toString(), Map.of("setfattr", " ")), p1, 1));
        assertFalse(Files.exists(mount.resolve("project")));
    }

    @Test
    void foldersAreDirectoriesCreatedDeletedAndClonedWithoutCommands() throws IOException {
        ceph.createFolder(volume, f1);
        Path d = mount.resolve("user/u1/f1");
        Files.writeString(d.resolve("a.txt"), "A");
        Files.createDirectories(d.resolve("sub"));
        Files.createSymbolicLink(d.resolve("sub/to-a"), Path.of("../a.txt"));
        Files.createSymbolicLink(d.resolve("out"), tmp);
        ceph.createFolder(volume, f1);
        assertEquals("A", Files.readString(d.resolve("a.txt")));
        ceph.cloneFolder(volume, f1, f2);
        Path c = mount.resolve("project/p1/f2");
        assertEquals("A", Files.readString(c.resolve("a.txt")));
        assertEquals(Path.of("../a.txt"), Files.readSymbolicLink(c.resolve("sub/to-a")));
        assertFalse(Files.exists(c.resolve("out"), LinkOption.NOFOLLOW_LINKS));
        assertThrows(FolderExistsException.class, () -> ceph.cloneFolder(volume, f1, f2));
        assertThrows(FolderNotFoundException.class,
                () -> ceph.cloneFolder(volume, new FolderPath(u1, "missing"), new FolderPath(p1, "x")));
        ceph.deleteFolder(volume, f1);
        assertFalse(Files.exists(d, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(mount.resolve("user/u1")), "the scope stays");
        assertTrue(Files.isDirectory(tmp.resolve("cephfs")), "the link's target stays");
        ceph.deleteFolder(volume, f1);
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void aFailedCopyRemovesThePartialClone() throws IOException {
        Path target = Files.createDirectories(mount.resolve("project/p1/f2"));
        Files.writeString(target.resolve("partial.txt"), "half");
        StorageException e = assertThrows(StorageException.class,
                () -> FolderTrees.fillClone(volume, f1, mount.resolve("user/u1/f1"), f2, target));
        assertTrue(e.getMessage().contains("cannot clone folder user/u1/f1 to project/p1/f2 on volume shared"),
                e.getMessage());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void scopesBehindSymbolicLinksAreRefusedBeforeAnyCommand() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectories(mount.resolve("user"));
        Files.createSymbolicLink(mount.resolve("user/u1"), outside);
        Files.createDirectories(mount.resolve("project/p1/x"));
        for (Executable call : new Executable[] {
                () -> ceph.createFolder(volume, f1),
                () -> ceph.createQuotaScope(volume, u1, 1),
                () -> ceph.setQuota(volume, u1, 1),
                () -> ceph.unsetQuota(volume, u1),
                () -> ceph.describeQuotaScope(volume, u1),
                () -> ceph.usage(volume, f1),
                () -> ceph.deleteFolder(volume, f1),
                () -> ceph.cloneFolder(volume, new FolderPath(p1, "x"), f1)}) {
            StorageException e = assertThrows(StorageException.class, call);
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        try (var entries = Files.list(outside)) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void argumentsAndVolumesAreCheckedBeforeAnything() {
        Volume other = new Volume("v", "xfs", mount.toString(), Map.of());
        for (Executable call : new Executable[] {
                () -> ceph.createFolder(other, f1),
                () -> ceph.deleteFolder(other, f1),
                () -> ceph.cloneFolder(other, f1, f2),
                () -> ceph.usage(other, f1),
                () -> ceph.createQuotaScope(other, u1, 1),
                () -> ceph.describeQuotaScope(other, u1),
                () -> ceph.setQuota(other, u1, 1),
                () -> ceph.unsetQuota(other, u1),
                () -> ceph.createQuotaScope(volume, u1, -1),
                () -> ceph.setQuota(volume, u1, 0),
                () -> ceph.setQuota(volume, u1, -5)}) {
            assertThrows(IllegalArgumentException.class, call);
        }
        assertThrows(NullPointerException.class, () -> ceph.createFolder(volume, null));
        assertThrows(NullPointerException.class, () -> ceph.setQuota(null, u1, 1));
        assertThrows(NullPointerException.class, () -> ceph.describeQuotaScope(volume, null));
        StorageException relative = assertThrows(StorageException.class,
                () -> ceph.createFolder(Volume.of("rel", "cephfs", "relative/dir"), f1));
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
        StorageException missing = assertThrows(StorageException.class,
                () -> ceph.setQuota(Volume.of("gone", "cephfs", tmp.resolve("nope").toString()), u1, 1));
        assertTrue(missing.getMessage().contains("gone") && missing.getMessage().contains("not a directory"),
                missing.getMessage());
        assertFalse(Files.exists(mount.resolve("user")));
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void theRealToolsOnAFileSystemWithoutCephAttributesReportAClearError() throws IOException {
        if (!Files.isExecutable(Path.of(SETFATTR)) || !Files.isExecutable(Path.of(GETFATTR))) {
            return; // the attr package is not installed here
        }
        CephFsStorageBackend real = new CephFsStorageBackend();
        StorageException set = assertThrows(StorageException.class, () -> real.setQuota(volume, u1, 1 << 20));
        assertTrue(set.getMessage().contains("Operation not supported") && set.getMessage().contains("user:u1"),
                set.getMessage());
        StorageException describe = assertThrows(StorageException.class, () -> real.describeQuotaScope(volume, u1));
        assertTrue(describe.getMessage().contains("ceph.quota.max_bytes") || describe.getMessage().contains("ceph.dir"),
                describe.getMessage());
    }
}
