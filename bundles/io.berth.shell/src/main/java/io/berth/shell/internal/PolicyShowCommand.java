package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:policy-show} (SPEC P1–P3): one resource policy with all its limits. */
@Service
@Command(scope = "berth", name = "policy-show", description = "Shows a resource policy")
public class PolicyShowCommand extends PolicyCommand {

    @Argument(index = 0, name = "kind", description = "keypair, user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"keypair", "user", "project"})
    String kind;

    @Argument(index = 1, name = "name", description = "The policy name", required = true)
    @Completion(PolicyNameCompleter.class)
    String name;

    @Override
    protected void run() {
        switch (kind(kind)) {
            case KEYPAIR -> PolicyViews.keyPairPolicy(policies.getKeyPairPolicy(CALLER, name), kinds(), out());
            case USER -> PolicyViews.userPolicy(policies.getUserPolicy(CALLER, name), out());
            case PROJECT -> PolicyViews.projectPolicy(policies.getProjectPolicy(CALLER, name), out());
        }
    }
}
