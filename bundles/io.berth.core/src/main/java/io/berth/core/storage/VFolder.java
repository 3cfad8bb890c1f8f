package io.berth.core.storage;

import java.time.Instant;

/**
 * SPEC S2: a virtual folder. {@code ownerId} is the owning user's or project's id; {@code domainName} the
 * owner's domain; {@code creatorId} the user who created it. Its files live on {@code volume} in the quota
 * scope of its owner. {@code name} is unique among the owner's folders.
 */
public record VFolder(String id, String name, String volume, FolderOwner ownerKind, String ownerId,
        String domainName, String creatorId, UsageMode usageMode, FolderPermission permission, boolean cloneable,
        Instant createdAt, Instant modifiedAt) {

    public VFolder with(String newName, FolderPermission newPermission, boolean newCloneable, Instant now) {
        return new VFolder(id, newName, volume, ownerKind, ownerId, domainName, creatorId, usageMode, newPermission,
                newCloneable, createdAt, now);
    }
}
