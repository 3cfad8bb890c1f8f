package io.berth.shell.internal;

import io.berth.core.identity.KeyPair;
import io.berth.core.identity.User;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:keypair-delete} (SPEC K3): deletes a keypair, refused with the reason when anything (such as
 * a session) was ever created with it. Deleting a user's main access key makes another of its active
 * keypairs the main one; the command says which.
 */
@Service
@Command(scope = "berth", name = "keypair-delete",
        description = "Deletes a keypair (refused if a session was ever created with it)")
public class KeypairDeleteCommand extends BerthCommand {

    @Argument(index = 0, name = "access-key", description = "The access key", required = true)
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Override
    protected void run() {
        KeyPair k = identity.getKeyPair(CALLER, accessKey);
        String owner = Lookups.emails(identity, List.of(k.userId())).get(k.userId());
        boolean wasMain = owner != null && k.accessKey().equals(identity.getUser(CALLER, owner).user().mainAccessKey());
        identity.deleteKeyPair(CALLER, k.accessKey());
        out().println("Keypair " + k.accessKey() + " deleted.");
        if (wasMain) {
            User u = identity.getUser(CALLER, owner).user();
            out().println(u.mainAccessKey() == null
                    ? "Note: " + owner + " has no main access key now (no other active keypair)."
                    : "Note: the main access key of " + owner + " is now " + u.mainAccessKey() + ".");
        }
    }
}
