package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Owner e-mails for keypair views follow the same visibility as user details (SPEC R3). */
class UserEmailsTest {
    private final World w = new World();
    private final List<String> ids = List.of(w.alice.id(), w.bob.id(), w.adminA.id(), "no-such-id");

    @Test
    void globalReadersSeeEveryone() {
        Map<String, String> all = w.svc.userEmails(Caller.SYSTEM, ids);
        assertEquals(Map.of(w.alice.id(), "alice@alpha.test", w.bob.id(), "bob@beta.test", w.adminA.id(),
                "admin@alpha.test"), all);
        assertEquals(all, w.svc.userEmails(World.caller(w.monitor), ids));
    }

    @Test
    void domainAdminsSeeTheirDomainAndUsersThemselves() {
        assertEquals(Map.of(w.alice.id(), "alice@alpha.test", w.adminA.id(), "admin@alpha.test"),
                w.svc.userEmails(World.caller(w.adminA), ids));
        assertEquals(Map.of(w.bob.id(), "bob@beta.test"), w.svc.userEmails(World.caller(w.bob), ids));
    }

    @Test
    void tooManyIdsAreRefused() {
        assertThrows(ValidationException.class,
                () -> w.svc.userEmails(Caller.SYSTEM, Collections.nCopies(501, w.alice.id())));
    }
}
