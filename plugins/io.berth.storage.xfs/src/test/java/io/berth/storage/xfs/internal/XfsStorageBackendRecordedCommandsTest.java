package io.berth.storage.xfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.storage.CommandRunner;
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
import java.util.ArrayList;
import java.util.HashMap;
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
 * The xfs backend with a recording command runner: directories are real (a temporary directory is
 * the mount path), the xfs_quota commands are checked argument by argument and answered with
 * canned output.
 */
class XfsStorageBackendRecordedCommandsTest {
    static final String XFS_QUOTA = "/usr/sbin/xfs_quota";

    @TempDir
    Path tmp;
    Path mount;
    Path etc;
    Path projects;
    Path projid;
    Volume volume;
    final RecordingCommandRunner runner = new RecordingCommandRunner();
    final XfsStorageBackend xfs = new XfsStorageBackend(runner);
    final QuotaScope u1 = QuotaScope.user("u1");
    final QuotaScope p1 = QuotaScope.project("p1");
    final FolderPath f1 = new FolderPath(u1, "f1");
    final FolderPath f2 = new FolderPath(p1, "f2");

    @BeforeEach
    void setUp() throws IOException {
        mount = Files.createDirectory(tmp.resolve("mount"));
        etc = Files.createDirectory(tmp.resolve("etc"));
        projects = etc.resolve("projects");
        projid = etc.resolve("projid");
        volume = volume(Map.of());
    }

    Volume volume(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("projects_file", projects.toString(),
                "projid_file", projid.toString(), "xfs_quota", XFS_QUOTA));
        options.putAll(extra);
        return new Volume("fast", "xfs", mount.toString(), options);
    }

    @AfterEach
    void allExpectedCommandsRan() {
        runner.assertDone();
    }

    List<String> xfsQuota(String command) {
        return List.of(XFS_QUOTA, "-x", "-D", projects.toString(), "-P", projid.toString(), "-c", command,
                mount.toString());
    }

    String dir(QuotaScope s) {
        return mount.resolve(s.relativePath()).toString();
    }

    @Test
    void capabilitiesAreQuotaUsageAndClone() {
        assertEquals(Set.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE), xfs.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> xfs.capabilities().remove(Capability.QUOTA));
    }

    @Test
    void createQuotaScopeRegistersTheProjectSetsUpItsTreeAndSetsTheLimit() throws IOException {
        Files.writeString(projid, "# site projects\nlogfiles:42\nscratch:1500");
        Files.writeString(projects, "42:/var/log\n1500:/scratch\n");
        runner.expectOk(xfsQuota("project -s berth-user-u1"))
                .expectOk(xfsQuota("limit -p bhard=1073741824 berth-user-u1"));
        xfs.createQuotaScope(volume, u1, 1L << 30);
        assertTrue(Files.isDirectory(mount.resolve("user/u1")));
        assertEquals("# site projects\nlogfiles:42\nscratch:1500\nberth-user-u1:1501\n", Files.readString(projid));
        assertEquals("42:/var/log\n1500:/scratch\n1501:" + dir(u1) + "\n", Files.readString(projects));
        assertEquals(Duration.ofSeconds(XfsStorageBackend.DEFAULT_TIMEOUT_SECONDS), runner.timeouts.get(0));
    }

    @Test
    void createQuotaScopeAgainKeepsTheProjectAndFoldersAndSetsTheNewLimit() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1")).expectOk(xfsQuota("limit -p bhard=0 berth-user-u1"));
        xfs.createQuotaScope(volume, u1, QuotaUsage.NO_LIMIT);
        Files.createDirectories(mount.resolve("user/u1/f1"));
        Files.writeString(mount.resolve("user/u1/f1/a.txt"), "keep");
        String projidBefore = Files.readString(projid);
        String projectsBefore = Files.readString(projects);
        runner.expectOk(xfsQuota("project -s berth-user-u1")).expectOk(xfsQuota("limit -p bhard=4096 berth-user-u1"));
        xfs.createQuotaScope(volume, u1, 4096);
        assertEquals("keep", Files.readString(mount.resolve("user/u1/f1/a.txt")));
        assertEquals(projidBefore, Files.readString(projid));
        assertEquals(projectsBefore, Files.readString(projects));
        assertEquals("berth-user-u1:1000\n", projidBefore);
    }

    @Test
    void createFolderMakesTheScopeProjectOnDemandOnce() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        assertTrue(Files.isDirectory(mount.resolve("user/u1/f1")));
        assertEquals("1000:" + dir(u1) + "\n", Files.readString(projects));
        Files.writeString(mount.resolve("user/u1/f1/a.txt"), "hello");
        xfs.createFolder(volume, f1); // no command: the project exists
        xfs.createFolder(volume, new FolderPath(u1, "other"));
        assertEquals("hello", Files.readString(mount.resolve("user/u1/f1/a.txt")));
        runner.expectOk(xfsQuota("project -s berth-project-p1"));
        xfs.createFolder(volume, f2);
        assertEquals("berth-user-u1:1000\nberth-project-p1:1001\n", Files.readString(projid));
        assertEquals(2, runner.calls.size());
    }

    @Test
    void theProjectTreeIsSetUpBeforeTheFolderIsCreatedInIt() {
        runner.expect(xfsQuota("project -s berth-user-u1"), 0, "", "");
        CommandRunner checking = (argv, timeout) -> {
            assertFalse(Files.exists(mount.resolve("user/u1/f1")), "the folder comes after the project");
            assertTrue(Files.isDirectory(mount.resolve("user/u1")));
            return runner.run(argv, timeout);
        };
        new XfsStorageBackend(checking).createFolder(volume, f1);
        assertTrue(Files.isDirectory(mount.resolve("user/u1/f1")));
    }

    @Test
    void setQuotaCreatesAMissingScopeAndOnlySetsTheLimitOfAnExistingOne() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-project-p1"))
                .expectOk(xfsQuota("limit -p bhard=1000000 berth-project-p1"));
        xfs.setQuota(volume, p1, 1_000_000);
        runner.expectOk(xfsQuota("limit -p bhard=2000000 berth-project-p1"));
        xfs.setQuota(volume, p1, 2_000_000);
        assertTrue(Files.isDirectory(mount.resolve("project/p1")));
    }

    @Test
    void unsetQuotaRemovesTheLimitAndIgnoresMissingScopes() {
        xfs.unsetQuota(volume, u1); // no directory, no project: nothing to run
        assertFalse(Files.exists(mount.resolve("user/u1")));
        runner.expectOk(xfsQuota("project -s berth-user-u1")).expectOk(xfsQuota("limit -p bhard=5 berth-user-u1"));
        xfs.setQuota(volume, u1, 5);
        runner.expectOk(xfsQuota("limit -p bhard=0 berth-user-u1"));
        xfs.unsetQuota(volume, u1);
    }

    @Test
    void aScopeDirectoryThatIsNoProjectIsNoQuotaScope() throws IOException {
        Files.createDirectories(mount.resolve("user/u1"));
        assertEquals(Optional.empty(), xfs.describeQuotaScope(volume, u1));
        xfs.unsetQuota(volume, u1);
    }

    @Test
    void describeParsesTheReportOfTheProjectId() {
        assertEquals(Optional.empty(), xfs.describeQuotaScope(volume, u1));
        runner.expectOk(xfsQuota("project -s berth-user-u1"))
                .expectOk(xfsQuota("limit -p bhard=1073741824 berth-user-u1"));
        xfs.createQuotaScope(volume, u1, 1L << 30);
        runner.expect(xfsQuota("report -p -b -n -N -L 1000 -U 1000"), 0,
                "#1000              512          0    1048576     00 [--------]\n", "");
        assertEquals(Optional.of(new QuotaUsage(u1, 512 * 1024, 1L << 30)), xfs.describeQuotaScope(volume, u1));
    }

    @Test
    void aProjectWithoutAReportRowUsesNothingAndHasNoLimit() {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        runner.expect(xfsQuota("report -p -b -n -N -L 1000 -U 1000"), 0, "", "");
        QuotaUsage usage = xfs.describeQuotaScope(volume, u1).orElseThrow();
        assertEquals(new QuotaUsage(u1, 0, QuotaUsage.NO_LIMIT), usage);
        assertFalse(usage.hasLimit());
    }

    @Test
    void aRemovedScopeDirectoryIsAMissingScope() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        Files.delete(mount.resolve("user/u1/f1"));
        Files.delete(mount.resolve("user/u1"));
        assertEquals(Optional.empty(), xfs.describeQuotaScope(volume, u1));
    }

    @Test
    void failuresQuoteTheCommandAndItsErrorOutput() {
        runner.expect(xfsQuota("project -s berth-user-u1"), 1, "",
                "xfs_quota: cannot setup path for project berth-user-u1: Operation not permitted\n");
        StorageException e = assertThrows(StorageException.class, () -> xfs.createQuotaScope(volume, u1, 10));
        assertTrue(e.getMessage().contains("fast") && e.getMessage().contains("user:u1")
                && e.getMessage().contains("exited with status 1")
                && e.getMessage().contains("Operation not permitted")
                && e.getMessage().contains("\"project -s berth-user-u1\""), e.getMessage());

        runner.expectOk(xfsQuota("project -s berth-user-u1")).expect(xfsQuota("limit -p bhard=10 berth-user-u1"), 0,
                "", "xfs_quota: cannot set limits: Function not implemented\n");
        e = assertThrows(StorageException.class, () -> xfs.createQuotaScope(volume, u1, 10));
        assertTrue(e.getMessage().contains("status 0: xfs_quota: cannot set limits"), e.getMessage());

        runner.expectFailure(xfsQuota("limit -p bhard=10 berth-user-u1"), new IOException("timed out after 300 s"));
        e = assertThrows(StorageException.class, () -> xfs.setQuota(volume, u1, 10));
        assertTrue(e.getMessage().contains("timed out after 300 s"), e.getMessage());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void notesAboutSkippedSpecialFilesAreNoFailure() {
        runner.expect(xfsQuota("project -s berth-user-u1"), 0, "Setting up project berth-user-u1 (path "
                + dir(u1) + ")...\n", "xfs_quota: skipping special file " + dir(u1) + "/f1/fifo\n")
                .expectOk(xfsQuota("limit -p bhard=0 berth-user-u1"));
        xfs.createQuotaScope(volume, u1, 0);
    }

    @Test
    void anUnexpectedReportIsAStorageError() {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        runner.expect(xfsQuota("report -p -b -n -N -L 1000 -U 1000"), 0, "#1000 lots 0 0 00 [--------]\n", "");
        StorageException e = assertThrows(StorageException.class, () -> xfs.describeQuotaScope(volume, u1));
        assertTrue(e.getMessage().contains("unexpected xfs_quota report"), e.getMessage());
    }

    @Test
    void optionsChooseTheFirstIdTheTimeoutAndTheXfsMountPoint() throws IOException {
        Path fs = tmp.resolve("xfsroot");
        Volume v = volume(Map.of("first_project_id", "20000", "command_timeout_seconds", "7",
                "xfs_mount", fs.toString()));
        runner.expectOk(List.of(XFS_QUOTA, "-x", "-D", projects.toString(), "-P", projid.toString(), "-c",
                "project -s berth-user-u1", fs.toString()));
        xfs.createFolder(v, f1);
        assertEquals("berth-user-u1:20000\n", Files.readString(projid));
        assertEquals(List.of(Duration.ofSeconds(7)), runner.timeouts);
        assertThrows(StorageException.class, () -> xfs.createFolder(volume(Map.of("first_project_id", "0")), f2));
        assertThrows(StorageException.class, () -> xfs.createFolder(volume(Map.of("first_project_id", "x")), f2));
        assertThrows(StorageException.class, () -> xfs.createFolder(volume(Map.of("projid_file", "projid")), f2));
        assertThrows(StorageException.class, () -> xfs.createFolder(volume(Map.of("xfs_mount", "rel")), f2));
        assertFalse(Files.exists(mount.resolve("project")));
    }

    @Test
    void theDefaultFilesAreEtcProjectsAndEtcProjid() {
        Volume plain = new Volume("fast", "xfs", mount.toString(), Map.of("xfs_quota", XFS_QUOTA));
        XfsStorageBackend.Settings s = XfsStorageBackend.Settings.of(plain);
        assertEquals(Path.of("/etc/projects"), s.files().projects());
        assertEquals(Path.of("/etc/projid"), s.files().projid());
        assertEquals(1000, s.firstId());
        assertEquals(mount.toString(), s.xfsMount());
    }

    @Test
    void aDirectoryRegisteredForAnotherProjectIsRefusedWithoutCommands() throws IOException {
        Files.writeString(projid, "theirs:77\n");
        Files.writeString(projects, "77:" + dir(u1) + "\n");
        StorageException e = assertThrows(StorageException.class, () -> xfs.setQuota(volume, u1, 100));
        assertTrue(e.getMessage().contains("belongs to project 77") && e.getMessage().contains("fast"),
                e.getMessage());
        assertEquals("theirs:77\n", Files.readString(projid));
    }

    @Test
    void longScopeIdsGetAHashedProjectName() {
        QuotaScope longScope = QuotaScope.project("a".repeat(100));
        String name = XfsStorageBackend.projectName(longScope);
        assertTrue(name.startsWith("berth-project+") && name.length() == "berth-project+".length() + 32, name);
        assertTrue(name.length() <= XfsStorageBackend.MAX_PROJECT_NAME);
        assertTrue(!name.equals(XfsStorageBackend.projectName(QuotaScope.project("a".repeat(99)))));
        assertEquals("berth-project-7d0c5f3e-0d5b-4f1c-9b0a-3c2b1a0f9e8d",
                XfsStorageBackend.projectName(QuotaScope.project("7d0c5f3e-0d5b-4f1c-9b0a-3c2b1a0f9e8d")));
        runner.expectOk(xfsQuota("project -s " + name)).expectOk(xfsQuota("limit -p bhard=1 " + name));
        xfs.createQuotaScope(volume, longScope, 1);
    }

    @Test
    void deleteAndUsageWorkOnDirectoriesWithoutCommands() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        Path d = mount.resolve("user/u1/f1");
        Files.createDirectories(d.resolve("sub"));
        Files.write(d.resolve("a.bin"), new byte[100]);
        Files.write(d.resolve("sub/b.bin"), new byte[23]);
        Files.createSymbolicLink(d.resolve("link"), tmp);
        assertEquals(new FolderUsage(123, 3), xfs.usage(volume, f1));
        xfs.deleteFolder(volume, f1);
        assertFalse(Files.exists(d, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(mount.resolve("user/u1")), "the scope stays");
        assertTrue(Files.isDirectory(tmp.resolve("etc")), "the link's target stays");
        xfs.deleteFolder(volume, f1);
        assertThrows(FolderNotFoundException.class, () -> xfs.usage(volume, f1));
    }

    @Test
    void cloneIntoANewScopeMakesItsProjectFirst() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        Files.writeString(mount.resolve("user/u1/f1/a.txt"), "A");
        Files.createDirectories(mount.resolve("user/u1/f1/sub"));
        Files.createSymbolicLink(mount.resolve("user/u1/f1/sub/to-a"), Path.of("../a.txt"));
        Files.createSymbolicLink(mount.resolve("user/u1/f1/out"), tmp.resolve("etc"));
        runner.expectOk(xfsQuota("project -s berth-project-p1"));
        xfs.cloneFolder(volume, f1, f2);
        Path c = mount.resolve("project/p1/f2");
        assertEquals("A", Files.readString(c.resolve("a.txt")));
        assertEquals(Path.of("../a.txt"), Files.readSymbolicLink(c.resolve("sub/to-a")));
        assertFalse(Files.exists(c.resolve("out"), LinkOption.NOFOLLOW_LINKS));
        assertThrows(FolderExistsException.class, () -> xfs.cloneFolder(volume, f1, f2));
        assertThrows(FolderNotFoundException.class,
                () -> xfs.cloneFolder(volume, new FolderPath(u1, "missing"), new FolderPath(p1, "x")));
        assertFalse(Files.exists(mount.resolve("project/p1/x")));
    }

    @Test
    void aFailedCopyRemovesThePartialClone() throws IOException {
        Path target = Files.createDirectories(mount.resolve("project/p1/f2"));
        Files.writeString(target.resolve("partial.txt"), "half");
        Path vanished = mount.resolve("user/u1/f1");
        StorageException e = assertThrows(StorageException.class,
                () -> FolderTrees.fillClone(volume, f1, vanished, f2, target));
        assertTrue(e.getMessage().contains("cannot clone folder user/u1/f1 to project/p1/f2 on volume fast"),
                e.getMessage());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(mount.resolve("project/p1")));
    }

    @Test
    void scopesBehindSymbolicLinksAreRefusedBeforeAnyCommand() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectories(mount.resolve("user"));
        Files.createSymbolicLink(mount.resolve("user/u1"), outside);
        for (Executable call : new Executable[] {
                () -> xfs.createFolder(volume, f1),
                () -> xfs.createQuotaScope(volume, u1, 1),
                () -> xfs.setQuota(volume, u1, 1),
                () -> xfs.unsetQuota(volume, u1),
                () -> xfs.describeQuotaScope(volume, u1),
                () -> xfs.usage(volume, f1),
                () -> xfs.deleteFolder(volume, f1)}) {
            StorageException e = assertThrows(StorageException.class, call);
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        assertFalse(Files.exists(projid));
        try (var entries = Files.list(outside)) {
            assertEquals(0, entries.count());
        }
    }

    @Test
    void argumentsAndVolumesAreCheckedBeforeAnything() {
        Volume other = new Volume("v", "vfs", mount.toString(), Map.of());
        List<Executable> calls = new ArrayList<>(List.of(
                () -> xfs.createFolder(other, f1),
                () -> xfs.deleteFolder(other, f1),
                () -> xfs.cloneFolder(other, f1, f2),
                () -> xfs.usage(other, f1),
                () -> xfs.createQuotaScope(other, u1, 1),
                () -> xfs.describeQuotaScope(other, u1),
                () -> xfs.setQuota(other, u1, 1),
                () -> xfs.unsetQuota(other, u1),
                () -> xfs.createQuotaScope(volume, u1, -1),
                () -> xfs.setQuota(volume, u1, 0),
                () -> xfs.setQuota(volume, u1, -5)));
        for (Executable call : calls) {
            assertThrows(IllegalArgumentException.class, call);
        }
        assertThrows(NullPointerException.class, () -> xfs.createFolder(volume, null));
        assertThrows(NullPointerException.class, () -> xfs.setQuota(null, u1, 1));
        assertThrows(NullPointerException.class, () -> xfs.describeQuotaScope(volume, null));
        StorageException relative = assertThrows(StorageException.class,
                () -> xfs.createFolder(new Volume("rel", "xfs", "relative/dir", Map.of()), f1));
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
        StorageException missing = assertThrows(StorageException.class,
                () -> xfs.setQuota(volume.mountPath().isEmpty() ? volume
                        : new Volume("gone", "xfs", tmp.resolve("nope").toString(), volume.options()), u1, 1));
        assertTrue(missing.getMessage().contains("gone") && missing.getMessage().contains("not a directory"),
                missing.getMessage());
        assertFalse(Files.exists(mount.resolve("user")));
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void concurrentScopesGetDistinctProjects() throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        XfsStorageBackend concurrent = new XfsStorageBackend((argv, timeout) -> {
            seen.add(argv.get(7));
            return new CommandRunner.Result(0, "", "");
        });
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            FolderPath f = new FolderPath(QuotaScope.user("u" + i), "f");
            threads.add(new Thread(() -> concurrent.createFolder(volume, f)));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(16, seen.size());
        Map<String, Long> names = ProjectFiles.parseProjid(Files.readString(projid));
        assertEquals(16, names.size());
        assertEquals(16, new java.util.HashSet<>(names.values()).size());
        assertEquals(16, ProjectFiles.parseProjects(Files.readString(projects)).size());
    }

    @Test
    void theRealXfsQuotaOnAFileSystemWithoutXfsReportsAClearError() throws IOException {
        if (!Files.isExecutable(Path.of(XFS_QUOTA))) {
            return; // xfsprogs is not installed here
        }
        XfsStorageBackend real = new XfsStorageBackend();
        StorageException e = assertThrows(StorageException.class, () -> real.createFolder(volume, f1));
        assertTrue(e.getMessage().contains("set up the XFS project berth-user-u1") && e.getMessage().contains("fast")
                && e.getMessage().contains("xfs_quota:"), e.getMessage());
        assertFalse(Files.exists(mount.resolve("user/u1/f1")), "no folder outside a working project");
        assertEquals("berth-user-u1:1000\n", Files.readString(projid));
    }

    @Test
    void aCloneOntoAnExistingFolderChangesNoProject() throws IOException {
        runner.expectOk(xfsQuota("project -s berth-user-u1"));
        xfs.createFolder(volume, f1);
        Files.createDirectories(mount.resolve("project/p1/f2"));
        assertThrows(FolderExistsException.class, () -> xfs.cloneFolder(volume, f1, f2));
        assertEquals("berth-user-u1:1000\n", Files.readString(projid));
        assertEquals(1, runner.calls.size());
    }
}
