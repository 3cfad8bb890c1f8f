package io.berth.shell.internal;

import io.berth.core.resource.PolicyKind;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

/** Completes the names of keypair resource policies. */
@Service
public class KeypairPolicyCompleter extends PolicyCompleter {
    @Override
    List<String> values(CommandLine commandLine) {
        return names(PolicyKind.KEYPAIR);
    }
}
