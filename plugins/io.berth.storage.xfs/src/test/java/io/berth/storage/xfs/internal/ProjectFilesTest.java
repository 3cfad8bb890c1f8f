package io.berth.storage.xfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.xfs.internal.ProjectFiles.Entry;
import io.berth.storage.xfs.internal.ProjectFiles.Registration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and editing the projects and projid files. */
class ProjectFilesTest {

    @TempDir
    Path tmp;
    Path projects;
    Path projid;
    ProjectFiles files;

    @BeforeEach
    void setUp() {
        projects = tmp.resolve("projects");
        projid = tmp.resolve("projid");
        files = new ProjectFiles(projects, projid);
    }

    @Test
    void parsesProjidSkippingCommentsAndMalformedLines() {
        String text = "# comment\n\nlogfiles:42\r\n  # indented comment\nbad line\nneg:-1\nbig:99999999999\n"
                + "cage:10\nlogfiles:43\nnoid:\n";
        assertEquals(Map.of("logfiles", 42L, "cage", 10L), ProjectFiles.parseProjid(text));
        assertEquals(List.of("logfiles", "cage"), new ArrayList<>(ProjectFiles.parseProjid(text).keySet()));
    }

    @Test
    void parsesProjectsKeepingColonsInPaths() {
        String text = "# comment\n42:/var/log\n10:/export/cage\n10:/export/a:b\nx:/nope\n11:\n";
        assertEquals(List.of(new Entry(42, "/var/log"), new Entry(10, "/export/cage"), new Entry(10, "/export/a:b")),
                ProjectFiles.parseProjects(text));
    }

    @Test
    void registersANewProjectAboveTheLargestIdAndKeepsOtherLinesByteForByte() throws IOException {
        Files.writeString(projid, "# projects\nlogfiles:42\nhuge:5000");
        Files.writeString(projects, "42:/var/log\r\n6000:/srv/other\n");
        Registration r = files.register("berth-user-u1", "/srv/xfs/user/u1", 1000);
        assertEquals(new Registration(6001, true), r);
        assertEquals("# projects\nlogfiles:42\nhuge:5000\nberth-user-u1:6001\n", Files.readString(projid));
        assertEquals("42:/var/log\r\n6000:/srv/other\n6001:/srv/xfs/user/u1\n", Files.readString(projects));
    }

    @Test
    void startsAtTheFirstIdAndCreatesMissingFiles() throws IOException {
        assertEquals(new Registration(1000, true), files.register("a", "/m/user/a", 1000));
        assertEquals(new Registration(1001, true), files.register("b", "/m/user/b", 1000));
        assertEquals("a:1000\nb:1001\n", Files.readString(projid));
        assertEquals("1000:/m/user/a\n1001:/m/user/b\n", Files.readString(projects));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(projid));
    }

    @Test
    void registeringAgainChangesNothing() throws IOException {
        files.register("a", "/m/user/a", 1000);
        byte[] before = Files.readAllBytes(projid);
        byte[] beforeProjects = Files.readAllBytes(projects);
        assertEquals(new Registration(1000, false), files.register("a", "/m/user/a", 1000));
        assertEquals(new String(before), Files.readString(projid));
        assertEquals(new String(beforeProjects), Files.readString(projects));
        assertEquals(OptionalLong.of(1000), files.find("a", "/m/user/a"));
        assertEquals(OptionalLong.empty(), files.find("a", "/m/user/other"));
        assertEquals(OptionalLong.empty(), files.find("b", "/m/user/a"));
    }

    @Test
    void aNameWithoutItsDirectoryGetsTheDirectoryAddedUnderItsId() throws IOException {
        Files.writeString(projid, "a:1234\n");
        assertEquals(new Registration(1234, true), files.register("a", "/m/user/a", 1000));
        assertEquals("1234:/m/user/a\n", Files.readString(projects));
        assertEquals("a:1234\n", Files.readString(projid));
    }

    @Test
    void aDirectoryOfAnotherProjectIsRefused() throws IOException {
        Files.writeString(projid, "theirs:77\n");
        Files.writeString(projects, "77:/m/user/a\n");
        IOException e = assertThrows(IOException.class, () -> files.register("a", "/m/user/a", 1000));
        assertTrue(e.getMessage().contains("belongs to project 77"), e.getMessage());
        assertEquals("theirs:77\n", Files.readString(projid));
    }

    @Test
    void exhaustedIdsAndUnwritableNamesAreRefused() throws IOException {
        Files.writeString(projid, "last:" + ProjectFiles.MAX_PROJECT_ID + "\n");
        assertThrows(IOException.class, () -> files.register("a", "/m/user/a", 1000));
        assertThrows(IOException.class, () -> files.register("a:b", "/m/user/b", 1000));
        assertThrows(IOException.class, () -> files.register("c", "/m/user/c\n1:/etc", 1000));
        assertFalse(Files.exists(projects));
    }

    @Test
    void replaceKeepsPermissionsWritesThroughLinksAndLeavesNoTemporaryFiles() throws IOException {
        Path real = Files.writeString(tmp.resolve("real-projid"), "x:1\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(projid, real);
        files.register("a", "/m/user/a", 1000);
        assertTrue(Files.isSymbolicLink(projid), "the link stays");
        assertEquals("x:1\na:1000\n", Files.readString(real));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(real));
        try (var entries = Files.list(tmp)) {
            assertEquals(Set.of("projid", "real-projid", "projects"),
                    entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void concurrentRegistrationsGetDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Registration>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> new ProjectFiles(tmp.resolve("projects"), tmp.resolve("./projid"))
                        .register("p" + n, "/m/user/p" + n, 1000)));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Registration> f : futures) {
                ids.add(f.get().id());
            }
            assertEquals(40, ids.size());
            assertEquals(40, ProjectFiles.parseProjid(Files.readString(projid)).size());
            assertEquals(40, ProjectFiles.parseProjects(Files.readString(projects)).size());
        } finally {
            pool.shutdownNow();
        }
    }
}
