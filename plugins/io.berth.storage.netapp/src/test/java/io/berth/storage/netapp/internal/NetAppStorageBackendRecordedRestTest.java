package io.berth.storage.netapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netapp backend against a recording stand-in for the ONTAP REST API (plain HTTP on the loopback, allowed
 * by {@code allow_http=true}), with a temporary directory as the volume's NFS mount: the exact REST exchanges
 * of every quota operation, the job flow, ONTAP errors, and the folder work on the mount.
 */
class NetAppStorageBackendRecordedRestTest {
    static final String PASSWORD = "S3cr3t-pw!";
    static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String GET_QTREE = "GET /api/storage/qtrees?svm.name=svm1&volume.name=vol1&name=";
    static final String GET_RULE = "GET /api/storage/quota/rules?svm.name=svm1&volume.name=vol1&type=tree&qtree.name=";
    static final String GET_REPORT = "GET /api/storage/quota/reports?svm.name=svm1&volume.name=vol1&type=tree"
            + "&qtree.name=";

    @TempDir
    Path tmp;
    Path mount;
    FakeOntap ontap;
    Volume volume;
    final NetAppStorageBackend netapp = new NetAppStorageBackend();
    final QuotaScope p1 = QuotaScope.project("p1");
    final FolderPath f1 = new FolderPath(QuotaScope.user("u1"), "f1");

    @BeforeEach
    void setUp() throws IOException {
        mount = Files.createDirectory(tmp.resolve("mount"));
        ontap = new FakeOntap(mount, "svm1", "vol1");
        volume = volume(Map.of());
    }

    @AfterEach
    void tearDown() {
        ontap.close();
    }

    Volume volume(Map<String, String> changes) {
        Map<String, String> options = new TreeMap<>(Map.of("endpoint", ontap.endpoint(), "svm", "svm1",
                "volume", "vol1", "username", "admin", "password", PASSWORD, "allow_http", "true",
                "timeout_seconds", "5", "job_timeout_seconds", "5"));
        changes.forEach((k, v) -> {
            if (v == null) {
                options.remove(k);
            } else {
                options.put(k, v);
            }
        });
        return new Volume("nas", "netapp", mount.toString(), options);
    }

    @Test
    void capabilitiesAreQuotaUsageAndClone() {
        assertEquals(Set.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE), netapp.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> netapp.capabilities().remove(Capability.QUOTA));
    }

    @Test
    void createScopeMakesQtreeAndTreeRuleFollowingTheJobs() {
        netapp.createQuotaScope(volume, p1, 1L << 30);

        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_project_p1\"}",
                "GET /api/cluster/jobs/job-1",
                "GET /api/cluster/jobs/job-1",
                GET_RULE + "berth_project_p1&fields=space",
                "POST /api/storage/quota/rules {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"type\":\"tree\",\"qtree\":{\"name\":\"berth_project_p1\"},"
                        + "\"space\":{\"hard_limit\":1073741824}}",
                "GET /api/cluster/jobs/job-2"), ontap.lines());
        assertTrue(ontap.exchanges().stream().allMatch(e -> e.authorization().equals(AUTH)), "Basic auth on all");
        assertEquals(List.of("berth_project_p1"), ontap.qtrees);

        // again with the same limit: looked up, nothing changed
        ontap.clear();
        netapp.createQuotaScope(volume, p1, 1L << 30);
        assertEquals(List.of(GET_QTREE + "berth_project_p1", GET_RULE + "berth_project_p1&fields=space"),
                ontap.lines());

        // again with another limit: the rule is patched
        ontap.clear();
        netapp.createQuotaScope(volume, p1, QuotaUsage.NO_LIMIT);
        assertEquals(List.of(GET_QTREE + "berth_project_p1", GET_RULE + "berth_project_p1&fields=space",
                "PATCH /api/storage/quota/rules/rule-1 {\"space\":{\"hard_limit\":-1}}",
                "GET /api/cluster/jobs/job-3", "GET /api/cluster/jobs/job-3"), ontap.lines());
    }

    @Test
    void createScopeWithoutLimitMakesATrackingRuleAndSecurityStyleIsPassed() {
        netapp.createQuotaScope(volume(Map.of("security_style", "unix")), p1, QuotaUsage.NO_LIMIT);
        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_project_p1\",\"security_style\":\"unix\"}",
                "GET /api/cluster/jobs/job-1",
                "GET /api/cluster/jobs/job-1",
                GET_RULE + "berth_project_p1&fields=space",
                "POST /api/storage/quota/rules {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"type\":\"tree\",\"qtree\":{\"name\":\"berth_project_p1\"}}",
                "GET /api/cluster/jobs/job-2"), ontap.lines());
        assertEquals(Optional.of(new QuotaUsage(p1, 0, QuotaUsage.NO_LIMIT)), netapp.describeQuotaScope(volume, p1));
    }

    @Test
    void setQuotaPatchesTheRuleAndCreatesAMissingScope() {
        netapp.setQuota(volume, p1, 4096);
        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_project_p1\"}",
                "GET /api/cluster/jobs/job-1",
                "GET /api/cluster/jobs/job-1",
                GET_RULE + "berth_project_p1&fields=space",
                "POST /api/storage/quota/rules {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"type\":\"tree\",\"qtree\":{\"name\":\"berth_project_p1\"},\"space\":{\"hard_limit\":4096}}",
                "GET /api/cluster/jobs/job-2"), ontap.lines());

        ontap.clear();
        netapp.setQuota(volume, p1, 2048);
        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                GET_RULE + "berth_project_p1&fields=space",
                "PATCH /api/storage/quota/rules/rule-1 {\"space\":{\"hard_limit\":2048}}",
                "GET /api/cluster/jobs/job-3",
                "GET /api/cluster/jobs/job-3"), ontap.lines());
        assertEquals(2048L, ontap.rules.get("rule-1")[1]);

        assertThrows(IllegalArgumentException.class, () -> netapp.setQuota(volume, p1, 0));
        assertThrows(IllegalArgumentException.class, () -> netapp.createQuotaScope(volume, p1, -1));
    }

    @Test
    void unsetQuotaClearsTheLimitWithMinusOneAndIsIdempotent() {
        netapp.createQuotaScope(volume, p1, 10_000);
        ontap.clear();

        netapp.unsetQuota(volume, p1);
        assertEquals(List.of(
                GET_RULE + "berth_project_p1&fields=space",
                "PATCH /api/storage/quota/rules/rule-1 {\"space\":{\"hard_limit\":-1}}",
                "GET /api/cluster/jobs/job-3",
                "GET /api/cluster/jobs/job-3"), ontap.lines());
        assertEquals(null, ontap.rules.get("rule-1")[1]);

        ontap.clear();
        netapp.unsetQuota(volume, p1); // no limit: nothing to do
        netapp.unsetQuota(volume, QuotaScope.user("nobody")); // missing scope: nothing to do
        assertEquals(List.of(GET_RULE + "berth_project_p1&fields=space",
                GET_RULE + "berth_user_nobody&fields=space"), ontap.lines());
    }

    @Test
    void describeReadsTheTreeQuotaReport() {
        netapp.createQuotaScope(volume, p1, 1_000_000);
        ontap.used.put("berth_project_p1", 12_345L);
        ontap.clear();

        assertEquals(Optional.of(new QuotaUsage(p1, 12_345, 1_000_000)), netapp.describeQuotaScope(volume, p1));
        assertEquals(List.of(GET_REPORT + "berth_project_p1&fields=space"), ontap.lines());
    }

    @Test
    void describeOfAMissingQtreeIsEmptyWhetherEmptyRecordsOr404() {
        assertEquals(Optional.empty(), netapp.describeQuotaScope(volume, p1));
        assertEquals(List.of(GET_REPORT + "berth_project_p1&fields=space", GET_QTREE + "berth_project_p1"),
                ontap.lines());

        ontap.clear();
        ontap.failNext("GET /api/storage/qtrees", 404, FakeOntap.error("entry doesn't exist", "4"));
        assertEquals(Optional.empty(), netapp.describeQuotaScope(volume, p1));
        assertEquals(List.of(GET_REPORT + "berth_project_p1&fields=space", GET_QTREE + "berth_project_p1"),
                ontap.lines());
    }

    @Test
    void describeWithQuotasOffSaysSo() {
        netapp.createQuotaScope(volume, p1, 1_000_000);
        ontap.quotasOn = false;
        StorageException e = assertThrows(StorageException.class, () -> netapp.describeQuotaScope(volume, p1));
        assertTrue(e.getMessage().contains("no tree quota report for qtree berth_project_p1"), e.getMessage());
        assertTrue(e.getMessage().contains("quotas are probably off on ONTAP volume vol1"), e.getMessage());
    }

    @Test
    void ontapErrorsBecomeStorageExceptionsWithTheirMessageButNoPassword() {
        ontap.failNext("POST /api/storage/qtrees", 400,
                FakeOntap.error("Invalid qtree name. The password " + PASSWORD + " is wrong", "918233"));
        StorageException e = assertThrows(StorageException.class, () -> netapp.createQuotaScope(volume, p1, 4096));
        assertTrue(e.getMessage().contains("ONTAP answered HTTP 400: Invalid qtree name."), e.getMessage());
        assertTrue(e.getMessage().contains("(code 918233)"), e.getMessage());
        assertTrue(e.getMessage().contains("scope project:p1"), e.getMessage());
        assertTrue(e.getMessage().contains("volume nas"), e.getMessage());
        assertNoPassword(e);
        // the failed POST is checked once more in case it was created concurrently, then nothing else
        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_project_p1\"}",
                GET_QTREE + "berth_project_p1"), ontap.lines());
    }

    @Test
    void aFailedJobIsAStorageExceptionWithTheJobsMessage() {
        netapp.createQuotaScope(volume, p1, 4096);
        ontap.failNextJob = "Quota policy rule modify operation succeeded, but quota resize failed";
        StorageException e = assertThrows(StorageException.class, () -> netapp.setQuota(volume, p1, 8192));
        assertTrue(e.getMessage().contains("ONTAP job job-3 failed: Quota policy rule modify operation succeeded, "
                + "but quota resize failed (code 5308547)"), e.getMessage());
        assertNoPassword(e);
    }

    @Test
    void aJobThatNeverEndsIsBoundedByTheJobTimeout() {
        ontap.jobStates.put("qtree", List.of("running"));
        StorageException e = assertThrows(StorageException.class,
                () -> netapp.createQuotaScope(volume(Map.of("job_timeout_seconds", "1")), p1, 4096));
        assertTrue(e.getMessage().contains("did not finish within 1 s (state running)"), e.getMessage());
    }

    @Test
    void aQtreeCreatedConcurrentlyIsAcceptedAfterONTAPRefusesTheDuplicate() throws IOException {
        ontap.qtrees.add("berth_project_p1"); // created by another thread after our first look
        Files.createDirectory(mount.resolve("berth_project_p1"));
        ontap.failNext("GET /api/storage/qtrees", 200, "{\"records\":[],\"num_records\":0}");
        netapp.setQuota(volume, p1, 4096);
        assertEquals(List.of(
                GET_QTREE + "berth_project_p1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_project_p1\"}",
                GET_QTREE + "berth_project_p1",
                GET_RULE + "berth_project_p1&fields=space",
                "POST /api/storage/quota/rules {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"type\":\"tree\",\"qtree\":{\"name\":\"berth_project_p1\"},\"space\":{\"hard_limit\":4096}}",
                "GET /api/cluster/jobs/job-1"), ontap.lines());
    }

    @Test
    void anUnreachableEndpointIsAStorageExceptionWithoutPassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Volume down = volume(Map.of("endpoint", "http://127.0.0.1:" + port));
        StorageException e = assertThrows(StorageException.class, () -> netapp.describeQuotaScope(down, p1));
        assertTrue(e.getMessage().contains("GET http://127.0.0.1:" + port + "/api/storage/quota/reports"),
                e.getMessage());
        assertNoPassword(e);
    }

    @Test
    void optionsAreValidatedNamingTheOptionAndNeverThePassword() {
        for (String option : List.of("endpoint", "svm", "volume")) {
            Map<String, String> without = new TreeMap<>();
            without.put(option, null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> netapp.setQuota(volume(without), p1, 1));
            assertTrue(e.getMessage().contains("lacks the required option " + option), e.getMessage());
            assertNoPassword(e);
        }
        Map<String, String> noUser = new TreeMap<>();
        noUser.put("username", null);
        assertMessage(IllegalArgumentException.class, "lacks option username",
                () -> netapp.unsetQuota(volume(noUser), p1));
        assertMessage(IllegalArgumentException.class, "http only with option allow_http=true",
                () -> netapp.unsetQuota(volume(Map.of("allow_http", "false")), p1));
        assertMessage(IllegalArgumentException.class, "must not contain credentials",
                () -> netapp.unsetQuota(volume(Map.of("endpoint", "https://admin:" + PASSWORD + "@h")), p1));
        assertMessage(IllegalArgumentException.class, "without path",
                () -> netapp.unsetQuota(volume(Map.of("endpoint", "https://h/api")), p1));
        assertMessage(IllegalArgumentException.class, "option ssl_verify of volume nas must be true or false",
                () -> netapp.unsetQuota(volume(Map.of("ssl_verify", "maybe")), p1));
        assertMessage(IllegalArgumentException.class, "option timeout_seconds of volume nas must be a whole number",
                () -> netapp.unsetQuota(volume(Map.of("timeout_seconds", "0")), p1));
        assertMessage(IllegalArgumentException.class, "option security_style of volume nas must be one of",
                () -> netapp.unsetQuota(volume(Map.of("security_style", "posix")), p1));
        assertMessage(IllegalArgumentException.class, "lacks the required option svm",
                () -> netapp.createFolder(volume(mapWithNull("svm")), f1));
        assertEquals(List.of(), ontap.lines(), "nothing is sent with invalid options");
        // ssl_verify=false is accepted (its client trusts any certificate)
        netapp.unsetQuota(volume(Map.of("ssl_verify", "false")), p1);
    }

    @Test
    void anotherBackendsVolumeIsRefused() {
        Volume vfs = Volume.of("local", "vfs", mount.toString());
        assertThrows(IllegalArgumentException.class, () -> netapp.createQuotaScope(vfs, p1, 1));
        assertThrows(IllegalArgumentException.class, () -> netapp.describeQuotaScope(vfs, p1));
        assertThrows(IllegalArgumentException.class, () -> netapp.createFolder(vfs, f1));
        assertThrows(IllegalArgumentException.class, () -> netapp.folderLocation(vfs, f1));
        assertThrows(NullPointerException.class, () -> netapp.setQuota(volume, null, 1));
    }

    @Test
    void qtreeNamesFitOntapsLimitAndNeverCollide() {
        String longId = "a".repeat(128);
        String name = QtreeNames.of(QuotaScope.project(longId));
        assertTrue(name.startsWith("berth_project-sha256_"), name);
        assertTrue(name.length() <= QtreeNames.MAX_LENGTH, name);
        assertEquals(name, QtreeNames.of(QuotaScope.project(longId)), "stable");
        assertNotEquals(name, QtreeNames.of(QuotaScope.project("a".repeat(127) + "b")));
        assertNotEquals(name, QtreeNames.of(QuotaScope.user(longId)));
        String edge = "b".repeat(64 - "berth_project_".length());
        assertEquals("berth_project_" + edge, QtreeNames.of(QuotaScope.project(edge)));
        assertTrue(QtreeNames.of(QuotaScope.project(edge + "b")).startsWith("berth_project-sha256_"));
        assertEquals("berth_user_u1/f1", netapp.folderLocation(volume, f1));
        assertEquals(name + "/f9", netapp.folderLocation(volume, new FolderPath(QuotaScope.project(longId), "f9")));
    }

    @Test
    void createFolderCreatesTheQtreeThroughTheApiThenTheDirectoryOnTheMount() throws IOException {
        netapp.createFolder(volume, f1);
        assertTrue(Files.isDirectory(mount.resolve("berth_user_u1/f1")));
        assertEquals(List.of(
                GET_QTREE + "berth_user_u1",
                "POST /api/storage/qtrees {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"name\":\"berth_user_u1\"}",
                "GET /api/cluster/jobs/job-1",
                "GET /api/cluster/jobs/job-1",
                GET_RULE + "berth_user_u1&fields=space",
                "POST /api/storage/quota/rules {\"svm\":{\"name\":\"svm1\"},\"volume\":{\"name\":\"vol1\"},"
                        + "\"type\":\"tree\",\"qtree\":{\"name\":\"berth_user_u1\"}}",
                "GET /api/cluster/jobs/job-2"), ontap.lines());

        // the qtree shows on the mount: no API call, contents kept
        ontap.clear();
        Files.writeString(mount.resolve("berth_user_u1/f1/a.txt"), "hello");
        netapp.createFolder(volume, f1);
        netapp.createFolder(volume, new FolderPath(QuotaScope.user("u1"), "f2"));
        assertEquals("hello", Files.readString(mount.resolve("berth_user_u1/f1/a.txt")));
        assertTrue(Files.isDirectory(mount.resolve("berth_user_u1/f2")));
        assertEquals(List.of(), ontap.lines());
    }

    @Test
    void aQtreeThatNeverShowsOnTheMountIsReported() throws IOException {
        ontap.qtrees.add("berth_user_u1"); // exists on ONTAP, but this mount is not the volume
        StorageException e = assertThrows(StorageException.class,
                () -> netapp.createFolder(volume(Map.of("timeout_seconds", "1")), f1));
        assertTrue(e.getMessage().contains("does not show at " + mount.resolve("berth_user_u1")), e.getMessage());
        assertTrue(e.getMessage().contains("NFS mount of the root of ONTAP volume vol1"), e.getMessage());
        assertFalse(Files.exists(mount.resolve("berth_user_u1")), "never made as a plain directory");
    }

    @Test
    void deleteUsageAndCloneWorkOnTheMount() throws IOException {
        netapp.deleteFolder(volume, f1); // missing: fine
        netapp.createFolder(volume, f1);
        Path dir = mount.resolve("berth_user_u1/f1");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/c.txt"), "12345");
        Files.writeString(dir.resolve("d.txt"), "123");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("d.txt"));
        Files.createSymbolicLink(dir.resolve("out"), tmp);
        assertEquals(new FolderUsage(8, 4), netapp.usage(volume, f1));

        FolderPath copy = new FolderPath(p1, "copy");
        netapp.cloneFolder(volume, f1, copy);
        Path copied = mount.resolve("berth_project_p1/copy");
        assertEquals("12345", Files.readString(copied.resolve("a/b/c.txt")));
        assertTrue(Files.isSymbolicLink(copied.resolve("link")));
        assertFalse(Files.exists(copied.resolve("out"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "links out of the folder are left out");
        assertThrows(FolderExistsException.class, () -> netapp.cloneFolder(volume, f1, copy));
        assertThrows(FolderNotFoundException.class,
                () -> netapp.cloneFolder(volume, new FolderPath(p1, "none"), new FolderPath(p1, "x")));
        assertThrows(FolderNotFoundException.class, () -> netapp.usage(volume, new FolderPath(p1, "none")));

        netapp.deleteFolder(volume, f1);
        assertFalse(Files.exists(dir));
        assertTrue(Files.exists(tmp.resolve("mount")), "link targets untouched");
        assertTrue(Files.isDirectory(mount.resolve("berth_user_u1")), "the qtree stays");
    }

    @Test
    void symbolicLinksOnTheWayAreRefused() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectory(outside.resolve("f1"));
        Files.createSymbolicLink(mount.resolve("berth_user_u1"), outside);
        assertMessage(StorageException.class, "is a symbolic link", () -> netapp.createFolder(volume, f1));
        assertMessage(StorageException.class, "is a symbolic link", () -> netapp.deleteFolder(volume, f1));
        assertMessage(StorageException.class, "is a symbolic link", () -> netapp.usage(volume, f1));
        assertTrue(Files.isDirectory(outside.resolve("f1")));
        assertEquals(List.of(), ontap.lines());
    }

    @Test
    void aRelativeMountPathIsRefused() {
        Volume relative = new Volume("nas", "netapp", "relative/mount", volume.options());
        assertMessage(StorageException.class, "must be absolute", () -> netapp.usage(relative, f1));
    }

    private static Map<String, String> mapWithNull(String key) {
        Map<String, String> m = new TreeMap<>();
        m.put(key, null);
        return m;
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String part, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertNoPassword(e);
    }

    private static void assertNoPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD), "password in " + t);
            assertFalse(t.toString().contains(PASSWORD), "password in " + t);
            for (Throwable s : t.getSuppressed()) {
                assertNoPassword(s);
            }
        }
    }
}
