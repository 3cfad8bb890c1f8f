package io.berth.core.storage;

/**
 * SPEC S4: a quota scope on a volume. {@code scopeId} is the user's or project's id and {@code scopeName}
 * its email or name. {@code usedBytes} is what the storage counts now (null when the scope has no folders
 * yet or the backend cannot say). {@code hardLimitBytes} is the limit in force (null for none):
 * {@code explicitLimitBytes} when an administrator set one, else the owner's resource policy max folder size
 * ({@code source} = {@code explicit}, {@code policy} or {@code none}). {@code quotaSupported} is false on a
 * backend without the quota capability, where setting is refused.
 */
public record QuotaView(String volume, FolderOwner kind, String scopeId, String scopeName, Long usedBytes,
        Long hardLimitBytes, Long explicitLimitBytes, String source, String policy, Long policyLimitBytes,
        boolean quotaSupported) {
}
