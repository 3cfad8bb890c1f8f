package io.berth.shell.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.UnprocessableException;
import io.berth.core.identity.Caller;
import io.berth.core.storage.FileContent;
import io.berth.core.storage.FileEntry;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderPermission;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.ModelCard;
import io.berth.core.storage.QuotaView;
import io.berth.core.storage.StorageService;
import io.berth.core.storage.UsageMode;
import io.berth.core.storage.VFolder;
import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-written in-memory storage service that records every input and caller. Volume {@code local} has the
 * secret option {@code api_password} (its value never reaches a view); {@code netapp} has no quotas (422).
 */
class FakeStorageService implements StorageService {
    static final Instant T0 = FakeIdentityService.T0;

    final Map<String, VolumeView> volumes = new TreeMap<>();
    final Map<String, VFolder> folders = new LinkedHashMap<>();
    final Map<String, byte[]> files = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();
    final List<Caller> callers = new ArrayList<>();
    private int sequence = 1;

    FakeStorageService() {
        volumes.put("local", new VolumeView("local", "xfs", "/mnt/local", Map.of("project_quota", "true"),
                List.of("api_password"), true, null, List.of("vfolder", "quota"), 1L << 30, 4L << 40, 1, T0, T0));
        volumes.put("netapp", new VolumeView("netapp", "netapp", "/mnt/netapp", Map.of(), List.of(), false,
                "no backend plugin", List.of(), null, null, 0, T0, T0));
        folders.put("f-1", new VFolder("f-1", "data", "local", FolderOwner.USER, "u-1", "default", "u-1",
                UsageMode.GENERAL, FolderPermission.RW, false, T0, T0));
        files.put("f-1/docs/readme.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private VolumeView volume(String name) {
        VolumeView v = volumes.get(name);
        if (v == null) {
            throw new NotFoundException("no storage volume '" + name + "'", "name");
        }
        return v;
    }

    private VFolder folder(String id) {
        VFolder f = folders.get(id);
        if (f == null) {
            throw new NotFoundException("no folder '" + id + "'", "folder");
        }
        return f;
    }

    private static FolderView view(VFolder f) {
        return new FolderView(f, f.ownerKind() == FolderOwner.USER ? "alice@berth.io" : "models", FolderPermission.WD,
                f.usageMode() == UsageMode.MODEL);
    }

    @Override
    public List<VolumeView> listVolumes(Caller caller) {
        callers.add(caller);
        return List.copyOf(volumes.values());
    }

    @Override
    public VolumeView getVolume(Caller caller, String name) {
        callers.add(caller);
        return volume(name);
    }

    private VolumeView stored(VolumeInput in) {
        Map<String, String> open = new TreeMap<>();
        if (in.options() != null) {
            in.options().forEach((k, v) -> {
                if (in.secretOptions() == null || !in.secretOptions().contains(k)) {
                    open.put(k, v);
                }
            });
        }
        return new VolumeView(in.name(), in.backend(), in.mountPath(), open,
                in.secretOptions() == null ? List.of() : in.secretOptions(), true, null, List.of("vfolder"), null,
                null, 0, T0, T0);
    }

    @Override
    public VolumeView createVolume(Caller caller, VolumeInput input) {
        callers.add(caller);
        calls.add(input);
        if (volumes.containsKey(input.name())) {
            throw new ConflictException("storage volume '" + input.name() + "' exists", "name");
        }
        VolumeView v = stored(input);
        volumes.put(v.name(), v);
        return v;
    }

    @Override
    public VolumeView updateVolume(Caller caller, String name, VolumeInput input) {
        callers.add(caller);
        calls.add(input);
        VolumeView old = volume(name);
        VolumeView v = stored(new VolumeInput(name, input.backend() == null ? old.backend() : input.backend(),
                input.mountPath() == null ? old.mountPath() : input.mountPath(),
                input.options() == null ? old.options() : input.options(),
                input.secretOptions() == null ? old.secretOptions() : input.secretOptions()));
        volumes.put(name, v);
        return v;
    }

    @Override
    public void deleteVolume(Caller caller, String name) {
        callers.add(caller);
        if (volume(name).folderCount() > 0) {
            throw new ConflictException("folders live on storage volume '" + name + "'", "name");
        }
        volumes.remove(name);
    }

    private static QuotaView quota(String volume, FolderOwner kind, String scope, Long explicit) {
        return new QuotaView(volume, kind, "u-1", scope, 5L << 20, explicit == null ? 1L << 40 : explicit, explicit,
                explicit == null ? "policy" : "explicit", "default", 1L << 40, !"netapp".equals(volume));
    }

    @Override
    public List<QuotaView> listQuotas(Caller caller, String volume, FolderOwner kind) {
        callers.add(caller);
        calls.add(kind);
        volume(volume);
        return List.of(quota(volume, kind, "alice@berth.io", null));
    }

    @Override
    public QuotaView getQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        callers.add(caller);
        volume(volume);
        return quota(volume, kind, scope, null);
    }

    @Override
    public QuotaView setQuota(Caller caller, String volume, FolderOwner kind, String scope, long hardLimitBytes) {
        callers.add(caller);
        calls.add(hardLimitBytes);
        volume(volume);
        if ("netapp".equals(volume)) {
            throw new UnprocessableException("storage volume 'netapp' has no quota capability", "hard_limit",
                    "quota-unsupported");
        }
        return quota(volume, kind, scope, hardLimitBytes);
    }

    @Override
    public QuotaView unsetQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        callers.add(caller);
        calls.add("unset " + scope);
        volume(volume);
        return quota(volume, kind, scope, null);
    }

    @Override
    public List<String> allowedVolumes(Caller caller, String project) {
        callers.add(caller);
        return List.of("local");
    }

    @Override
    public FolderView createFolder(Caller caller, FolderInput input) {
        callers.add(caller);
        calls.add(input);
        String id = "f-" + (++sequence);
        VFolder f = new VFolder(id, input.name(), input.volume() == null ? "local" : input.volume(),
                "project".equals(input.type()) ? FolderOwner.PROJECT : FolderOwner.USER,
                "project".equals(input.type()) ? input.project() : caller.userId(), "default", caller.userId(),
                UsageMode.GENERAL, FolderPermission.RW, Boolean.TRUE.equals(input.cloneable()), T0, T0);
        folders.put(id, f);
        return view(f);
    }

    @Override
    public List<FolderView> listFolders(Caller caller, FolderQuery query) {
        callers.add(caller);
        calls.add(query);
        return folders.values().stream().map(FakeStorageService::view).toList();
    }

    @Override
    public FolderView getFolder(Caller caller, String folder) {
        callers.add(caller);
        return view(folder(folder));
    }

    @Override
    public FolderView updateFolder(Caller caller, String folder, FolderUpdate update) {
        callers.add(caller);
        calls.add(update);
        VFolder f = folder(folder);
        VFolder c = f.with(update.name() == null ? f.name() : update.name(), f.permission(),
                update.cloneable() == null ? f.cloneable() : update.cloneable(), T0);
        folders.put(folder, c);
        return view(c);
    }

    @Override
    public void deleteFolder(Caller caller, String folder) {
        callers.add(caller);
        folders.remove(folder(folder).id());
    }

    @Override
    public FolderView cloneFolder(Caller caller, String folder, FolderInput target) {
        callers.add(caller);
        folder(folder);
        calls.add(folder);
        return createFolder(caller, target);
    }

    @Override
    public List<FileEntry> listFiles(Caller caller, String folder, String path) {
        callers.add(caller);
        calls.add(path);
        folder(folder);
        return List.of(new FileEntry("docs", "docs", "directory", 0, T0),
                new FileEntry("model.bin", "model.bin", "file", 3L << 30, T0));
    }

    @Override
    public FileContent download(Caller caller, String folder, String path) {
        callers.add(caller);
        byte[] b = files.get(folder(folder).id() + "/" + path);
        if (b == null) {
            throw new NotFoundException("no file '" + path + "'", "path");
        }
        return new FileContent(path.substring(path.lastIndexOf('/') + 1), b.length, new ByteArrayInputStream(b));
    }

    @Override
    public FileEntry upload(Caller caller, String folder, String path, InputStream content, boolean overwrite) {
        callers.add(caller);
        calls.add(overwrite);
        String key = folder(folder).id() + "/" + path;
        if (files.containsKey(key) && !overwrite) {
            throw new ConflictException("file '" + path + "' exists", "path");
        }
        try {
            byte[] b = content.readAllBytes();
            files.put(key, b);
            return new FileEntry(path, path.substring(path.lastIndexOf('/') + 1), "file", b.length, T0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FileEntry makeDirectory(Caller caller, String folder, String path) {
        callers.add(caller);
        calls.add(path);
        folder(folder);
        return new FileEntry(path, path, "directory", 0, T0);
    }

    @Override
    public void deleteFile(Caller caller, String folder, String path, boolean recursive) {
        callers.add(caller);
        calls.add(path + (recursive ? " -r" : ""));
        folder(folder);
    }

    @Override
    public List<ModelCard> listModelCards(Caller caller) {
        callers.add(caller);
        return List.of(card());
    }

    private static ModelCard card() {
        return new ModelCard("f-9", "llama", "p-models", "default", true, "ready", null, "Llama 3", "A language model",
                List.of(new ModelCard.Model("llama-3", "/models/llama", Map.of("license", "custom"))));
    }

    @Override
    public ModelCard getModelCard(Caller caller, String folder) {
        callers.add(caller);
        if (!"f-9".equals(folder)) {
            throw new NotFoundException("no model card '" + folder + "'", "folder");
        }
        return card();
    }
}
