package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:user-policy-update} (SPEC P2): changes the given limits of a user resource policy. */
@Service
@Command(scope = "berth", name = "user-policy-update",
        description = "Changes a user resource policy; omitted limits stay as they are")
public class UserPolicyUpdateCommand extends UserPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    @Completion(UserPolicyCompleter.class)
    String name;

    @Override
    protected void run() {
        if (noOptions()) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        PolicyViews.userPolicy(policies.updateUserPolicy(CALLER, name, input(null)), out());
    }
}
