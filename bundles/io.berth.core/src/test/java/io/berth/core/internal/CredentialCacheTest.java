package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.auth.BackendAiSignature;
import io.berth.core.auth.SignedRequest;
import io.berth.core.error.AuthenticationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cached credentials never outlive an identity change made through the service. */
class CredentialCacheTest {
    private static final String AK = "AKCACHETEST000000001";
    private static final String SK = "abcdefghijABCDEFGHIJ0123456789/+abcdefgh";
    private static final String DATE = "2026-11-29T12:00:00+00:00";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static SignedRequest signed() {
        SignedRequest unsigned = new SignedRequest("GET", "/me", "localhost:8181", "application/json", DATE,
                "v8.20240915", null);
        String sig = BackendAiSignature.sign(unsigned, SK);
        return new SignedRequest("GET", "/me", "localhost:8181", "application/json", DATE, "v8.20240915",
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + sig);
    }

    private static World world() {
        World w = new World();
        w.svc.createKeyPair(Caller.SYSTEM, new NewKeyPair(w.carol.email(), AK, SK, true, null, null, 100));
        return w;
    }

    @Test
    void keypairDeactivationAppliesToTheNextRequest() {
        World w = world();
        assertEquals(100, w.auth.authenticate(signed(), NOW).rateLimit());
        w.svc.updateKeyPair(Caller.SYSTEM, AK, new KeyPairUpdate(false, null, null, null));
        assertThrows(AuthenticationException.class, () -> w.auth.authenticate(signed(), NOW));
    }

    @Test
    void userDeactivationAndDomainDeactivationApplyToTheNextRequest() {
        World w = world();
        w.auth.authenticate(signed(), NOW);
        w.svc.updateDomain(Caller.SYSTEM, "alpha", new DomainUpdate(null, false, null, null, null));
        assertThrows(AuthenticationException.class, () -> w.auth.authenticate(signed(), NOW));
        w.svc.updateDomain(Caller.SYSTEM, "alpha", new DomainUpdate(null, true, null, null, null));
        w.auth.authenticate(signed(), NOW);
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        assertThrows(AuthenticationException.class, () -> w.auth.authenticate(signed(), NOW));
    }

    @Test
    void newRateLimitAppliesToTheNextRequest() {
        World w = world();
        w.auth.authenticate(signed(), NOW);
        KeyPair changed = w.svc.updateKeyPair(Caller.SYSTEM, AK, new KeyPairUpdate(null, null, null, 7));
        assertEquals(7, changed.rateLimit());
        assertEquals(7, w.auth.authenticate(signed(), NOW).rateLimit());
    }
}
