package io.berth.storage.btrfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.CommandRunner;
import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The btrfs backend on a real btrfs file system with quotas enabled, named by the system property
 * or environment variable {@code BERTH_BTRFS_MOUNT} (default {@code /mnt/berth-btrfs}); the tests
 * fail when it is not there. Every test uses scopes of its own and deletes their subvolumes.
 */
class BtrfsStorageBackendTest {
    static final String MOUNT_VARIABLE = "BERTH_BTRFS_MOUNT";
    static final String DEFAULT_MOUNT = "/mnt/berth-btrfs";
    static final long MIB = 1L << 20;
    static final CommandRunner SHELL = CommandRunner.system();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static Path mount;

    @TempDir
    Path tmp;
    final List<QuotaScope> scopes = new ArrayList<>();
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final BtrfsStorageBackend btrfs = new BtrfsStorageBackend((command, timeout) -> {
        commands.add(List.copyOf(command));
        return SHELL.run(command, timeout);
    });
    Volume volume;

    @BeforeAll
    static void requireBtrfsWithQuotas() throws Exception {
        String configured = configuredMount();
        String howTo = " These tests need a mounted btrfs file system with quotas enabled at " + configured
                + " (set " + MOUNT_VARIABLE + " to use another path), e.g.: truncate -s 1G btrfs.img && "
                + "mkfs.btrfs btrfs.img && mount -o loop btrfs.img " + configured + " && btrfs quota enable "
                + configured;
        mount = Path.of(configured);
        if (!mount.isAbsolute() || !Files.isDirectory(mount)) {
            fail(configured + " is not an existing absolute directory." + howTo);
        }
        String type = Files.getFileStore(mount).type();
        if (!"btrfs".equals(type)) {
            fail(configured + " is on a " + type + " file system, not btrfs." + howTo);
        }
        CommandRunner.Result quotas = SHELL.run(List.of("btrfs", "qgroup", "show", configured), TIMEOUT);
        if (!quotas.ok()) {
            fail("btrfs qgroup show " + configured + " failed (are quotas enabled?): " + quotas.stderr() + howTo);
        }
    }

    static String configuredMount() {
        for (String value : new String[] {System.getProperty(MOUNT_VARIABLE), System.getenv(MOUNT_VARIABLE)}) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return DEFAULT_MOUNT;
    }

    @AfterEach
    void deleteScopes() throws Exception {
        if (mount == null) {
            return;
        }
        for (QuotaScope scope : scopes) {
            Path dir = scopeDir(scope);
            if (Files.isSymbolicLink(dir) || Files.isRegularFile(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dir);
            } else if (isSubvolume(dir)) {
                long id = Long.parseLong(sh("btrfs", "inspect-internal", "rootid", dir.toString()).stdout().trim());
                sh("btrfs", "subvolume", "delete", "-c", dir.toString());
                sh("btrfs", "subvolume", "sync", mount.toString(), Long.toString(id));
            } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(dir);
            }
        }
    }

    Volume volume() {
        if (volume == null) {
            volume = Volume.of("bt", "btrfs", mount.toString());
        }
        return volume;
    }

    /** A scope of this test only. */
    QuotaScope scope(QuotaScope.Kind kind) {
        QuotaScope scope = new QuotaScope(kind, "t" + UUID.randomUUID().toString().replace("-", ""));
        scopes.add(scope);
        return scope;
    }

    static Path scopeDir(QuotaScope scope) {
        return mount.resolve(scope.relativePath());
    }

    static Path dir(FolderPath folder) {
        return mount.resolve(folder.relativePath());
    }

    static CommandRunner.Result sh(String... command) throws Exception {
        CommandRunner.Result result = SHELL.run(List.of(command), TIMEOUT);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + ": " + result.stderr());
        return result;
    }

    static boolean isSubvolume(Path dir) throws IOException {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && ((Number) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue() == 256;
    }

    static long rootId(Path dir) throws Exception {
        return Long.parseLong(sh("btrfs", "inspect-internal", "rootid", dir.toString()).stdout().trim());
    }

    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void writeRandom(Path file, long bytes) throws IOException {
        Random random = new Random(bytes);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
    }

    QuotaUsage describe(QuotaScope scope) {
        Optional<QuotaUsage> usage = btrfs.describeQuotaScope(volume(), scope);
        assertTrue(usage.isPresent(), () -> "no usage for " + scope);
        assertEquals(scope, usage.get().scope());
        return usage.get();
    }

    @Test
    void capabilitiesAreQuotaUsageAndClone() {
        assertEquals(Set.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE), btrfs.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> btrfs.capabilities().remove(Capability.QUOTA));
    }

    @Test
    void createFolderCreatesTheScopeAsASubvolumeAndIsIdempotent() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f1 = new FolderPath(s, "f1");
        btrfs.createFolder(volume(), f1);
        assertTrue(Files.isDirectory(mount.resolve("user/" + s.id() + "/f1"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(isSubvolume(scopeDir(s)), "the scope is a subvolume");
        sh("btrfs", "subvolume", "show", scopeDir(s).toString());
        assertFalse(isSubvolume(mount.resolve("user")), "the kind directory is a plain directory");
        assertFalse(isSubvolume(dir(f1)), "the folder is a plain directory");
        long id = rootId(scopeDir(s));
        assertNotEquals(rootId(mount), id);
        assertEquals(id, rootId(dir(f1)), "the folder lies in the scope's subvolume");

        Files.writeString(dir(f1).resolve("a.txt"), "hello");
        btrfs.createFolder(volume(), f1);
        assertEquals("hello", Files.readString(dir(f1).resolve("a.txt")));
        FolderPath f2 = new FolderPath(s, "f2");
        btrfs.createFolder(volume(), f2);
        assertEquals(id, rootId(dir(f2)), "a second folder shares the scope's subvolume");
        assertEquals(1, commands.stream().filter(c -> c.contains("create")).count(),
                () -> "the subvolume is created once: " + commands);

        QuotaScope p = scope(QuotaScope.Kind.PROJECT);
        btrfs.createFolder(volume(), new FolderPath(p, "f1"));
        assertTrue(isSubvolume(scopeDir(p)));
        assertFalse(isSubvolume(mount.resolve("project")));
    }

    @Test
    void aUserOverQuotaCannotWriteMore() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f = new FolderPath(s, "data");
        btrfs.createFolder(volume(), f);
        btrfs.setQuota(volume(), s, MIB);
        assertEquals(MIB, describe(s).hardLimitBytes());
        IOException refused = assertThrows(IOException.class, () -> writeRandom(dir(f).resolve("big"), 2 * MIB));
        assertTrue(String.valueOf(refused.getMessage()).contains("Disk quota exceeded"), refused.toString());
        assertTrue(Files.size(dir(f).resolve("big")) <= MIB, "no more than the limit was written");

        btrfs.unsetQuota(volume(), s);
        Files.delete(dir(f).resolve("big"));
        writeRandom(dir(f).resolve("big"), 2 * MIB);
        assertEquals(2 * MIB, Files.size(dir(f).resolve("big")), "without a limit the write succeeds");
    }

    @Test
    void quotaIsSetEditedAndUnsetWithItsFigures() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.PROJECT);
        assertEquals(Optional.empty(), btrfs.describeQuotaScope(volume(), s), "a missing scope");
        assertFalse(Files.exists(scopeDir(s)), "describing creates nothing");

        btrfs.createQuotaScope(volume(), s, 10 * MIB);
        assertTrue(isSubvolume(scopeDir(s)));
        QuotaUsage empty = describe(s);
        assertEquals(10 * MIB, empty.hardLimitBytes());
        assertTrue(empty.hasLimit());
        assertTrue(empty.usedBytes() < MIB, () -> "an empty scope: " + empty);

        FolderPath f = new FolderPath(s, "f");
        btrfs.createFolder(volume(), f);
        writeRandom(dir(f).resolve("three"), 3 * MIB);
        QuotaUsage written = describe(s);
        assertTrue(written.usedBytes() >= 3 * MIB, () -> "used bytes right after writing 3 MiB: " + written);
        assertTrue(written.usedBytes() < 4 * MIB, () -> "used bytes right after writing 3 MiB: " + written);
        assertEquals(10 * MIB, written.hardLimitBytes());

        btrfs.setQuota(volume(), s, 20 * MIB);
        assertEquals(20 * MIB, describe(s).hardLimitBytes());
        btrfs.setQuota(volume(), s, 2 * MIB); // below the usage: allowed
        assertEquals(2 * MIB, describe(s).hardLimitBytes());
        assertThrows(IOException.class, () -> writeRandom(dir(f).resolve("more"), MIB));

        btrfs.unsetQuota(volume(), s);
        QuotaUsage unlimited = describe(s);
        assertEquals(QuotaUsage.NO_LIMIT, unlimited.hardLimitBytes());
        assertFalse(unlimited.hasLimit());
        assertTrue(unlimited.usedBytes() >= 3 * MIB, unlimited::toString);
        btrfs.unsetQuota(volume(), s); // no limit: fine
        assertEquals(QuotaUsage.NO_LIMIT, describe(s).hardLimitBytes());

        Files.delete(dir(f).resolve("three"));
        assertTrue(describe(s).usedBytes() < 3 * MIB, "used bytes fall after deleting");
        assertTrue(commands.stream().anyMatch(c -> c.containsAll(List.of("qgroup", "limit", "none"))), "unset");
        assertTrue(commands.stream().anyMatch(c -> c.containsAll(List.of("qgroup", "limit",
                Long.toString(20 * MIB)))), commands::toString);
    }

    @Test
    void setQuotaCreatesAMissingScopeAndUnsetIgnoresOne() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        btrfs.unsetQuota(volume(), s);
        assertFalse(Files.exists(scopeDir(s)), "unset creates nothing");
        btrfs.setQuota(volume(), s, 5 * MIB);
        assertTrue(isSubvolume(scopeDir(s)));
        assertEquals(5 * MIB, describe(s).hardLimitBytes());
    }

    @Test
    void createQuotaScopeOnAnExistingScopeKeepsItsFolders() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f = new FolderPath(s, "kept");
        btrfs.createFolder(volume(), f);
        Files.writeString(dir(f).resolve("a.txt"), "keep me");
        long id = rootId(scopeDir(s));

        btrfs.createQuotaScope(volume(), s, 5 * MIB);
        assertEquals("keep me", Files.readString(dir(f).resolve("a.txt")));
        assertEquals(id, rootId(scopeDir(s)), "the same subvolume");
        assertEquals(5 * MIB, describe(s).hardLimitBytes());

        btrfs.createQuotaScope(volume(), s, QuotaUsage.NO_LIMIT);
        assertEquals(QuotaUsage.NO_LIMIT, describe(s).hardLimitBytes(), "the given limit: none");
        assertEquals("keep me", Files.readString(dir(f).resolve("a.txt")));
    }

    @Test
    void invalidLimitsAreRefusedBeforeAnythingHappens() {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        assertThrows(IllegalArgumentException.class, () -> btrfs.setQuota(volume(), s, 0));
        assertThrows(IllegalArgumentException.class, () -> btrfs.setQuota(volume(), s, -1));
        assertThrows(IllegalArgumentException.class, () -> btrfs.createQuotaScope(volume(), s, -1));
        assertFalse(Files.exists(scopeDir(s)));
        assertEquals(List.of(), commands);
    }

    @Test
    void cloneCopiesTheContentsIntoTheTargetScope() throws Exception {
        QuotaScope from = scope(QuotaScope.Kind.USER);
        QuotaScope to = scope(QuotaScope.Kind.PROJECT);
        FolderPath f1 = new FolderPath(from, "src");
        FolderPath f2 = new FolderPath(to, "copy");
        btrfs.createFolder(volume(), f1);
        Files.createDirectories(dir(f1).resolve("sub/empty"));
        Files.writeString(dir(f1).resolve("a.txt"), "A");
        writeRandom(dir(f1).resolve("sub/b.bin"), 2 * MIB);
        Files.createSymbolicLink(dir(f1).resolve("sub/to-a"), Path.of("../a.txt"));
        Path outside = Files.writeString(tmp.resolve("secret"), "outside");
        Files.createSymbolicLink(dir(f1).resolve("abs"), outside);

        btrfs.cloneFolder(volume(), f1, f2);
        Path c = dir(f2);
        assertTrue(isSubvolume(scopeDir(to)), "the target scope was created as a subvolume");
        assertEquals("A", Files.readString(c.resolve("a.txt")));
        assertEquals(Files.mismatch(dir(f1).resolve("sub/b.bin"), c.resolve("sub/b.bin")), -1L);
        assertTrue(Files.isDirectory(c.resolve("sub/empty")));
        assertEquals(Path.of("../a.txt"), Files.readSymbolicLink(c.resolve("sub/to-a")));
        assertFalse(Files.exists(c.resolve("abs"), LinkOption.NOFOLLOW_LINKS), "a link leading out is left out");
        assertEquals(new FolderUsage(2 * MIB + 1, 3), btrfs.usage(volume(), f2));
        assertTrue(describe(to).usedBytes() >= 2 * MIB, "the copy is charged to the target scope");
        Files.writeString(c.resolve("a.txt"), "changed");
        assertEquals("A", Files.readString(dir(f1).resolve("a.txt")), "the clone is a copy");

        assertThrows(FolderExistsException.class, () -> btrfs.cloneFolder(volume(), f1, f2));
        assertThrows(FolderExistsException.class, () -> btrfs.cloneFolder(volume(), f1, f1));
        FolderPath missing = new FolderPath(from, "missing");
        FolderPath other = new FolderPath(to, "other");
        assertThrows(FolderNotFoundException.class, () -> btrfs.cloneFolder(volume(), missing, other));
        assertFalse(Files.exists(dir(other)));
    }

    @Test
    void aCloneBeyondTheTargetQuotaFailsAndIsRemoved() throws Exception {
        QuotaScope from = scope(QuotaScope.Kind.USER);
        QuotaScope to = scope(QuotaScope.Kind.USER);
        FolderPath f1 = new FolderPath(from, "big");
        btrfs.createFolder(volume(), f1);
        writeRandom(dir(f1).resolve("three"), 3 * MIB);
        btrfs.createQuotaScope(volume(), to, MIB);
        FolderPath f2 = new FolderPath(to, "copy");
        StorageException e = assertThrows(StorageException.class, () -> btrfs.cloneFolder(volume(), f1, f2));
        assertTrue(e.getMessage().contains("Disk quota exceeded") && e.getMessage().contains(f2.toString()),
                e.getMessage());
        assertFalse(Files.exists(dir(f2), LinkOption.NOFOLLOW_LINKS), "the partial copy is removed");
        assertEquals(3 * MIB, Files.size(dir(f1).resolve("three")));
    }

    @Test
    void deleteIsRecursiveIdempotentAndDoesNotFollowLinks() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.PROJECT);
        FolderPath f = new FolderPath(s, "gone");
        btrfs.deleteFolder(volume(), f); // missing: fine
        btrfs.createFolder(volume(), f);
        Files.createDirectories(dir(f).resolve("a/b"));
        Files.writeString(dir(f).resolve("a/b/c.txt"), "x");
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        Files.createSymbolicLink(dir(f).resolve("out-dir"), outside);
        Files.createSymbolicLink(dir(f).resolve("out-file"), outside.resolve("secret"));
        btrfs.deleteFolder(volume(), f);
        assertFalse(Files.exists(dir(f), LinkOption.NOFOLLOW_LINKS));
        assertEquals("do not touch", Files.readString(outside.resolve("secret")));
        assertTrue(isSubvolume(scopeDir(s)), "the scope's subvolume stays");
        btrfs.deleteFolder(volume(), f);
    }

    @Test
    void usageWalksTheFolderAndMissingFoldersAreErrors() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f = new FolderPath(s, "measured");
        btrfs.createFolder(volume(), f);
        assertEquals(FolderUsage.EMPTY, btrfs.usage(volume(), f));
        Files.createDirectories(dir(f).resolve("sub/deeper"));
        Files.write(dir(f).resolve("a.bin"), new byte[100]);
        Files.write(dir(f).resolve("sub/deeper/b.bin"), new byte[23]);
        Files.createSymbolicLink(dir(f).resolve("link"), Path.of("/etc"));
        assertEquals(new FolderUsage(123, 3), btrfs.usage(volume(), f));

        FolderPath missing = new FolderPath(s, "missing");
        assertThrows(FolderNotFoundException.class, () -> btrfs.usage(volume(), missing));
        FolderPath missingScope = new FolderPath(scope(QuotaScope.Kind.PROJECT), "x");
        assertThrows(FolderNotFoundException.class, () -> btrfs.usage(volume(), missingScope));
        assertThrows(FolderNotFoundException.class,
                () -> btrfs.cloneFolder(volume(), missingScope, new FolderPath(s, "y")));
        btrfs.deleteFolder(volume(), missingScope);
        assertFalse(Files.exists(scopeDir(missingScope.scope())), "nothing was created for the missing folder");
    }

    @Test
    void aPlainDirectoryOrALinkInPlaceOfTheScopeIsRefused() throws Exception {
        QuotaScope plain = scope(QuotaScope.Kind.USER);
        Files.createDirectories(scopeDir(plain));
        StorageException e = assertThrows(StorageException.class,
                () -> btrfs.createFolder(volume(), new FolderPath(plain, "f")));
        assertTrue(e.getMessage().contains("not a btrfs subvolume"), e.getMessage());
        assertThrows(StorageException.class, () -> btrfs.describeQuotaScope(volume(), plain));
        assertThrows(StorageException.class, () -> btrfs.setQuota(volume(), plain, MIB));

        QuotaScope linked = scope(QuotaScope.Kind.USER);
        Files.createSymbolicLink(scopeDir(linked), tmp);
        for (Executable call : new Executable[] {
                () -> btrfs.createFolder(volume(), new FolderPath(linked, "f")),
                () -> btrfs.createQuotaScope(volume(), linked, MIB),
                () -> btrfs.describeQuotaScope(volume(), linked),
                () -> btrfs.unsetQuota(volume(), linked),
                () -> btrfs.usage(volume(), new FolderPath(linked, "f"))}) {
            StorageException refused = assertThrows(StorageException.class, call);
            assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
        }
        try (var entries = Files.list(tmp)) {
            assertEquals(0, entries.count(), "nothing was created behind the link");
        }
    }

    @Test
    void aVolumeOfAnotherBackendIsRefused() {
        Volume vfs = Volume.of("v", "vfs", mount.toString());
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f = new FolderPath(s, "f");
        for (Executable call : new Executable[] {
                () -> btrfs.createFolder(vfs, f),
                () -> btrfs.deleteFolder(vfs, f),
                () -> btrfs.cloneFolder(vfs, f, new FolderPath(s, "g")),
                () -> btrfs.usage(vfs, f),
                () -> btrfs.createQuotaScope(vfs, s, MIB),
                () -> btrfs.describeQuotaScope(vfs, s),
                () -> btrfs.setQuota(vfs, s, MIB),
                () -> btrfs.unsetQuota(vfs, s)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains("vfs"), e.getMessage());
        }
        assertFalse(Files.exists(scopeDir(s)));
        assertThrows(NullPointerException.class, () -> btrfs.createFolder(volume(), null));
        assertThrows(NullPointerException.class, () -> btrfs.createFolder(null, f));
        assertThrows(NullPointerException.class, () -> btrfs.describeQuotaScope(volume(), null));
    }

    @Test
    void aMountPathThatIsNotBtrfsGivesAClearError() {
        FolderPath f = new FolderPath(QuotaScope.user("u1"), "f");
        StorageException notBtrfs = assertThrows(StorageException.class,
                () -> btrfs.createFolder(Volume.of("plain", "btrfs", tmp.toString()), f));
        assertTrue(notBtrfs.getMessage().contains("plain") && notBtrfs.getMessage().contains("not on a btrfs"),
                notBtrfs.getMessage());
        assertFalse(Files.exists(tmp.resolve("user")));
        StorageException quota = assertThrows(StorageException.class,
                () -> btrfs.describeQuotaScope(Volume.of("plain", "btrfs", tmp.toString()), QuotaScope.user("u1")));
        assertTrue(quota.getMessage().contains("not on a btrfs"), quota.getMessage());

        StorageException missing = assertThrows(StorageException.class,
                () -> btrfs.createFolder(Volume.of("gone", "btrfs", tmp.resolve("nope").toString()), f));
        assertTrue(missing.getMessage().contains("gone") && missing.getMessage().contains("not a directory"),
                missing.getMessage());
        assertThrows(StorageException.class, () -> btrfs.createFolder(Volume.of("rel", "btrfs", "relative/dir"), f));
        assertEquals(List.of(), commands, "no command was run");
    }

    @Test
    void theBtrfsOptionNamesTheExecutable() {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        Path fake = tmp.resolve("no-such-btrfs");
        Volume odd = new Volume("odd", "btrfs", mount.toString(), Map.of("btrfs", fake.toString()));
        StorageException e = assertThrows(StorageException.class,
                () -> btrfs.createFolder(odd, new FolderPath(s, "f")));
        assertTrue(e.getMessage().contains("cannot run " + fake + " subvolume create")
                && e.getMessage().contains("odd"), e.getMessage());
        assertEquals(fake.toString(), commands.get(0).get(0));
        assertFalse(Files.exists(scopeDir(s)));
    }

    @Test
    void qgroupOutputIsReadByItsHeader() {
        Volume v = volume();
        QuotaScope s = QuotaScope.user("u");
        Path dir = mount.resolve("user/u");
        String current = "Qgroupid    Referenced    Exclusive  Max referenced  Max exclusive   Path \n"
                + "--------    ----------    ---------  --------------  -------------   ---- \n"
                + "0/2570           16384        16384            none           none   user/x\n"
                + "0/257          1032192      1032192         1048576           none   user/u\n";
        assertEquals(new QuotaUsage(s, 1032192, 1048576),
                BtrfsStorageBackend.parseQgroup(v, "t", s, dir, 257, current));
        String old = "qgroupid         rfer         excl     max_rfer     max_excl \n"
                + "--------         ----         ----     --------     -------- \n"
                + "0/300            4096         4096         none         none \n";
        assertEquals(new QuotaUsage(s, 4096, QuotaUsage.NO_LIMIT),
                BtrfsStorageBackend.parseQgroup(v, "t", s, dir, 300, old));
        String reordered = "qgroupid max_rfer rfer\n0/7 2048 100\n";
        assertEquals(new QuotaUsage(s, 100, 2048), BtrfsStorageBackend.parseQgroup(v, "t", s, dir, 7, reordered));
        StorageException absent = assertThrows(StorageException.class,
                () -> BtrfsStorageBackend.parseQgroup(v, "t", s, dir, 258, current));
        assertTrue(absent.getMessage().contains("0/258"), absent.getMessage());
        assertThrows(StorageException.class,
                () -> BtrfsStorageBackend.parseQgroup(v, "t", s, dir, 7, "qgroupid rfer excl max_rfer\n0/7 x 1 2\n"));
    }

    @Test
    void commandsAreTimedAndTheirErrorsCaptured() throws Exception {
        CommandRunner.Result failed = SHELL.run(List.of("ls", tmp.resolve("missing").toString()), TIMEOUT);
        assertNotEquals(0, failed.exitCode());
        assertTrue(failed.stderr().contains("missing"), failed.stderr());
        long start = System.nanoTime();
        IOException timedOut = assertThrows(IOException.class,
                () -> SHELL.run(List.of("sleep", "30"), Duration.ofMillis(300)));
        assertTrue(timedOut.getMessage().contains("did not finish"), timedOut.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "killed, not waited for");
    }

    @Test
    void aRefusingBtrfsCommandIsAStorageExceptionWithItsError() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.PROJECT);
        BtrfsStorageBackend noQuotas = new BtrfsStorageBackend((command, timeout) -> command.contains("qgroup")
                ? new CommandRunner.Result(1, "", "ERROR: unable to limit requested quota group: quotas not enabled\n")
                : SHELL.run(command, timeout));
        StorageException e = assertThrows(StorageException.class, () -> noQuotas.setQuota(volume(), s, MIB));
        assertTrue(e.getMessage().contains("set the quota of scope " + s) && e.getMessage().contains("bt")
                && e.getMessage().contains("qgroup limit 1048576 0/")
                && e.getMessage().contains("exit code 1: ERROR: unable to limit requested quota group: quotas not "
                        + "enabled (enable quotas with: btrfs quota enable"), e.getMessage());
        assertTrue(isSubvolume(scopeDir(s)), "the scope was created before the limit failed");
    }

    @Test
    void aScopeOverItsLimitCanHaveTheLimitRaisedAndRemoved() throws Exception {
        QuotaScope s = scope(QuotaScope.Kind.USER);
        FolderPath f = new FolderPath(s, "f");
        btrfs.createFolder(volume(), f);
        writeRandom(dir(f).resolve("three"), 3 * MIB);
        btrfs.setQuota(volume(), s, MIB);
        assertThrows(IOException.class, () -> writeRandom(dir(f).resolve("more"), MIB));
        btrfs.setQuota(volume(), s, 2 * MIB);
        assertEquals(2 * MIB, describe(s).hardLimitBytes());
        btrfs.setQuota(volume(), s, 8 * MIB);
        assertEquals(8 * MIB, describe(s).hardLimitBytes());
        Files.deleteIfExists(dir(f).resolve("more")); // the kernel may refuse even to create it
        writeRandom(dir(f).resolve("more"), MIB);
        btrfs.setQuota(volume(), s, MIB);
        btrfs.unsetQuota(volume(), s);
        assertEquals(QuotaUsage.NO_LIMIT, describe(s).hardLimitBytes());
    }
}
