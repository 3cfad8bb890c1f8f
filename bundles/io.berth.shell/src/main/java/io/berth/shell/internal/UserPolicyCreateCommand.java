package io.berth.shell.internal;

import io.berth.core.resource.UserResourcePolicy;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:user-policy-create} (SPEC P2): a new user resource policy; omitted limits get core's defaults. */
@Service
@Command(scope = "berth", name = "user-policy-create", description = "Creates a user resource policy")
public class UserPolicyCreateCommand extends UserPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    String name;

    @Override
    protected void run() {
        UserResourcePolicy p = policies.createUserPolicy(CALLER, input(name));
        out().println("User policy " + p.name() + " created.");
        PolicyViews.userPolicy(p, out());
    }
}
