package io.berth.shell.internal;

import io.berth.core.error.ReferencedException;
import io.berth.core.resource.PolicyKind;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:policy-delete} (SPEC P4): deletes a resource policy. While anything refers to it the delete
 * is refused: the command prints core's message and the referrers, one per line, and fails.
 */
@Service
@Command(scope = "berth", name = "policy-delete",
        description = "Deletes a resource policy (refused while a keypair, user or project refers to it)")
public class PolicyDeleteCommand extends PolicyCommand {

    @Argument(index = 0, name = "kind", description = "keypair, user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"keypair", "user", "project"})
    String kind;

    @Argument(index = 1, name = "name", description = "The policy name", required = true)
    @Completion(PolicyNameCompleter.class)
    String name;

    @Override
    protected void run() throws CommandException {
        PolicyKind k = kind(kind);
        try {
            policies.deletePolicy(CALLER, k, name);
        } catch (ReferencedException e) {
            Format.referrers(e, err());
            throw new CommandException(noun(k) + " " + name + " was not deleted");
        }
        out().println(noun(k) + " " + name + " deleted.");
    }
}
