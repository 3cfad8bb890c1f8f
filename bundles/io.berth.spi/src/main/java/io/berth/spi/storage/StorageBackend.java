package io.berth.spi.storage;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of storage that holds virtual folders, for example plain directories ({@code vfs}) or a
 * file system with project quotas ({@code xfs}).
 *
 * <p>Register an implementation as an OSGi service with the service property
 * {@value #PROPERTY}{@code =<type>} (a lower-case slug such as {@code vfs}). Every method names the
 * {@link Volume} it acts on; a backend must refuse, with an {@link IllegalArgumentException}, a
 * volume whose {@link Volume#backend()} is not its type. The package documentation states the
 * rules every method follows: idempotence, errors and thread-safety.
 */
@ConsumerType
public interface StorageBackend {

    /** The service property naming the backend type; its value is the type, e.g. {@code vfs}. */
    String PROPERTY = "berth.storage.backend";

    /**
     * The optional operations this backend supports. Constant for the life of the service.
     *
     * @return the capabilities, never {@code null}, unmodifiable
     */
    Set<Capability> capabilities();

    /**
     * Where the folder's files are, relative to the volume's mount path, with {@code /} as separator.
     * Core reads and writes the folder's files there and mounts that directory into containers. The
     * default is {@link FolderPath#relativePath()}; a backend whose quota scopes must sit elsewhere
     * (e.g. storage that keeps quota trees only at the top of a volume) returns its own layout, which
     * must be a pure function of its arguments, never contain {@code ..} and never be empty.
     *
     * @param volume the volume; not {@code null}
     * @param folder the folder; not {@code null}
     * @return the relative path of the folder's directory
     */
    default String folderLocation(Volume volume, FolderPath folder) {
        return folder.relativePath();
    }

    /**
     * Creates the folder, with any missing parents (the scope's directory), empty. A folder that
     * exists already is left as it is.
     *
     * @param volume the volume; not {@code null}
     * @param folder the folder; not {@code null}
     * @throws StorageException when the folder cannot be created
     */
    void createFolder(Volume volume, FolderPath folder);

    /**
     * Deletes the folder and everything in it. Symbolic links inside are deleted themselves, never
     * followed. A folder that does not exist is not an error.
     *
     * @param volume the volume; not {@code null}
     * @param folder the folder; not {@code null}
     * @throws StorageException when the folder cannot be deleted (completely)
     */
    void deleteFolder(Volume volume, FolderPath folder);

    /**
     * Copies the folder {@code from} with all its contents into the new folder {@code to}, on the
     * same volume. Symbolic links are never followed out of {@code from}.
     *
     * @param volume the volume; not {@code null}
     * @param from   the folder to copy; must exist; not {@code null}
     * @param to     the new folder; must not exist; not {@code null}
     * @throws MissingCapabilityException without {@link Capability#CLONE}
     * @throws FolderNotFoundException        when {@code from} does not exist
     * @throws FolderExistsException          when {@code to} exists already
     * @throws StorageException               when the copy fails; a partial copy is removed as far
     *                                        as possible
     */
    void cloneFolder(Volume volume, FolderPath from, FolderPath to);

    /**
     * Measures the folder now: the bytes its files take and how many files it holds. Symbolic links
     * are counted, never followed.
     *
     * @param volume the volume; not {@code null}
     * @param folder the folder; not {@code null}
     * @return the usage, never {@code null}
     * @throws MissingCapabilityException without {@link Capability#USAGE}
     * @throws FolderNotFoundException        when the folder does not exist
     * @throws StorageException               when the folder cannot be read
     */
    FolderUsage usage(Volume volume, FolderPath folder);

    /**
     * Creates the quota scope with a hard limit. A scope that exists already keeps its folders and
     * gets the given limit.
     *
     * @param volume         the volume; not {@code null}
     * @param scope          the scope; not {@code null}
     * @param hardLimitBytes the limit in bytes, positive, or {@link QuotaUsage#NO_LIMIT} for none
     * @throws MissingCapabilityException without {@link Capability#QUOTA}
     * @throws IllegalArgumentException       when the limit is negative
     * @throws StorageException               when the scope cannot be created
     */
    void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes);

    /**
     * The usage and limit of the quota scope.
     *
     * @param volume the volume; not {@code null}
     * @param scope  the scope; not {@code null}
     * @return the scope's usage, or empty when the scope does not exist on the volume
     * @throws MissingCapabilityException without {@link Capability#QUOTA}
     * @throws StorageException               when the storage cannot be asked
     */
    Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope);

    /**
     * Sets (or changes) the hard limit of the quota scope, creating the scope when it is missing.
     * A limit below the current usage is allowed: further writes fail until usage falls below it.
     *
     * @param volume         the volume; not {@code null}
     * @param scope          the scope; not {@code null}
     * @param hardLimitBytes the limit in bytes, positive
     * @throws MissingCapabilityException without {@link Capability#QUOTA}
     * @throws IllegalArgumentException       when the limit is not positive
     * @throws StorageException               when the limit cannot be set
     */
    void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes);

    /**
     * Removes the hard limit of the quota scope; its folders stay. A scope without a limit, or a
     * missing scope, is not an error.
     *
     * @param volume the volume; not {@code null}
     * @param scope  the scope; not {@code null}
     * @throws MissingCapabilityException without {@link Capability#QUOTA}
     * @throws StorageException               when the limit cannot be removed
     */
    void unsetQuota(Volume volume, QuotaScope scope);
}
