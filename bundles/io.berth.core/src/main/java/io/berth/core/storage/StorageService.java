package io.berth.core.storage;

import io.berth.core.identity.Caller;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Storage volumes, virtual folders, their files, quotas and model cards (SPEC S1–S7, folder parts of P6).
 *
 * <p>Roles: superadmins manage volumes; superadmins and monitors read them. Quotas: superadmins for any
 * scope, domain admins for the users and projects of their domain. Folders: a user creates, changes and
 * deletes their own user folders; project folders are created, changed and deleted by superadmins and the
 * admins of the project's domain (unless the system setting {@code vfolder.project_folders_by_admins} is
 * false, which forbids them to domain admins too). Every member of a project sees its folders at once
 * with the folder's permission (SPEC S3).
 *
 * <p>Errors: 400 for invalid input (naming the field), 403 for what the caller may not do, 404 for what
 * the caller may not see, 409 for name clashes, limits and unavailable volumes, 422 for operations the
 * volume's backend cannot do.
 */
@ProviderType
public interface StorageService {
    /** The setting that allows admins to create project folders (default true). */
    String PROJECT_FOLDERS_SETTING = "vfolder.project_folders_by_admins";
    /** The file of a model folder that makes it a model card (SPEC S6). */
    String MODEL_DEFINITION = "model-definition.yaml";

    List<VolumeView> listVolumes(Caller caller);

    VolumeView getVolume(Caller caller, String name);

    VolumeView createVolume(Caller caller, VolumeInput input);

    VolumeView updateVolume(Caller caller, String name, VolumeInput input);

    /** Refused (409) while folders live on the volume. */
    void deleteVolume(Caller caller, String name);

    /** The quota scopes of a kind on a volume that hold folders or an explicit limit, sorted by scope name. */
    List<QuotaView> listQuotas(Caller caller, String volume, FolderOwner kind);

    /** {@code scope} is a user's id or email, or a project's id (or {@code domain/name}). */
    QuotaView getQuota(Caller caller, String volume, FolderOwner kind, String scope);

    /** Sets or edits the hard limit in bytes (positive); 422 on a backend without quotas. */
    QuotaView setQuota(Caller caller, String volume, FolderOwner kind, String scope, long hardLimitBytes);

    /** Removes the explicit limit: the owner's resource policy max folder size applies again. */
    QuotaView unsetQuota(Caller caller, String volume, FolderOwner kind, String scope);

    /**
     * The volumes the caller may create folders on and mount: the union of the allowed hosts of the caller's
     * domain, the project (id or name; the caller's projects when null) and the caller's keypair policy,
     * limited to configured volumes, sorted.
     */
    List<String> allowedVolumes(Caller caller, String project);

    FolderView createFolder(Caller caller, FolderInput input);

    List<FolderView> listFolders(Caller caller, FolderQuery query);

    /** {@code folder} is an id, or a name among the caller's own and project folders. */
    FolderView getFolder(Caller caller, String folder);

    FolderView updateFolder(Caller caller, String folder, FolderUpdate update);

    /** Deletes the folder and its files. */
    void deleteFolder(Caller caller, String folder);

    /**
     * Copies a folder the caller can read into a new folder; the source must be cloneable unless the caller
     * manages it. The target is described like a new folder (its volume defaults to the source's).
     */
    FolderView cloneFolder(Caller caller, String folder, FolderInput target);

    /** S7: the entries of a directory of the folder ({@code path} relative, empty for the root). */
    List<FileEntry> listFiles(Caller caller, String folder, String path);

    /** S7: a file to download. */
    FileContent download(Caller caller, String folder, String path);

    /** S7: writes a file (parent directories are created); refused when it exists unless {@code overwrite}. */
    FileEntry upload(Caller caller, String folder, String path, InputStream content, boolean overwrite);

    /** S7: creates a directory (and its parents). */
    FileEntry makeDirectory(Caller caller, String folder, String path);

    /** S7: deletes a file, or a directory with {@code recursive}; needs the {@code wd} permission. */
    void deleteFile(Caller caller, String folder, String path, boolean recursive);

    /** SPEC S6: the model cards of the model-store projects the caller belongs to (all for superadmins). */
    List<ModelCard> listModelCards(Caller caller);

    ModelCard getModelCard(Caller caller, String folder);
}
