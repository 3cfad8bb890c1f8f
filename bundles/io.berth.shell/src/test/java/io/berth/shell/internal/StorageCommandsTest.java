package io.berth.shell.internal;

import static io.berth.shell.internal.AgentCommandsTest.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.VolumeInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume, quota, folder, file and model-card commands (SPEC S1–S7) against a fake storage service. */
class StorageCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeStorageService storage = new FakeStorageService();

    @TempDir
    Path dir;

    StorageCommandsTest() {
        identity.users.put("root@berth.io", user("u-root", "root@berth.io", Role.SUPERADMIN, "AKROOT"));
        identity.users.put("zed@berth.io", user("u-zed", "zed@berth.io", Role.SUPERADMIN, null));
        identity.users.put("alice@berth.io", user("u-1", "alice@berth.io", Role.USER, "AKALICE"));
    }

    private static User user(String id, String email, Role role, String key) {
        return new User(id, email, email, null, null, "hash", "default", role, UserStatus.ACTIVE, false, false, key,
                "default", Set.of(), FakeIdentityService.T0, FakeIdentityService.T0);
    }

    private Run run(StorageCommand command) throws Exception {
        command.storage = storage;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    // ---- volumes ----

    @Test
    void volumeListAndShowNeverShowSecretValues() throws Exception {
        Run run = run(new VolumeListCommand());
        assertEquals("", run.err());
        assertEquals(List.of("local", "xfs", "/mnt/local", "yes", "vfolder, quota", "1g of 4t", "1"),
                row(run, "local"));
        assertEquals("no", row(run, "netapp").get(3));
        assertTrue(run.out().endsWith("2 storage volumes\n"), run.out());
        assertTrue(storage.callers.stream().allMatch(c -> c == Caller.SYSTEM));

        VolumeShowCommand show = new VolumeShowCommand();
        show.name = "local";
        run = run(show);
        assertTrue(hasLine(run, "Options", "project_quota=true"), run.out());
        assertTrue(hasLine(run, "Secret options", "api_password (set, hidden)"), run.out());
        show.name = "netapp";
        assertTrue(hasLine(run(show), "Available", "no: no backend plugin"));
        show.name = "none";
        assertEquals("Error: no storage volume 'none' (field: name)\n", run(show).err());
    }

    @Test
    void volumeCreateSealsSecretOptionsAndShowsThemByNameOnly() throws Exception {
        VolumeCreateCommand create = new VolumeCreateCommand();
        create.name = "fast";
        create.backend = "xfs";
        create.mountPath = "/mnt/fast";
        create.options = List.of("region=eu");
        create.secretOptions = List.of("api_password=s3cr3t");
        Run run = run(create);
        assertEquals("", run.err());
        assertFalse(run.out().contains("s3cr3t"), run.out());
        assertEquals(new VolumeInput("fast", "xfs", "/mnt/fast", Map.of("region", "eu", "api_password", "s3cr3t"),
                List.of("api_password")), storage.calls.get(0));
        assertTrue(run.out().startsWith("Storage volume fast created.\n"), run.out());
        assertTrue(hasLine(run, "Secret options", "api_password (set, hidden)"), run.out());

        create.options = List.of("bad");
        assertEquals("Error: --option: 'bad' is not NAME=VALUE (field: options)\n", run(create).err());
        create.options = null;
        create.secretOptions = null;
        assertEquals("Error: storage volume 'fast' exists (field: name)\n", run(create).err());
    }

    @Test
    void volumeUpdateMergesOptionsAndKeepsSecretValues() throws Exception {
        VolumeUpdateCommand update = new VolumeUpdateCommand();
        update.name = "local";
        update.options = List.of("quota_mode=strict");
        Run run = run(update);
        assertEquals("", run.err());
        VolumeInput in = (VolumeInput) storage.calls.get(0);
        assertEquals("true", in.options().get("project_quota"), "other options stay");
        assertEquals("strict", in.options().get("quota_mode"));
        assertTrue(in.options().containsKey("api_password") && in.options().get("api_password") == null,
                "a stored secret is kept by passing null: " + in);
        assertEquals(List.of("api_password"), in.secretOptions());
        assertNull(in.name());

        VolumeUpdateCommand remove = new VolumeUpdateCommand();
        remove.name = "local";
        remove.removeOptions = List.of("project_quota,api_password");
        run(remove);
        VolumeInput removed = (VolumeInput) storage.calls.get(1);
        assertEquals(Map.of("quota_mode", "strict"), removed.options());
        assertEquals(List.of(), removed.secretOptions());

        VolumeUpdateCommand path = new VolumeUpdateCommand();
        path.name = "local";
        path.mountPath = "/srv/local";
        run(path);
        assertEquals(new VolumeInput(null, null, "/srv/local", null, null), storage.calls.get(2));

        VolumeUpdateCommand nothing = new VolumeUpdateCommand();
        nothing.name = "local";
        assertTrue(run(nothing).err().startsWith("Error: nothing to change"));
    }

    @Test
    void volumeDelete() throws Exception {
        VolumeDeleteCommand delete = new VolumeDeleteCommand();
        delete.name = "local";
        assertEquals("Error: folders live on storage volume 'local' (field: name)\n", run(delete).err());
        delete.name = "netapp";
        assertEquals("Storage volume netapp deleted.\n", run(delete).out());
    }

    // ---- quotas ----

    @Test
    void quotaCommands() throws Exception {
        QuotaListCommand list = new QuotaListCommand();
        list.volume = "local";
        Run run = run(list);
        assertEquals(List.of("user", "alice@berth.io", "5m", "1t", "policy", "u-1"), row(run, "user"));
        assertEquals(FolderOwner.USER, storage.calls.get(0));
        list.type = "project";
        run(list);
        assertEquals(FolderOwner.PROJECT, storage.calls.get(1));
        list.type = "team";
        assertTrue(run(list).err().contains("(field: type)"));

        QuotaSetCommand set = new QuotaSetCommand();
        set.volume = "local";
        set.type = "user";
        set.scope = "alice@berth.io";
        set.size = "1.5GiB";
        run = run(set);
        assertEquals("", run.err());
        assertEquals(3L << 29, storage.calls.get(storage.calls.size() - 1));
        assertTrue(run.out().startsWith("Quota of alice@berth.io on local set to 1536m.\n"), run.out());
        assertTrue(hasLine(run, "Hard limit", "1536m (explicit)"), run.out());
        set.size = "lots";
        assertTrue(run(set).err().startsWith("Error: hard_limit must be a size"), "sizes are checked first");
        set.size = "10g";
        set.volume = "netapp";
        assertEquals("Error: storage volume 'netapp' has no quota capability (field: hard_limit)\n", run(set).err());

        QuotaShowCommand show = new QuotaShowCommand();
        show.volume = "local";
        show.type = "user";
        show.scope = "alice@berth.io";
        assertTrue(hasLine(run(show), "Policy", "default (1t)"));

        QuotaUnsetCommand unset = new QuotaUnsetCommand();
        unset.volume = "local";
        unset.type = "user";
        unset.scope = "alice@berth.io";
        run = run(unset);
        assertTrue(run.out().startsWith("Quota of alice@berth.io on local unset.\n"), run.out());
        assertEquals("unset alice@berth.io", storage.calls.get(storage.calls.size() - 1));
    }

    // ---- folders ----

    @Test
    void folderListAsksForEveryFolder() throws Exception {
        FolderListCommand list = new FolderListCommand();
        list.volume = "local";
        list.usageMode = "general";
        Run run = run(list);
        assertEquals(new FolderQuery(null, null, "general", "local", null, true), storage.calls.get(0));
        assertEquals(List.of("f-1", "data", "user", "alice@berth.io", "local", "general", "rw", "no"),
                row(run, "f-1"));
        assertTrue(run.out().endsWith("1 folder\n"), run.out());
    }

    @Test
    void aUserFolderBelongsToTheFirstSuperadminOrTheOwnerGiven() throws Exception {
        FolderCreateCommand create = new FolderCreateCommand();
        create.name = "work";
        create.cloneable = true;
        Run run = run(create);
        assertEquals("", run.err());
        assertEquals(new FolderInput("work", null, null, null, null, null, true), storage.calls.get(0));
        Caller owner = storage.callers.get(storage.callers.size() - 1);
        assertEquals(new Caller("u-root", "root@berth.io", Role.SUPERADMIN, "default", "AKROOT"), owner,
                "the first active superadmin with a keypair");
        assertTrue(run.out().startsWith("Folder work created (f-2).\n"), run.out());

        create.owner = "alice@berth.io";
        run(create);
        assertEquals("u-1", storage.callers.get(storage.callers.size() - 1).userId());
        create.owner = "nobody@berth.io";
        assertTrue(run(create).err().startsWith("Error: no user with email"));

        FolderCreateCommand project = new FolderCreateCommand();
        project.name = "shared";
        project.type = "project";
        project.project = "default/models";
        project.permission = "ro";
        run(project);
        assertEquals(Caller.SYSTEM, storage.callers.get(storage.callers.size() - 1), "project folders need no user");
        assertEquals(new FolderInput("shared", "project", "default/models", null, null, "ro", null),
                storage.calls.get(storage.calls.size() - 1));

        identity.users.remove("root@berth.io");
        identity.users.remove("zed@berth.io");
        create.owner = null;
        assertEquals("Error: no active superadmin with a keypair to own the folder; give --owner <email> "
                + "(field: owner)\n", run(create).err());
    }

    @Test
    void folderShowUpdateCloneAndDelete() throws Exception {
        FolderShowCommand show = new FolderShowCommand();
        show.folder = "f-1";
        Run run = run(show);
        assertTrue(hasLine(run, "Owner", "alice@berth.io (u-1)"), run.out());
        assertTrue(hasLine(run, "Permission", "rw"), run.out());

        FolderUpdateCommand update = new FolderUpdateCommand();
        update.folder = "f-1";
        update.name = "data2";
        update.cloneable = "yes";
        run = run(update);
        assertEquals(new FolderUpdate("data2", null, true), storage.calls.get(0));
        assertTrue(hasLine(run, "Name", "data2"), run.out());
        update.name = null;
        update.cloneable = null;
        assertTrue(run(update).err().startsWith("Error: nothing to change"));

        FolderCloneCommand clone = new FolderCloneCommand();
        clone.folder = "f-1";
        clone.name = "copy";
        clone.volume = "local";
        run = run(clone);
        assertEquals("", run.err());
        assertEquals("u-root", storage.callers.get(storage.callers.size() - 1).userId(), "a clone needs a user");
        assertTrue(run.out().startsWith("Folder f-1 cloned into copy (f-2).\n"), run.out());

        FolderDeleteCommand delete = new FolderDeleteCommand();
        delete.folder = "f-2";
        assertEquals("Folder f-2 deleted.\n", run(delete).out());
        assertEquals("Error: no folder 'f-2' (field: folder)\n", run(delete).err());
    }

    // ---- files ----

    @Test
    void lsMkdirAndRm() throws Exception {
        FolderLsCommand ls = new FolderLsCommand();
        ls.folder = "f-1";
        Run run = run(ls);
        assertEquals("", storage.calls.get(0));
        assertEquals(List.of("directory", "-", "2025-01-02 03:04:05 UTC", "docs/"), row(run, "directory"));
        assertEquals(List.of("file", "3g", "2025-01-02 03:04:05 UTC", "model.bin"), row(run, "file"));
        assertTrue(run.out().endsWith("2 entries\n"), run.out());

        FolderMkdirCommand mkdir = new FolderMkdirCommand();
        mkdir.folder = "f-1";
        mkdir.path = "runs/1";
        assertEquals("Directory f-1:runs/1 created.\n", run(mkdir).out());

        FolderRmCommand rm = new FolderRmCommand();
        rm.folder = "f-1";
        rm.path = "runs";
        rm.recursive = true;
        assertEquals("Deleted f-1:runs.\n", run(rm).out());
        assertEquals("runs -r", storage.calls.get(storage.calls.size() - 1));
    }

    @Test
    void uploadAndDownloadRoundTripWritingAtomically() throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Path local = dir.resolve("weights.bin");
        Files.write(local, bytes);
        FolderUploadCommand up = new FolderUploadCommand();
        up.folder = "f-1";
        up.file = local.toString();
        up.path = "models/weights.bin";
        Run run = run(up);
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Uploaded " + local + " to f-1:models/weights.bin ("), run.out());
        assertEquals(false, storage.calls.get(0));
        assertArrayEquals(bytes, storage.files.get("f-1/models/weights.bin"));
        assertEquals("Error: file 'models/weights.bin' exists (field: path)\n", run(up).err());
        up.overwrite = true;
        assertEquals("", run(up).err());
        up.file = dir.resolve("missing").toString();
        assertTrue(run(up).err().contains("is not a file (field: file)"));

        FolderDownloadCommand down = new FolderDownloadCommand();
        down.folder = "f-1";
        down.path = "models/weights.bin";
        down.file = dir.resolve("copy.bin").toString();
        run = run(down);
        assertEquals("", run.err());
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("copy.bin")));
        assertTrue(run.out().startsWith("Downloaded f-1:models/weights.bin to " + dir.resolve("copy.bin")),
                run.out());

        Files.writeString(dir.resolve("keep.txt"), "mine");
        down.file = dir.resolve("keep.txt").toString();
        assertTrue(run(down).err().contains("exists; give --force to replace it"));
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
        down.force = true;
        assertEquals("", run(down).err());
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("keep.txt")));

        down.path = "none.bin";
        down.file = dir.resolve("none.bin").toString();
        assertEquals("Error: no file 'none.bin' (field: path)\n", run(down).err());
        assertFalse(Files.exists(dir.resolve("none.bin")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial files left");
        }
    }

    // ---- model cards ----

    @Test
    void modelCards() throws Exception {
        Run run = run(new ModelCardListCommand());
        assertEquals(List.of("f-9", "llama", "Llama 3", "ready", "1", "yes"), row(run, "f-9"));
        ModelCardShowCommand show = new ModelCardShowCommand();
        show.folder = "f-9";
        run = run(show);
        assertTrue(hasLine(run, "Title", "Llama 3"), run.out());
        assertTrue(run.out().contains("  llama-3 at /models/llama\n    license: custom\n"), run.out());
        show.folder = "f-1";
        assertEquals("Error: no model card 'f-1' (field: folder)\n", run(show).err());
    }

    // ---- completers ----

    private static List<String> complete(org.apache.karaf.shell.api.console.Completer c, String word) {
        List<String> candidates = new ArrayList<>();
        c.complete(null, TestCommandLines.at("berth:volume-show", word), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    @Test
    void completesVolumeNamesAndFolderIds() {
        VolumeNameCompleter volumes = new VolumeNameCompleter();
        volumes.storage = storage;
        assertEquals(List.of("local", "netapp"), complete(volumes, ""));
        assertEquals(List.of("netapp"), complete(volumes, "ne"));
        FolderIdCompleter folders = new FolderIdCompleter();
        folders.storage = storage;
        assertEquals(List.of("f-1"), complete(folders, "f"));
        assertEquals(StorageCommand.ALL_FOLDERS, storage.calls.get(storage.calls.size() - 1));

        FakeStorageService failing = new FakeStorageService() {
            @Override
            public List<io.berth.core.storage.VolumeView> listVolumes(Caller caller) {
                throw new io.berth.core.error.ForbiddenException("no");
            }

            @Override
            public List<io.berth.core.storage.FolderView> listFolders(Caller caller, FolderQuery query) {
                throw new io.berth.core.error.ForbiddenException("no");
            }
        };
        volumes.storage = failing;
        folders.storage = failing;
        assertEquals(List.of(), complete(volumes, ""));
        assertEquals(List.of(), complete(folders, ""));
    }
}
