/**
 * Storage backends: where virtual folders live and how their quotas are kept.
 *
 * <p>A storage plugin registers one {@link io.berth.spi.storage.StorageBackend} service with the
 * property {@value io.berth.spi.storage.StorageBackend#PROPERTY}{@code =<type>} (Berth ships
 * {@code vfs}; {@code xfs}, {@code cephfs}, {@code netapp} and {@code btrfs} follow the same
 * contract). Volumes are configured to name a backend type; core looks the backend up by that type
 * for every call, so a volume whose backend is not installed reports itself unavailable and nothing
 * else breaks. One backend serves any number of {@link io.berth.spi.storage.Volume volumes}: every
 * call names the volume it acts on, and a backend keeps no state that Berth relies on.
 *
 * <p><b>Layout.</b> A folder is addressed by a {@link io.berth.spi.storage.FolderPath}: its
 * {@link io.berth.spi.storage.QuotaScope quota scope} (a user or a project) and its folder id. Its
 * place on the volume is {@link io.berth.spi.storage.FolderPath#relativePath()}, i.e.
 * {@code <kind>/<scopeId>/<folderId>} (for example {@code user/7d0c…/3f9a…}) under the volume's
 * mount path. The ids are validated when the records are built (no path separators, no
 * {@code ..}), and a backend additionally checks that every path it touches stays inside the
 * volume's mount path, never following symbolic links out of it.
 *
 * <p><b>Capabilities.</b> {@link io.berth.spi.storage.StorageBackend#capabilities()} says which
 * optional operations a backend supports. Creating, deleting and cloning folders are always
 * supported; a backend without {@link io.berth.spi.storage.Capability#CLONE CLONE},
 * {@link io.berth.spi.storage.Capability#USAGE USAGE} or
 * {@link io.berth.spi.storage.Capability#QUOTA QUOTA} throws
 * {@link io.berth.spi.storage.MissingCapabilityException} (naming the capability) from the
 * methods of that capability, before touching anything. Core checks the capabilities first and
 * answers such requests with a clear refusal (HTTP 422).
 *
 * <p><b>Idempotence.</b> Creating a folder or a quota scope that exists already succeeds and leaves
 * it (and its contents) as it is; deleting a folder that does not exist succeeds;
 * {@link io.berth.spi.storage.StorageBackend#unsetQuota unsetQuota} on a scope without a limit
 * succeeds. Core may therefore retry any of these after a failure or a crash.
 * {@link io.berth.spi.storage.StorageBackend#cloneFolder cloneFolder} is not idempotent: its target
 * must not exist.
 *
 * <p><b>Errors.</b> All exceptions are unchecked:
 * <ul>
 * <li>{@link java.lang.NullPointerException} for {@code null} arguments and
 * {@link java.lang.IllegalArgumentException} for invalid ones (a negative limit, a volume of
 * another backend type);</li>
 * <li>{@link io.berth.spi.storage.MissingCapabilityException} for an operation of a capability
 * the backend lacks;</li>
 * <li>{@link io.berth.spi.storage.FolderNotFoundException} when a folder that must exist does not,
 * {@link io.berth.spi.storage.FolderExistsException} when a clone's target exists;</li>
 * <li>{@link io.berth.spi.storage.StorageException} (the superclass of the two above) for every
 * other failure of the storage itself: I/O errors, a missing mount path, a path that would leave
 * the volume, a refusing storage API. Its message says what failed, on which volume and folder,
 * and why, so that an operator can act on it; the underlying exception is its cause.</li>
 * </ul>
 * An operation that fails may have done part of its work (a partial delete, for example);
 * repeating it completes it. A failed clone removes what it had copied, as far as it can.
 *
 * <p><b>Threads.</b> Implementations must be thread-safe: core calls them from several threads at
 * once, for the same or different volumes. Core does not run two changing operations on the same
 * folder at the same time. Calls may block on I/O for a long time (a clone or a usage walk of a big
 * folder), so core runs them outside request threads, as background tasks where needed.
 *
 * <p>Types here are immutable and thread-safe and use the JDK only.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.berth.spi.storage;
