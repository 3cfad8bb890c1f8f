package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:policy-list} (SPEC P1–P3): every resource policy of one kind, sorted by name. */
@Service
@Command(scope = "berth", name = "policy-list", description = "Lists the resource policies of one kind")
public class PolicyListCommand extends PolicyCommand {

    @Argument(index = 0, name = "kind", description = "keypair, user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"keypair", "user", "project"})
    String kind;

    @Override
    protected void run() {
        switch (kind(kind)) {
            case KEYPAIR -> PolicyViews.keyPairPolicies(policies.listKeyPairPolicies(CALLER), kinds(), out());
            case USER -> PolicyViews.userPolicies(policies.listUserPolicies(CALLER), out());
            case PROJECT -> PolicyViews.projectPolicies(policies.listProjectPolicies(CALLER), out());
        }
    }
}
