package io.berth.shell.internal;

import io.berth.core.identity.KeyPair;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:keypair-show} (SPEC K1, K2): one keypair's owner, flags, policy, rate limit and usage; no secret. */
@Service
@Command(scope = "berth", name = "keypair-show", description = "Shows a keypair (without its secret key)")
public class KeypairShowCommand extends BerthCommand {

    @Argument(index = 0, name = "access-key", description = "The access key", required = true)
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Override
    protected void run() {
        KeyPair k = identity.getKeyPair(CALLER, accessKey);
        Views.keyPair(k, Lookups.emails(identity, List.of(k.userId())).get(k.userId()), out());
    }
}
