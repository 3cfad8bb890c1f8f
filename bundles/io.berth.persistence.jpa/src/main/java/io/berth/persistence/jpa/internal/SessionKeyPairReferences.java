package io.berth.persistence.jpa.internal;

import io.berth.core.repo.KeyPairReferences;
import java.util.List;

/**
 * SPEC K3: a keypair that sessions were created with must not be deleted. Counts the sessions of the access
 * key in any status, final ones included (they are kept for accounting).
 */
final class SessionKeyPairReferences implements KeyPairReferences {
    private final JpaSessionRepository sessions;

    SessionKeyPairReferences(JpaSessionRepository sessions) {
        this.sessions = sessions;
    }

    /** {@code "3 sessions were created with it"} (or {@code "1 session was ..."}); empty when there are none. */
    @Override
    public List<String> referencesTo(String accessKey) {
        long n = sessions.countByAccessKey(accessKey);
        if (n == 0) {
            return List.of();
        }
        return List.of(n == 1 ? "1 session was created with it" : n + " sessions were created with it");
    }
}
