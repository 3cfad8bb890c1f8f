package io.berth.core.repo;

import io.berth.core.storage.FolderOwner;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Quota limits set explicitly by administrators (SPEC S4), per volume and scope, in bytes. */
@ConsumerType
public interface QuotaRepository {
    Optional<Long> find(String volume, FolderOwner kind, String scopeId);

    /** Inserts or replaces the limit. */
    void put(String volume, FolderOwner kind, String scopeId, long hardLimitBytes);

    /** Does nothing when there is none. */
    void delete(String volume, FolderOwner kind, String scopeId);

    /** Scope id to limit, for one kind on a volume. */
    Map<String, Long> list(String volume, FolderOwner kind);

    /** Deletes every limit of the volume. */
    void deleteVolume(String volume);
}
