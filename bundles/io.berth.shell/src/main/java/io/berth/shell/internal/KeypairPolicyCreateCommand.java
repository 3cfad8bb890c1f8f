package io.berth.shell.internal;

import io.berth.core.resource.KeyPairResourcePolicy;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:keypair-policy-create} (SPEC P1): a new keypair resource policy; omitted limits get core's defaults. */
@Service
@Command(scope = "berth", name = "keypair-policy-create", description = "Creates a keypair resource policy")
public class KeypairPolicyCreateCommand extends KeypairPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    String name;

    @Override
    protected void run() {
        KeyPairResourcePolicy p = policies.createKeyPairPolicy(CALLER, input(name));
        out().println("Keypair policy " + p.name() + " created.");
        PolicyViews.keyPairPolicy(p, kinds(), out());
    }
}
