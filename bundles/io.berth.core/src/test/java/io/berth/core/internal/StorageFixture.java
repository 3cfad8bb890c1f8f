package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.BerthException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.VFolder;
import io.berth.core.storage.VolumeInput;
import io.berth.core.storage.VolumeView;
import io.berth.core.testing.FakeStorageBackend;
import io.berth.core.testing.Fakes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage service over the fake repositories of a {@link World} and two fake backends: {@code fakevfs}
 * (no optional capability) serving volume {@code vv} and {@code fakequota} (quota, usage, clone) serving
 * volume {@code qv}. Domain alpha allows both volumes.
 */
abstract class StorageFixture {
    static final String VFS = "fakevfs";
    static final String QUOTA = "fakequota";

    @TempDir
    Path tmp;

    final World w = new World();
    final Fakes f = w.f;
    final StorageServiceImpl svc = new StorageServiceImpl(f.tx, f.volumes, f.folders, f.quotas, f.users, f.projects,
            f.domains, f.keyPairs, f.keyPairPolicies, f.userPolicies, f.projectPolicies, f.sessions,
            new RegistryKey(RegistryKey.random()), w.clock);
    final FakeStorageBackend vfs = FakeStorageBackend.vfsLike(VFS);
    final FakeStorageBackend qfs = FakeStorageBackend.quota(QUOTA);

    final Caller root = World.caller(w.superadmin);
    final Caller mon = World.caller(w.monitor);
    final Caller adminA = World.caller(w.adminA);
    final Caller alice = World.caller(w.alice);
    final Caller carol = World.caller(w.carol);
    final Caller adminB = World.caller(w.adminB);
    final Caller bob = World.caller(w.bob);

    @BeforeEach
    void storage() {
        bind(vfs);
        bind(qfs);
        volume("vv", VFS);
        volume("qv", QUOTA);
        allowDomain("alpha", "vv", "qv");
        f.tx.clearWrites();
    }

    void bind(FakeStorageBackend b) {
        svc.addBackend(b, b.properties());
    }

    void unbind(FakeStorageBackend b) {
        svc.removeBackend(b, b.properties());
    }

    Path mount(String volume) {
        return tmp.resolve("volumes").resolve(volume);
    }

    VolumeView volume(String name, String backend) {
        return volume(name, backend, Map.of());
    }

    VolumeView volume(String name, String backend, Map<String, String> options) {
        try {
            Files.createDirectories(mount(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return svc.createVolume(root, new VolumeInput(name, backend, mount(name).toString(), options, null));
    }

    void allowDomain(String domain, String... hosts) {
        w.svc.updateDomain(Caller.SYSTEM, domain, new DomainUpdate(null, null, List.of(hosts), null, null));
    }

    void allowProject(String projectId, String... hosts) {
        w.svc.updateProject(Caller.SYSTEM, projectId, new ProjectUpdate(null, null, List.of(hosts), null, null, null));
    }

    void allowKeyPairPolicy(String policy, String... hosts) {
        w.policies.updateKeyPairPolicy(Caller.SYSTEM, policy,
                new KeyPairPolicyInput(null, null, null, null, null, null, null, null, null, List.of(hosts)));
    }

    void userPolicy(Object maxCount, Object maxSize) {
        w.policies.updateUserPolicy(Caller.SYSTEM, "default", new UserPolicyInput(null, maxCount, maxSize, null,
                null));
    }

    void projectPolicy(Object maxCount, Object maxSize) {
        w.policies.updateProjectPolicy(Caller.SYSTEM, "default", new ProjectPolicyInput(null, maxCount, maxSize));
    }

    static FolderInput userFolder(String name, String volume) {
        return new FolderInput(name, null, null, volume, null, null, null);
    }

    static FolderInput projectFolder(String project, String name, String volume, String permission) {
        return new FolderInput(name, "project", project, volume, null, permission, null);
    }

    FolderView mine(Caller c, String name, String volume) {
        return svc.createFolder(c, userFolder(name, volume));
    }

    /** The folder's directory under the default layout. */
    Path dir(VFolder folder) {
        return mount(folder.volume()).resolve(folder.ownerKind().wire()).resolve(folder.ownerId())
                .resolve(folder.id());
    }

    /** The folder directories of a scope on a volume (empty when the scope has none). */
    List<String> dirs(String volume, String kind, String ownerId) {
        Path scope = mount(volume).resolve(kind).resolve(ownerId);
        if (!Files.isDirectory(scope)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(scope)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    void put(Caller c, String folder, String path, String content) {
        svc.upload(c, folder, path, text(content), false);
    }

    String read(Caller c, String folder, String path) {
        try (InputStream in = svc.download(c, folder, path).stream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Executable {
        void run() throws Throwable;
    }

    /** Asserts the refusal's type and the field it names. */
    static <X extends BerthException> X refused(Class<X> type, String field, Executable e) {
        X x = assertThrows(type, e::run);
        assertEquals(field, x.field(), x.getMessage());
        return x;
    }
}
