package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.StorageVolume;
import io.berth.core.storage.VFolder;
import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import io.berth.core.testing.FakeStorageBackend;
import io.berth.core.testing.Fakes;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC S1–S3: volumes, their backends and secrets; folders, their limits, hosts and permissions. */
class StorageServiceImplTest extends StorageFixture {

    // ---------------------------------------------------------------- volumes

    @Test
    void theDefaultVolumeIsCreatedOnceWithItsDirectoryAndStaysDeletedWhenDeleted() {
        // the fixture configured volumes already: a first start finds none only on an empty database
        StorageServiceImpl fresh = new StorageServiceImpl(f.tx, new io.berth.core.testing.FakeVolumeRepository(f.tx),
                f.folders, f.quotas, f.users, f.projects, f.domains, f.keyPairs, f.keyPairPolicies, f.userPolicies,
                f.projectPolicies, f.sessions, new RegistryKey(RegistryKey.random()), w.clock);
        java.nio.file.Path dir = tmp.resolve("data/vfolders");
        assertTrue(fresh.ensureDefaultVolume(f.pluginData, dir));
        assertTrue(Files.isDirectory(dir), "the volume's directory is there for the vfs backend");
        VolumeView local = fresh.getVolume(root, "local");
        assertEquals("vfs", local.backend());
        assertEquals(dir.toString(), local.mountPath());
        assertFalse(fresh.ensureDefaultVolume(f.pluginData, dir), "created once");
        fresh.deleteVolume(root, "local");
        assertFalse(fresh.ensureDefaultVolume(f.pluginData, dir), "an administrator's deletion lasts");
        assertThrows(NotFoundException.class, () -> fresh.getVolume(root, "local"));
    }

    @Test
    void superadminConfiguresVolumesAndMonitorReadsThem() {
        VolumeView v = volume("extra", VFS, Map.of("mode", "fast"));
        assertEquals("extra", v.name());
        assertEquals(VFS, v.backend());
        assertTrue(v.available());
        assertEquals(List.of("vfolder"), v.capabilities());
        assertEquals(Map.of("mode", "fast"), v.options());
        assertEquals(List.of("extra", "qv", "vv"), svc.listVolumes(mon).stream().map(VolumeView::name).toList());
        assertEquals(List.of("vfolder", "clone", "quota", "usage"), svc.getVolume(mon, "qv").capabilities());

        VolumeView changed = svc.updateVolume(root, "extra", new VolumeInput(null, null, null, Map.of("mode", "slow"),
                null));
        assertEquals(Map.of("mode", "slow"), changed.options());
        assertEquals(Map.of("mode", "slow"), f.volumes.find("extra").orElseThrow().options());

        svc.deleteVolume(root, "extra");
        assertTrue(f.volumes.find("extra").isEmpty());
        assertThrows(NotFoundException.class, () -> svc.getVolume(root, "extra"));
    }

    @Test
    void adminsAndUsersMayNeitherReadNorConfigureVolumes() {
        Fakes.State before = f.state();
        for (Caller c : List.of(adminA, alice)) {
            assertThrows(ForbiddenException.class, () -> svc.listVolumes(c));
            assertThrows(ForbiddenException.class, () -> svc.getVolume(c, "vv"));
            assertThrows(ForbiddenException.class, () -> svc.createVolume(c,
                    new VolumeInput("x", VFS, mount("x").toString(), Map.of(), null)));
            assertThrows(ForbiddenException.class, () -> svc.updateVolume(c, "vv",
                    new VolumeInput(null, null, null, Map.of("a", "b"), null)));
            assertThrows(ForbiddenException.class, () -> svc.deleteVolume(c, "vv"));
        }
        assertThrows(ForbiddenException.class, () -> svc.createVolume(mon,
                new VolumeInput("x", VFS, mount("x").toString(), Map.of(), null)));
        assertThrows(ForbiddenException.class, () -> svc.deleteVolume(mon, "vv"));
        assertEquals("", before.diff(f.state()));
    }

    @Test
    void invalidVolumesAreRefusedNamingTheField() {
        String m = mount("x").toString();
        refused(ValidationException.class, "name", () -> svc.createVolume(root, new VolumeInput("../x", VFS, m,
                Map.of(), null)));
        refused(ValidationException.class, "name", () -> svc.createVolume(root, new VolumeInput("", VFS, m,
                Map.of(), null)));
        refused(ValidationException.class, "backend", () -> svc.createVolume(root, new VolumeInput("x", "Bad Type",
                m, Map.of(), null)));
        refused(ValidationException.class, "mount_path", () -> svc.createVolume(root, new VolumeInput("x", VFS,
                "relative/dir", Map.of(), null)));
        refused(ValidationException.class, "mount_path", () -> svc.createVolume(root, new VolumeInput("x", VFS,
                m + "/../y", Map.of(), null)));
        refused(ValidationException.class, "mount_path", () -> svc.createVolume(root, new VolumeInput("x", VFS,
                "/srv/a:b", Map.of(), null)));
        refused(ValidationException.class, "options", () -> svc.createVolume(root, new VolumeInput("x", VFS, m,
                Map.of("Bad Name", "v"), null)));
        refused(ValidationException.class, "options", () -> svc.createVolume(root, new VolumeInput("x", VFS, m,
                Map.of("ok", "a\0b"), null)));
        refused(ValidationException.class, "secret_options", () -> svc.createVolume(root, new VolumeInput("x", VFS,
                m, Map.of(), List.of("api_key"))));
        assertTrue(f.volumes.find("x").isEmpty());
        refused(ConflictException.class, "name", () -> svc.createVolume(root, new VolumeInput("vv", VFS, m,
                Map.of(), null)));
    }

    @Test
    void secretOptionsAreSealedHiddenAndOpenedOnlyForTheBackend() {
        VolumeView v = volume("sec", VFS, Map.of("password", "hunter2-clear", "endpoint", "https://api.example"));
        assertEquals(Map.of("endpoint", "https://api.example"), v.options());
        assertEquals(List.of("password"), v.secretOptions());
        assertFalse(v.toString().contains("hunter2-clear"));
        assertFalse(svc.getVolume(root, "sec").toString().contains("hunter2-clear"));
        StorageVolume row = f.volumes.find("sec").orElseThrow();
        assertTrue(row.secretOptions().contains("password"));
        assertNotEquals("hunter2-clear", row.options().get("password"));
        assertFalse(row.options().get("password").contains("hunter2-clear"));

        allowDomain("alpha", "sec");
        mine(alice, "data", "sec");
        Volume seen = vfs.volumesSeen().get(vfs.volumesSeen().size() - 1);
        assertEquals("hunter2-clear", seen.options().get("password"));

        // the secret given as null keeps its stored value; other options are replaced
        Map<String, String> keep = new HashMap<>();
        keep.put("password", null);
        keep.put("endpoint", "https://other.example");
        VolumeView updated = svc.updateVolume(root, "sec", new VolumeInput(null, null, null, keep, null));
        assertEquals(Map.of("endpoint", "https://other.example"), updated.options());
        assertEquals(row.options().get("password"), f.volumes.find("sec").orElseThrow().options().get("password"));
        mine(alice, "data2", "sec");
        seen = vfs.volumesSeen().get(vfs.volumesSeen().size() - 1);
        assertEquals("hunter2-clear", seen.options().get("password"));
        assertEquals("https://other.example", seen.options().get("endpoint"));

        // a declared secret is sealed too
        assertEquals(Map.of("api_key", "k-123"), volume("sec2", VFS, Map.of("api_key", "k-123")).options());
        VolumeView sealed = svc.createVolume(root, new VolumeInput("sec3", VFS, mount("sec3").toString(),
                Map.of("api_key", "k-123"), List.of("api_key")));
        assertEquals(Map.of(), sealed.options());
        assertNotEquals("k-123", f.volumes.find("sec3").orElseThrow().options().get("api_key"));
    }

    @Test
    void aVolumeWithoutItsBackendIsUnavailableUntilTheBackendArrives() {
        FakeStorageBackend later = FakeStorageBackend.vfsLike("later");
        VolumeView v = volume("lv", "later");
        assertFalse(v.available());
        assertTrue(v.unavailableReason().contains("later"), v.unavailableReason());
        assertEquals(List.of(), v.capabilities());
        allowDomain("alpha", "lv");
        Fakes.State before = f.state();
        assertThrows(ConflictException.class, () -> mine(alice, "data", "lv"));
        assertEquals("", before.diff(f.state()));

        bind(later);
        assertTrue(svc.getVolume(root, "lv").available());
        assertNull(svc.getVolume(root, "lv").unavailableReason());
        FolderView made = mine(alice, "data", "lv");
        assertTrue(Files.isDirectory(dir(made.folder())));

        unbind(later);
        VolumeView gone = svc.getVolume(root, "lv");
        assertFalse(gone.available());
        assertEquals(1, gone.folderCount());
        assertThrows(ConflictException.class, () -> mine(alice, "data2", "lv"));
    }

    @Test
    void aVolumeHoldingFoldersCannotBeDeleted() {
        volume("dv", VFS);
        allowDomain("alpha", "dv");
        FolderView folder = mine(alice, "data", "dv");
        assertEquals(1, svc.getVolume(root, "dv").folderCount());
        assertThrows(ConflictException.class, () -> svc.deleteVolume(root, "dv"));
        assertTrue(f.volumes.find("dv").isPresent());
        svc.deleteFolder(alice, folder.folder().id());
        svc.deleteVolume(root, "dv");
        assertTrue(f.volumes.find("dv").isEmpty());
    }

    // ---------------------------------------------------------------- allowed hosts

    @Test
    void theDomainsAllowedHostsLetAUserCreateAFolder() {
        volume("hd", VFS);
        refused(ForbiddenException.class, "volume", () -> mine(alice, "data", "hd"));
        allowDomain("alpha", "hd");
        FolderView v = mine(alice, "data", "hd");
        assertEquals(FolderOwner.USER, v.folder().ownerKind());
        assertEquals(w.alice.id(), v.folder().ownerId());
        assertEquals("hd", v.folder().volume());
        assertEquals(FolderPermission.RW, v.myPermission());
        assertTrue(Files.isDirectory(dir(v.folder())));
    }

    @Test
    void theKeyPairPolicysAllowedHostsLetAUserCreateAFolder() {
        volume("hk", VFS);
        refused(ForbiddenException.class, "volume", () -> mine(alice, "data", "hk"));
        allowKeyPairPolicy("default", "hk");
        assertEquals("hk", mine(alice, "data", "hk").folder().volume());
        assertTrue(svc.allowedVolumes(alice, null).contains("hk"));
    }

    @Test
    void theProjectsAllowedHostsLetAUserCreateAFolder() {
        volume("hp", VFS);
        refused(ForbiddenException.class, "volume", () -> mine(alice, "data", "hp"));
        refused(ForbiddenException.class, "volume", () -> svc.createFolder(adminA, projectFolder("research", "shared",
                "hp", null)));
        allowProject(w.researchA.id(), "hp");
        assertTrue(svc.allowedVolumes(alice, null).contains("hp"));
        assertEquals("hp", mine(alice, "data", "hp").folder().volume());
        assertEquals("hp", svc.createFolder(adminA, projectFolder("research", "shared", "hp", null)).folder()
                .volume());
        // carol is not in research: its hosts are not hers
        refused(ForbiddenException.class, "volume", () -> mine(carol, "data", "hp"));
    }

    @Test
    void noSourceAllowingTheVolumeRefusesTheFolder() {
        volume("hn", VFS);
        Fakes.State before = f.state();
        refused(ForbiddenException.class, "volume", () -> mine(alice, "data", "hn"));
        refused(ForbiddenException.class, "volume", () -> mine(bob, "data", "vv"));
        assertEquals("", before.diff(f.state()));
        assertEquals(List.of(), dirs("hn", "user", w.alice.id()));
        assertFalse(svc.allowedVolumes(alice, null).contains("hn"));
    }

    // ---------------------------------------------------------------- folders

    @Test
    void folderNamesFollowTheRules() {
        for (String bad : List.of(".ssh", ".bashrc", "x".repeat(65), "a/b", "", ".", "..", ".config")) {
            refused(ValidationException.class, "name", () -> mine(alice, bad, "vv"));
        }
        assertEquals(0, f.folders.rows().size());
        assertEquals(List.of(), dirs("vv", "user", w.alice.id()));
        assertEquals("x".repeat(64), mine(alice, "x".repeat(64), "vv").folder().name());
        assertEquals(".hidden-data", mine(alice, ".hidden-data", "vv").folder().name());
    }

    @Test
    void aDuplicateNameIsAConflict() {
        mine(alice, "data", "vv");
        Fakes.State before = f.state();
        refused(ConflictException.class, "name", () -> mine(alice, "data", "vv"));
        refused(ConflictException.class, "name", () -> mine(alice, "data", "qv"));
        assertEquals("", before.diff(f.state()));
        assertEquals(1, dirs("vv", "user", w.alice.id()).size());
        // another owner may use the name
        assertEquals("data", mine(carol, "data", "vv").folder().name());
    }

    @Test
    void theUserPolicysFolderCountIsALimit() {
        userPolicy(2, null);
        mine(alice, "one", "vv");
        mine(alice, "two", "qv");
        Fakes.State before = f.state();
        List<String> vvDirs = dirs("vv", "user", w.alice.id());
        List<String> qvDirs = dirs("qv", "user", w.alice.id());
        qfs.clearCalls();
        vfs.clearCalls();
        assertThrows(ConflictException.class, () -> mine(alice, "three", "vv"));
        assertThrows(ConflictException.class, () -> mine(alice, "three", "qv"));
        assertEquals("", before.diff(f.state()));
        assertEquals(vvDirs, dirs("vv", "user", w.alice.id()));
        assertEquals(qvDirs, dirs("qv", "user", w.alice.id()));
        assertTrue(vfs.calls().stream().noneMatch(c -> c.startsWith("createFolder")), vfs.calls().toString());
        assertTrue(qfs.calls().stream().noneMatch(c -> c.startsWith("createFolder")), qfs.calls().toString());
        // the limit is per owner
        mine(carol, "three", "vv");
    }

    @Test
    void aPlainUserCannotCreateAProjectFolder() {
        Fakes.State before = f.state();
        assertThrows(ForbiddenException.class, () -> svc.createFolder(alice, projectFolder("research", "shared",
                "vv", null)));
        assertEquals("", before.diff(f.state()));
        // another domain's admin does not even see the project
        assertThrows(NotFoundException.class, () -> svc.createFolder(adminB, projectFolder(w.researchA.id(),
                "shared", "vv", null)));
        assertEquals("", before.diff(f.state()));
    }

    @Test
    void membersSeeAProjectFolderAtOnceWithItsPermission() {
        FolderView made = svc.createFolder(adminA, projectFolder("research", "shared", "vv", "ro"));
        VFolder folder = made.folder();
        assertEquals(FolderOwner.PROJECT, folder.ownerKind());
        assertEquals(w.researchA.id(), folder.ownerId());
        assertEquals(FolderPermission.WD, made.myPermission());
        assertEquals("research", made.ownerName());
        assertTrue(Files.isDirectory(dir(folder)));

        List<FolderView> alicesFolders = svc.listFolders(alice, FolderQuery.MINE);
        assertEquals(List.of(folder.id()), alicesFolders.stream().map(v -> v.folder().id()).toList());
        assertEquals(FolderPermission.RO, alicesFolders.get(0).myPermission());
        assertEquals(FolderPermission.RO, svc.getFolder(alice, folder.id()).myPermission());
        assertEquals(folder.id(), svc.getFolder(alice, "shared").folder().id());

        assertThrows(NotFoundException.class, () -> svc.getFolder(carol, folder.id()));
        assertThrows(NotFoundException.class, () -> svc.getFolder(carol, "shared"));
        assertEquals(List.of(), svc.listFolders(carol, FolderQuery.MINE));
        assertThrows(NotFoundException.class, () -> svc.getFolder(adminB, folder.id()));
        assertEquals(List.of(), svc.listFolders(adminB, new FolderQuery(null, null, null, null, null, true)));
        assertEquals(List.of(), svc.listFolders(bob, FolderQuery.MINE));
        assertEquals(1, svc.listFolders(adminA, new FolderQuery(null, null, null, null, null, true)).size());
        assertEquals(FolderPermission.RO, svc.getFolder(mon, folder.id()).myPermission());
    }

    @Test
    void aVolumeMayForbidProjectFolders() {
        volume("np", VFS, Map.of("allow_project_folders", "false"));
        allowDomain("alpha", "np");
        Fakes.State before = f.state();
        refused(ForbiddenException.class, "volume", () -> svc.createFolder(adminA, projectFolder("research",
                "shared", "np", null)));
        assertEquals("", before.diff(f.state()));
        mine(alice, "mine", "np");
    }

    @Test
    void theProjectPolicysFolderCountIsALimit() {
        projectPolicy(1, null);
        svc.createFolder(adminA, projectFolder("research", "one", "vv", null));
        Fakes.State before = f.state();
        assertThrows(ConflictException.class, () -> svc.createFolder(adminA, projectFolder("research", "two", "vv",
                null)));
        assertEquals("", before.diff(f.state()));
        assertEquals(1, dirs("vv", "project", w.researchA.id()).size());
        // alice's own folders count against her user policy, not the project's
        mine(alice, "two", "vv");
    }

    @Test
    void foldersAreChangedByTheirOwnerOrTheDomainsAdmins() {
        VFolder own = mine(alice, "data", "vv").folder();
        FolderView renamed = svc.updateFolder(alice, "data", new FolderUpdate("renamed", null, true));
        assertEquals("renamed", renamed.folder().name());
        assertTrue(renamed.folder().cloneable());
        assertEquals("renamed", f.folders.find(own.id()).orElseThrow().name());
        refused(ValidationException.class, "name", () -> svc.updateFolder(alice, own.id(), new FolderUpdate(".ssh",
                null, null)));
        mine(alice, "other", "vv");
        refused(ConflictException.class, "name", () -> svc.updateFolder(alice, own.id(), new FolderUpdate("other",
                null, null)));
        assertThrows(NotFoundException.class, () -> svc.updateFolder(carol, own.id(), new FolderUpdate("x", null,
                null)));
        assertThrows(NotFoundException.class, () -> svc.updateFolder(adminB, own.id(), new FolderUpdate("x", null,
                null)));
        assertEquals("by-admin", svc.updateFolder(adminA, own.id(), new FolderUpdate("by-admin", null, null))
                .folder().name());

        VFolder shared = svc.createFolder(adminA, projectFolder("research", "shared", "vv", "ro")).folder();
        Fakes.State before = f.state();
        assertThrows(ForbiddenException.class, () -> svc.updateFolder(alice, shared.id(), new FolderUpdate(null,
                "rw", null)));
        assertThrows(ForbiddenException.class, () -> svc.updateFolder(mon, shared.id(), new FolderUpdate(null,
                "rw", null)));
        assertEquals("", before.diff(f.state()));
        svc.updateFolder(adminA, shared.id(), new FolderUpdate(null, "rw", null));
        assertEquals(FolderPermission.RW, svc.getFolder(alice, shared.id()).myPermission());
        refused(ValidationException.class, "permission", () -> svc.updateFolder(adminA, shared.id(),
                new FolderUpdate(null, "all", null)));
    }

    @Test
    void deletingAFolderRemovesItsRowAndDirectory() {
        VFolder own = mine(alice, "data", "vv").folder();
        put(alice, own.id(), "a/b.txt", "hello");
        VFolder shared = svc.createFolder(adminA, projectFolder("research", "shared", "qv", null)).folder();
        assertThrows(NotFoundException.class, () -> svc.deleteFolder(carol, own.id()));
        assertThrows(ForbiddenException.class, () -> svc.deleteFolder(alice, shared.id()));
        assertTrue(f.folders.find(shared.id()).isPresent());

        svc.deleteFolder(alice, "data");
        assertTrue(f.folders.find(own.id()).isEmpty());
        assertFalse(Files.exists(dir(own)));
        svc.deleteFolder(adminA, shared.id());
        assertTrue(f.folders.find(shared.id()).isEmpty());
        assertFalse(Files.exists(dir(shared)));
        assertThrows(NotFoundException.class, () -> svc.getFolder(alice, own.id()));
    }

    @Test
    void aBackendFailureRollsTheFolderBack() {
        Fakes.State before = f.state();
        vfs.failNext("createFolder", new StorageException("disk on fire"));
        ConflictException e = assertThrows(ConflictException.class, () -> mine(alice, "data", "vv"));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertEquals("", before.diff(f.state()));
        assertEquals(List.of(), dirs("vv", "user", w.alice.id()));
        // and a failing delete keeps the row
        VFolder made = mine(alice, "data", "vv").folder();
        vfs.failNext("deleteFolder", new StorageException("busy"));
        assertThrows(ConflictException.class, () -> svc.deleteFolder(alice, made.id()));
        assertTrue(f.folders.find(made.id()).isPresent());
    }
}
