package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.PageRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Base of the completers: offers the values read from the identity service (the first {@link Lookups#PAGE}
 * of them) through a {@link StringsCompleter}. A failing look-up offers nothing rather than breaking the
 * console.
 */
abstract class IdentityCompleter implements Completer {
    static final Caller CALLER = BerthCommand.CALLER;

    @Reference
    IdentityService identity;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> values;
        try {
            values = values(PageRequest.first(Lookups.PAGE));
        } catch (BerthException e) {
            values = List.of();
        }
        return new StringsCompleter(values).complete(session, commandLine, candidates);
    }

    /** The values to offer, read with the given page. */
    abstract List<String> values(PageRequest page);
}
