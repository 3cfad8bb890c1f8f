package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:keypair-policy-update} (SPEC P1): changes the given limits; the change applies to every
 * keypair holding the policy at once. {@code --slots} replaces the whole slot map.
 */
@Service
@Command(scope = "berth", name = "keypair-policy-update",
        description = "Changes a keypair resource policy; omitted limits stay as they are")
public class KeypairPolicyUpdateCommand extends KeypairPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    @Completion(KeypairPolicyCompleter.class)
    String name;

    @Override
    protected void run() {
        if (noOptions()) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        PolicyViews.keyPairPolicy(policies.updateKeyPairPolicy(CALLER, name, input(null)), kinds(), out());
    }
}
