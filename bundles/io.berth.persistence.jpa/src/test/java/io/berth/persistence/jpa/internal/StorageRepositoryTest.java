package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.StorageVolume;
import io.berth.core.storage.UsageMode;
import io.berth.core.storage.VFolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Storage volumes, virtual folders and quota limits on Derby: round trips, conflicts, lists and cascades. */
class StorageRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static StorageVolume volume(String name, Instant created) {
        return new StorageVolume(name, "vfs", "/vfroot/" + name, Map.of(), Set.of(), created, created.plusSeconds(1));
    }

    static VFolder folder(String id, String name, String volume, FolderOwner kind, String ownerId, String domain,
            Instant created) {
        return new VFolder(id, name, volume, kind, ownerId, domain, "creator-" + ownerId, UsageMode.GENERAL,
                FolderPermission.RW, false, created, created.plusSeconds(1));
    }

    private static StorageVolume full(String name) {
        Map<String, String> options = new HashMap<>();
        options.put("svm", "svm0");
        options.put("api_password", "sealed:" + "s".repeat(300));
        options.put("empty", "");
        options.put("unicode", "\u00e9t\u00e9 \u2603");
        options.put("big", "x".repeat(20_000));
        return new StorageVolume(name, "netapp", "/" + "m".repeat(4095), options, Set.of("api_password", "token"),
                T0, T0.plusSeconds(7));
    }

    @Test
    void volumeRoundTripUpdateListAndDelete() {
        StorageVolume plain = volume("local", T0);
        StorageVolume full = full("netapp-1");
        r.volumes().insert(full);
        r.volumes().insert(plain);
        assertEquals(Optional.of(plain), r.volumes().find("local"));
        assertEquals(Optional.of(full), r.volumes().find("netapp-1"));
        assertEquals(Optional.empty(), r.volumes().find("nope"));
        assertEquals(Optional.empty(), r.volumes().find(null));
        assertEquals(List.of(plain, full), r.volumes().list(), "sorted by name");
        assertEquals("{\"api_password\":\"sealed:" + "s".repeat(300) + "\"|[\"api_password\",\"token\"]",
                storedOptionsPrefix("netapp-1"), "JSON with sorted keys and sorted secret names");

        StorageVolume changed = new StorageVolume("netapp-1", "xfs", "/mnt/xfs", Map.of("a", "1"), Set.of(), T0,
                T0.plusSeconds(60));
        r.volumes().update(changed);
        assertEquals(Optional.of(changed), r.volumes().find("netapp-1"));
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> r.volumes().update(volume("ghost", T0)));
        assertTrue(missing.getMessage().contains("ghost"), missing.getMessage());

        ConflictException dup = assertThrows(ConflictException.class, () -> r.volumes().insert(volume("local", T0)));
        assertEquals("name", dup.field());
        assertEquals("name", assertThrows(ConflictException.class,
                () -> r.unitOfWork().run(() -> r.volumes().insert(plain))).field(), "in a unit of work");

        assertEquals("name", assertThrows(ValidationException.class,
                () -> r.volumes().insert(volume("v".repeat(65), T0))).field());
        assertEquals("mount_path", assertThrows(ValidationException.class, () -> r.volumes().insert(
                new StorageVolume("long", "vfs", "/" + "m".repeat(4096), Map.of(), Set.of(), T0, T0))).field());
        assertEquals("backend", assertThrows(ValidationException.class, () -> r.volumes().insert(
                new StorageVolume("long", "b".repeat(65), "/m", Map.of(), Set.of(), T0, T0))).field());
        assertEquals("options", assertThrows(ValidationException.class, () -> r.volumes().insert(
                new StorageVolume("long", "vfs", "/m", Map.of("big", "x".repeat(Columns.MAX_LIST_CHARS)), Set.of(),
                        T0, T0))).field());
        Map<String, String> withNull = new HashMap<>();
        withNull.put("password", null);
        assertEquals("options", assertThrows(ValidationException.class, () -> r.volumes().insert(
                new StorageVolume("nulls", "vfs", "/m", withNull, Set.of("password"), T0, T0))).field());
        assertEquals(List.of(plain, changed), r.volumes().list());

        r.volumes().delete("local");
        r.volumes().delete("local");
        r.volumes().delete(null);
        assertEquals(List.of(changed), r.volumes().list());
    }

    /** The start of the stored options text and the stored secret names, read with JDBC. */
    private String storedOptionsPrefix(String name) {
        try (java.sql.Connection c = db.dataSource.getConnection();
                java.sql.PreparedStatement st = c.prepareStatement(
                        "SELECT options, secret_options FROM storage_volumes WHERE name = ?")) {
            st.setString(1, name);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                String options = rs.getString(1);
                return options.substring(0, options.indexOf("\",") + 1) + "|" + rs.getString(2);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void folderRoundTripWithEveryField() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        VFolder user = new VFolder("f-" + "1".repeat(62), "n".repeat(64), "local", FolderOwner.USER, "u".repeat(64),
                "d".repeat(64), "c".repeat(64), UsageMode.DATA, FolderPermission.WD, true, T0, T0.plusSeconds(5));
        VFolder project = new VFolder("f-2", "models", "nfs", FolderOwner.PROJECT, "p1", "default", null,
                UsageMode.MODEL, FolderPermission.RO, false, T0.plusSeconds(1), T0.plusSeconds(2));
        VFolder general = folder("f-3", "home", "local", FolderOwner.USER, "u1", "default", T0);
        for (VFolder f : List.of(user, project, general)) {
            r.folders().insert(f);
        }
        assertEquals(Optional.of(user), r.folders().find(user.id()));
        assertEquals(Optional.of(project), r.folders().find("f-2"));
        assertEquals(Optional.of(general), r.folders().find("f-3"));
        assertEquals(Optional.empty(), r.folders().find("f-9"));
        assertEquals(Optional.empty(), r.folders().find(null));
        assertEquals(Optional.of(project), r.folders().findByName(FolderOwner.PROJECT, "p1", "models"));
        assertEquals(Optional.empty(), r.folders().findByName(FolderOwner.USER, "p1", "models"), "the kind counts");
        assertEquals(Optional.empty(), r.folders().findByName(FolderOwner.PROJECT, "p2", "models"));
        assertEquals(Optional.empty(), r.folders().findByName(FolderOwner.PROJECT, "p1", "MODELS"));
        assertEquals(Optional.empty(), r.folders().findByName(null, "p1", "models"));
        assertEquals(Optional.empty(), r.folders().findByName(FolderOwner.PROJECT, null, "models"));
        assertEquals(Optional.empty(), r.folders().findByName(FolderOwner.PROJECT, "p1", null));

        assertEquals("id", assertThrows(ValidationException.class, () -> r.folders().insert(
                folder("f".repeat(65), "x", "local", FolderOwner.USER, "u1", "default", T0))).field());
        assertEquals("name", assertThrows(ValidationException.class, () -> r.folders().insert(
                folder("f-9", "x".repeat(65), "local", FolderOwner.USER, "u1", "default", T0))).field());
        assertEquals("owner_id", assertThrows(ValidationException.class, () -> r.folders().insert(
                folder("f-9", "x", "local", FolderOwner.USER, "u".repeat(65), "default", T0))).field());
        assertEquals("domain_name", assertThrows(ValidationException.class, () -> r.folders().insert(
                folder("f-9", "x", "local", FolderOwner.USER, "u1", "d".repeat(65), T0))).field());
        ValidationException noVolume = assertThrows(ValidationException.class, () -> r.folders().insert(
                folder("f-9", "x", "ghost", FolderOwner.USER, "u1", "default", T0)));
        assertEquals("volume", noVolume.field());
        assertEquals(Optional.empty(), r.folders().find("f-9"));
        assertEquals(3, r.folders().all().size());
    }

    @Test
    void folderNamesAreUniquePerOwnerKindAndId() {
        r.volumes().insert(volume("local", T0));
        VFolder mine = folder("f-1", "data", "local", FolderOwner.USER, "u1", "default", T0);
        r.folders().insert(mine);

        ConflictException dup = assertThrows(ConflictException.class,
                () -> r.folders().insert(folder("f-2", "data", "local", FolderOwner.USER, "u1", "default", T0)));
        assertEquals("name", dup.field());
        assertEquals("name", assertThrows(ConflictException.class, () -> r.unitOfWork().run(() -> r.folders()
                .insert(folder("f-2", "data", "local", FolderOwner.USER, "u1", "default", T0)))).field(),
                "in a unit of work");
        assertEquals("id", assertThrows(ConflictException.class,
                () -> r.folders().insert(folder("f-1", "other", "local", FolderOwner.USER, "u1", "default", T0)))
                .field());

        VFolder otherUser = folder("f-3", "data", "local", FolderOwner.USER, "u2", "default", T0);
        VFolder projectSameId = folder("f-4", "data", "local", FolderOwner.PROJECT, "u1", "default", T0);
        r.folders().insert(otherUser);
        r.folders().insert(projectSameId);
        assertEquals(List.of(mine, otherUser, projectSameId), r.folders().all(), "same name, by id");
        assertEquals(Optional.of(projectSameId), r.folders().findByName(FolderOwner.PROJECT, "u1", "data"));

        VFolder renamed = mine.with("data2", FolderPermission.WD, true, T0.plusSeconds(30));
        r.folders().update(renamed);
        assertEquals(Optional.of(renamed), r.folders().find("f-1"));
        r.folders().insert(folder("f-5", "data", "local", FolderOwner.USER, "u1", "default", T0));
        ConflictException clash = assertThrows(ConflictException.class,
                () -> r.folders().update(renamed.with("data", FolderPermission.RO, false, T0)));
        assertEquals("name", clash.field());
        assertEquals(Optional.of(renamed), r.folders().find("f-1"), "the failed update changed nothing");
    }

    @Test
    void updateReplacesEveryColumnButTheIdAndDeleteIsANoOpWhenMissing() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        VFolder f = folder("f-1", "data", "local", FolderOwner.USER, "u1", "default", T0);
        r.folders().insert(f);
        VFolder moved = new VFolder("f-1", "moved", "nfs", FolderOwner.PROJECT, "p1", "other", null, UsageMode.MODEL,
                FolderPermission.WD, true, T0.plusSeconds(1), T0.plusSeconds(99));
        r.folders().update(moved);
        assertEquals(Optional.of(moved), r.folders().find("f-1"));
        r.unitOfWork().run(() -> {
            r.folders().update(f);
            assertEquals(Optional.of(f), r.folders().find("f-1"), "inside a unit of work");
        });
        assertEquals(Optional.of(f), r.folders().find("f-1"));

        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> r.folders().update(folder("f-9", "x", "local", FolderOwner.USER, "u1", "default", T0)));
        assertTrue(missing.getMessage().contains("f-9"), missing.getMessage());
        assertEquals(Optional.empty(), r.folders().find("f-9"), "an update inserts nothing");
        assertEquals("volume", assertThrows(ValidationException.class,
                () -> r.folders().update(new VFolder("f-1", "data", "ghost", FolderOwner.USER, "u1", "default", null,
                        UsageMode.GENERAL, FolderPermission.RW, false, T0, T0))).field());

        r.folders().delete("f-1");
        r.folders().delete("f-1");
        r.folders().delete(null);
        assertEquals(Optional.empty(), r.folders().find("f-1"));
        assertEquals(List.of(), r.folders().all());
    }

    @Test
    void listsAreSortedByNameThenIdAndCountsMatch() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        VFolder b = folder("f-b", "beta", "local", FolderOwner.USER, "u1", "d1", T0);
        VFolder a = folder("f-z", "alpha", "nfs", FolderOwner.USER, "u1", "d1", T0);
        VFolder aUpper = folder("f-c", "Zeta", "local", FolderOwner.USER, "u1", "d1", T0);
        VFolder other = folder("f-a", "alpha", "local", FolderOwner.USER, "u2", "d1", T0);
        VFolder proj = folder("f-p", "alpha", "local", FolderOwner.PROJECT, "p1", "d2", T0);
        VFolder proj2 = folder("f-q", "gamma", "nfs", FolderOwner.PROJECT, "p2", "d1", T0);
        List.of(b, a, aUpper, other, proj, proj2).forEach(r.folders()::insert);

        assertEquals(List.of(aUpper, a, b), r.folders().byOwner(FolderOwner.USER, "u1"), "by name (code points)");
        assertEquals(List.of(), r.folders().byOwner(FolderOwner.PROJECT, "u1"));
        assertEquals(List.of(), r.folders().byOwner(null, "u1"));
        assertEquals(List.of(), r.folders().byOwner(FolderOwner.USER, null));
        assertEquals(3, r.folders().countByOwner(FolderOwner.USER, "u1"));
        assertEquals(1, r.folders().countByOwner(FolderOwner.USER, "u2"));
        assertEquals(0, r.folders().countByOwner(FolderOwner.PROJECT, "u1"));
        assertEquals(0, r.folders().countByOwner(null, "u1"));

        assertEquals(List.of(aUpper, other, a, b), r.folders().byOwners(FolderOwner.USER, List.of("u2", "u1", "u9")));
        assertEquals(List.of(proj, proj2), r.folders().byOwners(FolderOwner.PROJECT, Set.of("p1", "p2")));
        assertEquals(List.of(proj2), r.folders().byOwners(FolderOwner.PROJECT, List.of("p2", "p2")));
        assertEquals(List.of(), r.folders().byOwners(FolderOwner.PROJECT, List.of()));
        assertEquals(List.of(), r.folders().byOwners(FolderOwner.PROJECT, null));
        assertEquals(List.of(), r.folders().byOwners(null, List.of("p1")));

        assertEquals(List.of(aUpper, other, proj, b), r.folders().byVolume("local"), "same name, by id");
        assertEquals(List.of(a, proj2), r.folders().byVolume("nfs"));
        assertEquals(List.of(), r.folders().byVolume("ghost"));
        assertEquals(List.of(), r.folders().byVolume(null));
        assertEquals(4, r.folders().countByVolume("local"));
        assertEquals(2, r.folders().countByVolume("nfs"));
        assertEquals(0, r.folders().countByVolume("ghost"));
        assertEquals(0, r.folders().countByVolume(null));

        assertEquals(List.of(aUpper, other, a, b, proj2), r.folders().byDomain("d1"), "both kinds");
        assertEquals(List.of(proj), r.folders().byDomain("d2"));
        assertEquals(List.of(), r.folders().byDomain("d9"));
        assertEquals(List.of(), r.folders().byDomain(null));
        assertEquals(List.of(aUpper, other, proj, a, b, proj2), r.folders().all());
    }

    @Test
    void byOwnersWithMoreOwnersThanOneQueryTakes() {
        r.volumes().insert(volume("local", T0));
        int n = JpaFolderRepository.CHUNK * 2 + 7;
        List<String> owners = new ArrayList<>();
        List<VFolder> expected = new ArrayList<>();
        r.unitOfWork().run(() -> {
            for (int i = 0; i < n; i++) {
                String owner = String.format("u%04d", i);
                owners.add(owner);
                VFolder f = folder(String.format("f-%04d", n - i), "data-" + (i % 3), "local", FolderOwner.USER,
                        owner, "d1", T0);
                r.folders().insert(f);
                expected.add(f);
            }
        });
        expected.sort(java.util.Comparator.comparing(VFolder::name).thenComparing(VFolder::id));
        assertEquals(expected, r.folders().byOwners(FolderOwner.USER, owners));
        assertEquals(expected, r.folders().all());
        assertEquals(expected.subList(0, 3), r.folders().byOwners(FolderOwner.USER,
                expected.subList(0, 3).stream().map(VFolder::ownerId).toList()));
    }

    @Test
    void aVolumeWithFoldersCannotBeDeleted() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        r.folders().insert(folder("f-1", "data", "local", FolderOwner.USER, "u1", "d1", T0));
        ConflictException inUse = assertThrows(ConflictException.class, () -> r.volumes().delete("local"));
        assertEquals("volume", inUse.field());
        assertTrue(inUse.getMessage().contains("still has folders"), inUse.getMessage());
        assertTrue(r.volumes().find("local").isPresent());
        assertEquals(1, r.folders().countByVolume("local"));

        r.folders().delete("f-1");
        r.volumes().delete("local");
        assertEquals(List.of(volume("nfs", T0)), r.volumes().list());
    }

    @Test
    void quotaPutReplaceDeleteAndList() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, "u1"));
        r.quotas().put("local", FolderOwner.USER, "u2", 2048);
        r.quotas().put("local", FolderOwner.USER, "u1", 1L << 50);
        r.quotas().put("local", FolderOwner.PROJECT, "u1", 7);
        r.quotas().put("nfs", FolderOwner.USER, "u1", 9);
        r.quotas().put("local", FolderOwner.USER, "s".repeat(128), 1);
        assertEquals(Optional.of(1L << 50), r.quotas().find("local", FolderOwner.USER, "u1"));
        assertEquals(Optional.of(7L), r.quotas().find("local", FolderOwner.PROJECT, "u1"), "the kind counts");
        assertEquals(Optional.of(9L), r.quotas().find("nfs", FolderOwner.USER, "u1"), "the volume counts");
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.PROJECT, "u2"));
        assertEquals(Optional.empty(), r.quotas().find(null, FolderOwner.USER, "u1"));
        assertEquals(Optional.empty(), r.quotas().find("local", null, "u1"));
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, null));

        Map<String, Long> users = new LinkedHashMap<>();
        users.put("s".repeat(128), 1L);
        users.put("u1", 1L << 50);
        users.put("u2", 2048L);
        assertEquals(users, r.quotas().list("local", FolderOwner.USER));
        assertEquals(List.of("s".repeat(128), "u1", "u2"), List.copyOf(r.quotas().list("local", FolderOwner.USER)
                .keySet()), "in scope id order");
        assertEquals(Map.of("u1", 7L), r.quotas().list("local", FolderOwner.PROJECT));
        assertEquals(Map.of(), r.quotas().list("ghost", FolderOwner.USER));
        assertEquals(Map.of(), r.quotas().list(null, FolderOwner.USER));
        assertEquals(Map.of(), r.quotas().list("local", null));

        r.quotas().put("local", FolderOwner.USER, "u2", 4096);
        assertEquals(Optional.of(4096L), r.quotas().find("local", FolderOwner.USER, "u2"), "replaced");
        r.unitOfWork().run(() -> {
            r.quotas().put("local", FolderOwner.USER, "u2", 5);
            assertEquals(Optional.of(5L), r.quotas().find("local", FolderOwner.USER, "u2"), "inside a unit of work");
            r.quotas().put("local", FolderOwner.USER, "u2", 6);
            assertEquals(Optional.of(6L), r.quotas().find("local", FolderOwner.USER, "u2"), "inside a unit of work");
        });
        assertEquals(Optional.of(6L), r.quotas().find("local", FolderOwner.USER, "u2"));

        r.quotas().delete("local", FolderOwner.USER, "u2");
        r.quotas().delete("local", FolderOwner.USER, "u2");
        r.quotas().delete(null, FolderOwner.USER, "u2");
        r.quotas().delete("local", null, "u2");
        r.quotas().delete("local", FolderOwner.USER, null);
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, "u2"));
        assertEquals(Optional.of(1L << 50), r.quotas().find("local", FolderOwner.USER, "u1"));

        NotFoundException noVolume = assertThrows(NotFoundException.class,
                () -> r.quotas().put("ghost", FolderOwner.USER, "u1", 1));
        assertEquals("volume", noVolume.field());
        assertEquals("scope_id", assertThrows(ValidationException.class,
                () -> r.quotas().put("local", FolderOwner.USER, "s".repeat(129), 1)).field());
        assertEquals("volume", assertThrows(ValidationException.class,
                () -> r.quotas().put("v".repeat(65), FolderOwner.USER, "u1", 1)).field());

        r.quotas().deleteVolume("local");
        r.quotas().deleteVolume("local");
        r.quotas().deleteVolume(null);
        assertEquals(Map.of(), r.quotas().list("local", FolderOwner.USER));
        assertEquals(Map.of(), r.quotas().list("local", FolderOwner.PROJECT));
        assertEquals(Map.of("u1", 9L), r.quotas().list("nfs", FolderOwner.USER), "other volumes keep theirs");
    }

    @Test
    void deletingAVolumeDeletesItsQuotaLimitsAlsoWithinOneUnitOfWork() {
        r.volumes().insert(volume("local", T0));
        r.volumes().insert(volume("nfs", T0));
        r.quotas().put("local", FolderOwner.USER, "u1", 10);
        r.quotas().put("local", FolderOwner.PROJECT, "p1", 20);
        r.quotas().put("nfs", FolderOwner.USER, "u1", 30);

        r.unitOfWork().run(() -> {
            assertEquals(Optional.of(10L), r.quotas().find("local", FolderOwner.USER, "u1"));
            r.quotas().put("local", FolderOwner.USER, "u1", 11);
            r.volumes().delete("local");
            assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, "u1"), "no stale entity");
            assertEquals(Map.of(), r.quotas().list("local", FolderOwner.PROJECT));
        });
        assertEquals(Optional.empty(), r.volumes().find("local"));
        assertEquals(Map.of(), r.quotas().list("local", FolderOwner.USER));
        assertEquals(Map.of("u1", 30L), r.quotas().list("nfs", FolderOwner.USER));

        r.volumes().insert(volume("local", T0));
        assertEquals(Map.of(), r.quotas().list("local", FolderOwner.USER), "a new volume of the name starts empty");
        r.quotas().put("local", FolderOwner.USER, "u1", 12);
        r.volumes().delete("local");
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, "u1"));
    }

    @Test
    void aUnitOfWorkThatFailsRollsBackVolumesFoldersAndLimits() {
        r.volumes().insert(volume("local", T0));
        r.folders().insert(folder("f-1", "data", "local", FolderOwner.USER, "u1", "d1", T0));
        r.quotas().put("local", FolderOwner.USER, "u1", 100);

        ForbiddenException boom = new ForbiddenException("no");
        assertSame(boom, assertThrows(ForbiddenException.class, () -> r.unitOfWork().run(() -> {
            r.volumes().insert(volume("nfs", T0));
            r.volumes().update(full("local"));
            r.folders().insert(folder("f-2", "more", "nfs", FolderOwner.PROJECT, "p1", "d1", T0));
            r.folders().update(folder("f-1", "renamed", "nfs", FolderOwner.USER, "u1", "d1", T0));
            r.quotas().put("local", FolderOwner.USER, "u1", 200);
            r.quotas().put("nfs", FolderOwner.USER, "u1", 300);
            r.quotas().delete("local", FolderOwner.USER, "u1");
            r.folders().delete("f-1");
            assertEquals(List.of("f-2"), r.folders().all().stream().map(VFolder::id).toList(), "sees its own writes");
            throw boom;
        })));
        assertEquals(List.of(volume("local", T0)), r.volumes().list());
        assertEquals(List.of(folder("f-1", "data", "local", FolderOwner.USER, "u1", "d1", T0)), r.folders().all());
        assertEquals(Map.of("u1", 100L), r.quotas().list("local", FolderOwner.USER));
        assertEquals(Map.of(), r.quotas().list("nfs", FolderOwner.USER));
        assertFalse(r.unitOfWork().active());

        assertThrows(ConflictException.class, () -> r.unitOfWork().run(() -> {
            r.quotas().put("local", FolderOwner.USER, "u2", 5);
            r.folders().insert(folder("f-3", "other", "local", FolderOwner.USER, "u1", "d1", T0));
            r.folders().insert(folder("f-4", "data", "local", FolderOwner.USER, "u1", "d1", T0));
        }));
        assertEquals(Optional.empty(), r.quotas().find("local", FolderOwner.USER, "u2"), "rolled back");
        assertEquals(Optional.empty(), r.folders().find("f-3"), "rolled back");
        assertEquals(1, r.folders().countByOwner(FolderOwner.USER, "u1"));
    }
}
