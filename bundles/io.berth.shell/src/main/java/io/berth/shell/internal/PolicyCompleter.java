package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.PolicyKind;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePolicyService;
import io.berth.core.resource.UserResourcePolicy;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Base of the completers over the resource policy service: policy names of one kind, or preset names. A
 * failing look-up offers nothing rather than breaking the console.
 */
abstract class PolicyCompleter implements Completer {
    static final List<String> KINDS = List.of("keypair", "user", "project");

    @Reference
    ResourcePolicyService policies;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> values;
        try {
            values = values(commandLine);
        } catch (BerthException e) {
            values = List.of();
        }
        return new StringsCompleter(values).complete(session, commandLine, candidates);
    }

    /** The values to offer on this command line. */
    abstract List<String> values(CommandLine commandLine);

    /** The names of every policy of the kind. */
    List<String> names(PolicyKind kind) {
        return switch (kind) {
            case KEYPAIR -> policies.listKeyPairPolicies(BerthCommand.CALLER).stream()
                    .map(KeyPairResourcePolicy::name).toList();
            case USER -> policies.listUserPolicies(BerthCommand.CALLER).stream().map(UserResourcePolicy::name)
                    .toList();
            case PROJECT -> policies.listProjectPolicies(BerthCommand.CALLER).stream()
                    .map(ProjectResourcePolicy::name).toList();
        };
    }
}
