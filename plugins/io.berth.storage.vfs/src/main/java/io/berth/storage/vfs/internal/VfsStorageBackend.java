package io.berth.storage.vfs.internal;

import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderTrees;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.MissingCapabilityException;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.Volume;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code vfs}: every folder is a plain directory
 * {@code <mount>/<kind>/<scopeId>/<folderId>} under the volume's mount path, which must be an
 * existing directory given as an absolute path.
 *
 * <p>Capabilities {@link Capability#USAGE USAGE} and {@link Capability#CLONE CLONE}; there are no
 * quotas, so the quota methods throw {@link MissingCapabilityException}.
 *
 * <p>Symbolic links are never followed: a folder (or one of its parent directories under the mount
 * path) that is a symbolic link is refused; deleting removes links inside a folder, not what they
 * point to; usage counts a link as a file of no bytes; a clone recreates a relative link whose
 * target stays inside the source folder and leaves out every other link (absolute ones, ones that
 * lead out of the folder) and special files (sockets, pipes, devices). Directories are created
 * with the process's default permissions (typically {@code 0755}).
 *
 * <p>Stateless, hence thread-safe.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + VfsStorageBackend.TYPE)
public final class VfsStorageBackend implements StorageBackend {
    static final String TYPE = "vfs";
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.USAGE, Capability.CLONE));

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        Path dir = FolderTrees.folderDir(volume, mount, folder);
        FolderTrees.createDirectories(volume, mount, folder, dir);
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        FolderTrees.deleteFolder(volume, mount, folder, FolderTrees.folderDir(volume, mount, folder));
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        Path mount = mount(volume);
        Path source = FolderTrees.folderDir(volume, mount, from);
        Path target = FolderTrees.folderDir(volume, mount, to);
        FolderTrees.checkClone(volume, mount, from, source, to, target);
        FolderTrees.createDirectories(volume, mount, to, target.getParent());
        FolderTrees.clone(volume, mount, from, source, to, target);
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        Path mount = mount(volume);
        return FolderTrees.usage(volume, mount, folder, FolderTrees.folderDir(volume, mount, folder));
    }

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        throw noQuota(volume, scope);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        throw noQuota(volume, scope);
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        throw noQuota(volume, scope);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        throw noQuota(volume, scope);
    }

    private static MissingCapabilityException noQuota(Volume volume, QuotaScope scope) {
        FolderTrees.checkVolume(volume, TYPE);
        Objects.requireNonNull(scope, "scope");
        return new MissingCapabilityException(TYPE, Capability.QUOTA);
    }

    /** The volume's mount path (see {@link FolderTrees#mount}), after checking the volume's type. */
    static Path mount(Volume volume) {
        FolderTrees.checkVolume(volume, TYPE);
        return FolderTrees.mount(volume);
    }
}
