package io.berth.core.repo;

import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.VFolder;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Virtual folders (SPEC S2). Lists are sorted by name, then id. */
@ConsumerType
public interface FolderRepository {
    Optional<VFolder> find(String id);

    Optional<VFolder> findByName(FolderOwner kind, String ownerId, String name);

    /** {@link io.berth.core.error.ConflictException} when the owner has a folder of that name already. */
    void insert(VFolder folder);

    /** Replaces the folder with the same id; {@link io.berth.core.error.NotFoundException} when there is none. */
    void update(VFolder folder);

    /** Does nothing when there is no such folder. */
    void delete(String id);

    List<VFolder> byOwner(FolderOwner kind, String ownerId);

    /** Folders of the given kind whose owner is one of {@code ownerIds}. */
    List<VFolder> byOwners(FolderOwner kind, Collection<String> ownerIds);

    long countByOwner(FolderOwner kind, String ownerId);

    List<VFolder> byVolume(String volume);

    long countByVolume(String volume);

    /** Every folder of a domain (both kinds). */
    List<VFolder> byDomain(String domainName);

    List<VFolder> all();
}
