package io.berth.rest.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.UnprocessableException;
import io.berth.core.error.ValidationException;
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
import java.util.Set;
import java.util.TreeMap;

/**
 * A hand-written in-memory storage service. It records every input as given and applies a few of core's rules:
 * only superadmins manage volumes and quotas; a user sees their own folders and superadmins every folder;
 * deleting files needs {@code wd}. Secret options are "sealed" by prefixing {@code sealed:} and never put in a
 * view. The volume {@code netapp} has no quota capability (setting a quota there is 422).
 */
class FakeStorageService implements StorageService {
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-04-05T06:07:08Z");
    static final String ALICE_ID = FakeAuthService.LIMITED.userId();

    /** name → stored options (secret ones sealed) and their secret names. */
    final Map<String, VolumeInput> volumes = new TreeMap<>();
    final Map<String, VFolder> folders = new LinkedHashMap<>();
    /** folder id → path → content (directories: null). */
    final Map<String, Map<String, byte[]>> files = new TreeMap<>();
    final Map<String, Long> explicitQuotas = new TreeMap<>();
    final List<Object> calls = new ArrayList<>();
    final List<Caller> callers = new ArrayList<>();
    /** Runs when an upload reaches the service, before it reads the body. */
    Runnable onUpload = () -> { };
    private int sequence = 2;

    FakeStorageService() {
        volumes.put("local", new VolumeInput("local", "xfs", "/mnt/local", Map.of("project_quota", "true",
                "api_password", "sealed:hunter2"), List.of("api_password")));
        volumes.put("netapp", new VolumeInput("netapp", "netapp", "/mnt/netapp", Map.of("svm", "svm1"), List.of()));
        folders.put("f-1", new VFolder("f-1", "data", "local", FolderOwner.USER, ALICE_ID, "default", ALICE_ID,
                UsageMode.GENERAL, FolderPermission.RW, false, T0, T1));
        folders.put("f-2", new VFolder("f-2", "llama", "local", FolderOwner.PROJECT, "p-models", "default",
                "id-admin@berth.io", UsageMode.MODEL, FolderPermission.RO, true, T0, T0));
        Map<String, byte[]> f1 = new TreeMap<>();
        f1.put("docs", null);
        f1.put("docs/readme.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("f-1", f1);
        files.put("f-2", new TreeMap<>(Map.of("model-definition.yaml", "models: []".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))));
    }

    private void admin(Caller caller) {
        if (!caller.isSuperadmin()) {
            throw new ForbiddenException("only superadmins manage storage volumes");
        }
    }

    private VolumeInput volume(String name) {
        VolumeInput v = volumes.get(name);
        if (v == null) {
            throw new NotFoundException("no storage volume '" + name + "'", "name");
        }
        return v;
    }

    private VolumeView view(VolumeInput v) {
        Map<String, String> open = new TreeMap<>(v.options());
        open.keySet().removeAll(v.secretOptions());
        boolean available = !"netapp".equals(v.name());
        long count = folders.values().stream().filter(f -> f.volume().equals(v.name())).count();
        return new VolumeView(v.name(), v.backend(), v.mountPath(), open, v.secretOptions(), available,
                available ? null : "no backend plugin for netapp is installed",
                available ? List.of("vfolder", "quota", "usage") : List.of(), available ? 1024L : null,
                available ? 4096L : null, count, T0, T1);
    }

    @Override
    public List<VolumeView> listVolumes(Caller caller) {
        callers.add(caller);
        admin(caller);
        return volumes.values().stream().map(this::view).toList();
    }

    @Override
    public VolumeView getVolume(Caller caller, String name) {
        callers.add(caller);
        admin(caller);
        return view(volume(name));
    }

    @Override
    public VolumeView createVolume(Caller caller, VolumeInput input) {
        callers.add(caller);
        calls.add(input);
        admin(caller);
        if (input.name() == null) {
            throw new ValidationException("name is required", "name");
        }
        if (volumes.containsKey(input.name())) {
            throw new ConflictException("storage volume '" + input.name() + "' exists", "name");
        }
        VolumeInput stored = seal(input);
        volumes.put(input.name(), stored);
        return view(stored);
    }

    private static VolumeInput seal(VolumeInput in) {
        Map<String, String> options = new TreeMap<>();
        List<String> secret = in.secretOptions() == null ? List.of() : in.secretOptions();
        if (in.options() != null) {
            in.options().forEach((k, v) -> options.put(k, secret.contains(k) ? "sealed:" + v : v));
        }
        return new VolumeInput(in.name(), in.backend() == null ? "xfs" : in.backend(), in.mountPath(), options,
                secret);
    }

    @Override
    public VolumeView updateVolume(Caller caller, String name, VolumeInput input) {
        callers.add(caller);
        calls.add(input);
        admin(caller);
        VolumeInput old = volume(name);
        if (input.name() != null && !input.name().equals(name)) {
            throw new ValidationException("a volume's name cannot change", "name");
        }
        VolumeInput stored = seal(new VolumeInput(name, input.backend() == null ? old.backend() : input.backend(),
                input.mountPath() == null ? old.mountPath() : input.mountPath(),
                input.options() == null ? Map.of() : input.options(),
                input.secretOptions() == null ? old.secretOptions() : input.secretOptions()));
        volumes.put(name, stored);
        return view(stored);
    }

    @Override
    public void deleteVolume(Caller caller, String name) {
        callers.add(caller);
        admin(caller);
        volume(name);
        if (folders.values().stream().anyMatch(f -> f.volume().equals(name))) {
            throw new ConflictException("folders live on storage volume '" + name + "'", "name");
        }
        volumes.remove(name);
    }

    private QuotaView quota(String volume, FolderOwner kind, String scope) {
        String id = "alice@berth.io".equals(scope) ? ALICE_ID : scope;
        if (kind == FolderOwner.USER && !ALICE_ID.equals(id)) {
            throw new NotFoundException("no user '" + scope + "'", "scope");
        }
        Long explicit = explicitQuotas.get(volume + "/" + kind.wire() + "/" + id);
        long policy = 1L << 40;
        return new QuotaView(volume, kind, id, kind == FolderOwner.USER ? "alice@berth.io" : id, 5L,
                explicit == null ? policy : explicit, explicit, explicit == null ? "policy" : "explicit", "default",
                policy, !"netapp".equals(volume));
    }

    @Override
    public List<QuotaView> listQuotas(Caller caller, String volume, FolderOwner kind) {
        callers.add(caller);
        calls.add(kind);
        admin(caller);
        volume(volume);
        return kind == FolderOwner.USER ? List.of(quota(volume, kind, ALICE_ID))
                : List.of(quota(volume, kind, "p-models"));
    }

    @Override
    public QuotaView getQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        callers.add(caller);
        calls.add(scope);
        admin(caller);
        volume(volume);
        return quota(volume, kind, scope);
    }

    @Override
    public QuotaView setQuota(Caller caller, String volume, FolderOwner kind, String scope, long hardLimitBytes) {
        callers.add(caller);
        calls.add(hardLimitBytes);
        admin(caller);
        volume(volume);
        if ("netapp".equals(volume)) {
            throw new UnprocessableException("storage volume 'netapp' has no quota capability", "hard_limit",
                    "quota-unsupported");
        }
        QuotaView q = quota(volume, kind, scope);
        explicitQuotas.put(volume + "/" + kind.wire() + "/" + q.scopeId(), hardLimitBytes);
        return quota(volume, kind, scope);
    }

    @Override
    public QuotaView unsetQuota(Caller caller, String volume, FolderOwner kind, String scope) {
        callers.add(caller);
        admin(caller);
        volume(volume);
        QuotaView q = quota(volume, kind, scope);
        explicitQuotas.remove(volume + "/" + kind.wire() + "/" + q.scopeId());
        return quota(volume, kind, scope);
    }

    @Override
    public List<String> allowedVolumes(Caller caller, String project) {
        callers.add(caller);
        calls.add(project == null ? "hosts" : "hosts:" + project);
        return List.of("local");
    }

    private boolean sees(Caller caller, VFolder f) {
        return caller.isSuperadmin() || f.ownerId().equals(caller.userId());
    }

    private VFolder folder(Caller caller, String ref) {
        VFolder f = folders.get(ref);
        if (f == null) {
            f = folders.values().stream().filter(x -> x.name().equals(ref) && x.ownerId().equals(caller.userId()))
                    .findFirst().orElse(null);
        }
        if (f == null || !sees(caller, f)) {
            throw new NotFoundException("no folder '" + ref + "'", "folder");
        }
        return f;
    }

    private FolderView view(Caller caller, VFolder f) {
        return new FolderView(f, f.ownerKind() == FolderOwner.USER ? "alice@berth.io" : "models",
                caller.isSuperadmin() ? FolderPermission.WD : f.permission(), f.usageMode() == UsageMode.MODEL);
    }

    @Override
    public FolderView createFolder(Caller caller, FolderInput input) {
        callers.add(caller);
        calls.add(input);
        return view(caller, newFolder(caller, input, input.volume() == null ? "local" : input.volume()));
    }

    private VFolder newFolder(Caller caller, FolderInput input, String volume) {
        if (input.name() == null || input.name().isBlank()) {
            throw new ValidationException("name is required", "name");
        }
        if ("project".equals(input.type()) && !caller.isSuperadmin()) {
            throw new ForbiddenException("only administrators create project folders");
        }
        if (!volumes.containsKey(volume)) {
            throw new ConflictException("storage volume '" + volume + "' is not available", "volume");
        }
        boolean clash = folders.values().stream().anyMatch(f -> f.name().equals(input.name())
                && f.ownerId().equals(caller.userId()));
        if (clash) {
            throw new ConflictException("a folder named '" + input.name() + "' exists", "name");
        }
        String id = "f-" + (++sequence);
        VFolder f = new VFolder(id, input.name(), volume,
                "project".equals(input.type()) ? FolderOwner.PROJECT : FolderOwner.USER,
                "project".equals(input.type()) ? input.project() : caller.userId(), "default", caller.userId(),
                input.usageMode() == null ? UsageMode.GENERAL : UsageMode.parse(input.usageMode(), "usage_mode"),
                input.permission() == null ? FolderPermission.RW
                        : FolderPermission.parse(input.permission(), "permission"),
                input.cloneable() != null && input.cloneable(), T1, T1);
        folders.put(id, f);
        files.put(id, new TreeMap<>());
        return f;
    }

    @Override
    public List<FolderView> listFolders(Caller caller, FolderQuery query) {
        callers.add(caller);
        calls.add(query);
        return folders.values().stream().filter(f -> sees(caller, f))
                .filter(f -> query.type() == null || f.ownerKind().wire().equals(query.type()))
                .map(f -> view(caller, f)).toList();
    }

    @Override
    public FolderView getFolder(Caller caller, String folder) {
        callers.add(caller);
        return view(caller, folder(caller, folder));
    }

    @Override
    public FolderView updateFolder(Caller caller, String folder, FolderUpdate update) {
        callers.add(caller);
        calls.add(update);
        VFolder f = folder(caller, folder);
        VFolder changed = f.with(update.name() == null ? f.name() : update.name(), update.permission() == null
                ? f.permission() : FolderPermission.parse(update.permission(), "permission"),
                update.cloneable() == null ? f.cloneable() : update.cloneable(), T1);
        folders.put(f.id(), changed);
        return view(caller, changed);
    }

    @Override
    public void deleteFolder(Caller caller, String folder) {
        callers.add(caller);
        VFolder f = folder(caller, folder);
        folders.remove(f.id());
        files.remove(f.id());
    }

    @Override
    public FolderView cloneFolder(Caller caller, String folder, FolderInput target) {
        callers.add(caller);
        calls.add(target);
        VFolder source = folders.get(folder);
        if (source == null) {
            throw new NotFoundException("no folder '" + folder + "'", "folder");
        }
        if (!source.cloneable() && !caller.isSuperadmin()) {
            throw new ForbiddenException("folder '" + source.name() + "' is not cloneable");
        }
        VFolder f = newFolder(caller, target, target.volume() == null ? source.volume() : target.volume());
        files.get(f.id()).putAll(files.get(source.id()));
        return view(caller, f);
    }

    private static String clean(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) {
                throw new ValidationException("path must stay inside the folder", "path");
            }
        }
        return p;
    }

    private static FileEntry entry(String path, byte[] content) {
        return new FileEntry(path, path.substring(path.lastIndexOf('/') + 1), content == null ? "directory" : "file",
                content == null ? 0 : content.length, T1);
    }

    @Override
    public List<FileEntry> listFiles(Caller caller, String folder, String path) {
        callers.add(caller);
        calls.add(path);
        VFolder f = folder(caller, folder);
        String dir = clean(path);
        Map<String, byte[]> all = files.get(f.id());
        if (!dir.isEmpty() && (!all.containsKey(dir) || all.get(dir) != null)) {
            throw new NotFoundException("no directory '" + dir + "'", "path");
        }
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<FileEntry> out = new ArrayList<>();
        all.forEach((p, c) -> {
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                out.add(entry(p, c));
            }
        });
        return out;
    }

    @Override
    public FileContent download(Caller caller, String folder, String path) {
        callers.add(caller);
        calls.add(path);
        VFolder f = folder(caller, folder);
        String p = clean(path);
        byte[] content = files.get(f.id()).get(p);
        if (content == null) {
            throw new NotFoundException("no file '" + p + "'", "path");
        }
        return new FileContent(p.substring(p.lastIndexOf('/') + 1), content.length, new ByteArrayInputStream(content));
    }

    @Override
    public FileEntry upload(Caller caller, String folder, String path, InputStream content, boolean overwrite) {
        callers.add(caller);
        calls.add(path);
        calls.add(overwrite);
        onUpload.run();
        VFolder f = folder(caller, folder);
        String p = clean(path);
        if (!sees(caller, f) || !f.permission().canWrite() && !caller.isSuperadmin()) {
            throw new ForbiddenException("folder '" + f.name() + "' is read-only");
        }
        Map<String, byte[]> all = files.get(f.id());
        if (all.containsKey(p) && !overwrite) {
            throw new ConflictException("file '" + p + "' exists", "path");
        }
        try {
            byte[] bytes = content.readAllBytes();
            all.put(p, bytes);
            return entry(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FileEntry makeDirectory(Caller caller, String folder, String path) {
        callers.add(caller);
        calls.add(path);
        VFolder f = folder(caller, folder);
        String p = clean(path);
        files.get(f.id()).put(p, null);
        return entry(p, null);
    }

    @Override
    public void deleteFile(Caller caller, String folder, String path, boolean recursive) {
        callers.add(caller);
        calls.add(path);
        calls.add(recursive);
        VFolder f = folder(caller, folder);
        if (!caller.isSuperadmin() && !f.permission().canDelete()) {
            throw new ForbiddenException("deleting files needs the wd permission");
        }
        String p = clean(path);
        Map<String, byte[]> all = files.get(f.id());
        if (!all.containsKey(p)) {
            throw new NotFoundException("no file '" + p + "'", "path");
        }
        boolean children = all.keySet().stream().anyMatch(k -> k.startsWith(p + "/"));
        if (children && !recursive) {
            throw new ConflictException("directory '" + p + "' is not empty", "recursive");
        }
        all.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
    }

    private ModelCard card(VFolder f) {
        return new ModelCard(f.id(), f.name(), f.ownerId(), f.domainName(), f.cloneable(), "ready", null, "Llama 3",
                "A language model", List.of(new ModelCard.Model("llama-3", "/models/llama",
                        Map.of("title", "Llama 3", "tags", List.of("llm", "chat"), "version", 3))));
    }

    @Override
    public List<ModelCard> listModelCards(Caller caller) {
        callers.add(caller);
        return folders.values().stream().filter(f -> f.usageMode() == UsageMode.MODEL).map(this::card).toList();
    }

    @Override
    public ModelCard getModelCard(Caller caller, String folder) {
        callers.add(caller);
        VFolder f = folders.get(folder);
        if (f == null || f.usageMode() != UsageMode.MODEL) {
            throw new NotFoundException("no model card '" + folder + "'", "folder");
        }
        return card(f);
    }

    /** Names of secret values that must never appear in an answer. */
    static final Set<String> SECRETS = Set.of("hunter2", "sealed:", "s3cr3t");
}
