package io.berth.shell.internal;

import io.berth.core.resource.PolicyKind;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

/**
 * Completes policy names for commands that take {@code KIND NAME}: the kind is the nearest word before the
 * cursor that is {@code keypair}, {@code user} or {@code project}; without one nothing is offered.
 */
@Service
public class PolicyNameCompleter extends PolicyCompleter {
    @Override
    List<String> values(CommandLine commandLine) {
        String[] args = commandLine.getArguments();
        for (int i = Math.min(commandLine.getCursorArgumentIndex(), args.length) - 1; i > 0; i--) {
            String word = args[i].trim().toLowerCase(Locale.ROOT);
            if (KINDS.contains(word)) {
                return names(PolicyKind.fromWire(word, "kind"));
            }
        }
        return List.of();
    }
}
