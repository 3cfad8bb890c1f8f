package io.berth.shell.internal;

import io.berth.core.identity.Inputs.KeyPairUpdate;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:keypair-activate} (SPEC K2): makes a keypair usable for signing again. */
@Service
@Command(scope = "berth", name = "keypair-activate", description = "Activates a keypair")
public class KeypairActivateCommand extends BerthCommand {

    @Argument(index = 0, name = "access-key", description = "The access key", required = true)
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Override
    protected void run() {
        identity.updateKeyPair(CALLER, accessKey, new KeyPairUpdate(Boolean.TRUE, null, null, null));
        out().println("Keypair " + accessKey + " is active.");
    }
}
