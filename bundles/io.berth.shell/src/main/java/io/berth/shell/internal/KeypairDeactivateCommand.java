package io.berth.shell.internal;

import io.berth.core.identity.Inputs.KeyPairUpdate;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:keypair-deactivate} (SPEC K3): requests signed with the keypair fail from then on. */
@Service
@Command(scope = "berth", name = "keypair-deactivate", description = "Deactivates a keypair")
public class KeypairDeactivateCommand extends BerthCommand {

    @Argument(index = 0, name = "access-key", description = "The access key", required = true)
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Override
    protected void run() {
        identity.updateKeyPair(CALLER, accessKey, new KeyPairUpdate(Boolean.FALSE, null, null, null));
        out().println("Keypair " + accessKey + " is inactive.");
    }
}
