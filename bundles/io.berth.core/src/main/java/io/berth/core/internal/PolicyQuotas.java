package io.berth.core.internal;

import io.berth.core.storage.FolderOwner;

/**
 * SPEC P4 for folder sizes: told when a user or project resource policy changed, so that the quota scopes of
 * its holders that have no explicit limit get the policy's new max folder size on their volumes at once.
 */
public interface PolicyQuotas {
    /**
     * Applies the policy's current max folder size to every quota scope of its holders on quota-capable volumes
     * (scopes with an administrator's explicit limit keep it). Failures of single volumes are logged, never
     * thrown: the policy change is saved already and the next folder or quota operation applies it again.
     */
    void policyChanged(FolderOwner kind, String policy);
}
