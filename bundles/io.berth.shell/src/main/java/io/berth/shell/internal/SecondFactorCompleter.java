package io.berth.shell.internal;

import io.berth.core.auth.TwoFactorService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the installed second factors. */
@Service
public class SecondFactorCompleter implements Completer {
    @Reference
    TwoFactorService twoFactor;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = twoFactor.installedFactors();
        } catch (RuntimeException e) {
            names = List.of();
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
