package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeypairCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private String mainKey;

    @BeforeEach
    void user() {
        mainKey = identity.createUser(Caller.SYSTEM, new NewUser("kim@example.com", null, "s3cret!pw", null, null, null,
                Role.ADMIN, null, null, null, null, null)).keyPair().accessKey();
    }

    @Test
    void createPrintsTheSecretOnceAndShowNever() throws Exception {
        KeypairCreateCommand create = new KeypairCreateCommand();
        create.userEmail = "kim@example.com";
        create.rateLimit = 500;
        create.admin = "false";
        Run created = Run.of(create, identity);
        assertEquals("", created.err());
        KeyPair k = identity.keyPairs.values().stream().filter(p -> !p.accessKey().equals(mainKey)).findFirst()
                .orElseThrow();
        assertTrue(created.out().contains("Secret key: " + k.secretKey()), created.out());
        assertEquals(created.out().indexOf(k.secretKey()), created.out().lastIndexOf(k.secretKey()));
        assertTrue(created.out().contains("Owner:"), created.out());
        assertFalse(k.admin());
        assertEquals(500, k.rateLimit());

        KeypairShowCommand show = new KeypairShowCommand();
        show.accessKey = k.accessKey();
        Run shown = Run.of(show, identity);
        assertFalse(shown.out().contains(k.secretKey()), shown.out());
        assertTrue(shown.out().contains("kim@example.com"), shown.out());
        assertTrue(shown.out().contains("500 requests / 15 min"), shown.out());
    }

    @Test
    void listShowsOwnersByEmailAndTheInactiveView() throws Exception {
        identity.createKeyPair(Caller.SYSTEM, new NewKeyPair("kim@example.com", null, null, false, null, null, null));
        KeypairListCommand active = new KeypairListCommand();
        Run run = Run.of(active, identity);
        assertTrue(run.out().contains(mainKey), run.out());
        assertTrue(run.out().contains("kim@example.com"), run.out());
        assertTrue(run.out().contains("1 of 1 keypairs (offset 0)"), run.out());
        assertEquals(Boolean.TRUE, identity.lastKeyPairQuery.active());

        KeypairListCommand inactive = new KeypairListCommand();
        inactive.inactive = true;
        inactive.user = "kim@example.com";
        run = Run.of(inactive, identity);
        assertEquals(Boolean.FALSE, identity.lastKeyPairQuery.active());
        assertEquals(identity.users.get("kim@example.com").id(), identity.lastKeyPairQuery.userId());
        assertFalse(run.out().contains(mainKey), run.out());
        assertTrue(run.out().contains("1 of 1 keypairs (offset 0)"), run.out());
    }

    @Test
    void updateActivateDeactivate() throws Exception {
        KeypairDeactivateCommand off = new KeypairDeactivateCommand();
        off.accessKey = mainKey;
        assertEquals("Keypair " + mainKey + " is inactive.\n", Run.of(off, identity).out());
        assertFalse(identity.keyPairs.get(mainKey).active());

        KeypairActivateCommand on = new KeypairActivateCommand();
        on.accessKey = mainKey;
        Run.of(on, identity);
        assertTrue(identity.keyPairs.get(mainKey).active());

        KeypairUpdateCommand update = new KeypairUpdateCommand();
        update.accessKey = mainKey;
        update.resourcePolicy = "gold";
        update.active = "nope";
        assertEquals("Error: is_active must be true or false (field: is_active)\n", Run.of(update, identity).err());
        update.active = null;
        Run run = Run.of(update, identity);
        assertTrue(run.out().contains("Resource policy: gold"), run.out());
        assertEquals("gold", identity.keyPairs.get(mainKey).resourcePolicy());
    }

    @Test
    void deletingTheMainKeyNamesTheNewMainKey() throws Exception {
        String second = identity.createKeyPair(Caller.SYSTEM,
                new NewKeyPair("kim@example.com", null, null, null, null, null, null)).accessKey();
        KeypairDeleteCommand delete = new KeypairDeleteCommand();
        delete.accessKey = mainKey;
        Run run = Run.of(delete, identity);
        assertTrue(run.out().contains("Keypair " + mainKey + " deleted."), run.out());
        assertTrue(run.out().contains("main access key of kim@example.com is now " + second), run.out());

        Run missing = Run.of(delete, identity);
        assertEquals("Error: no keypair '" + mainKey + "'\n", missing.err());
    }
}
