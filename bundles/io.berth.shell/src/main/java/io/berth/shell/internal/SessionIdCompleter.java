package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.identity.PageRequest;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionService;
import io.berth.core.session.SessionStatus;
import java.util.EnumSet;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes session ids: those of the first {@link Lookups#PAGE} sessions (in the service's order) that have
 * not ended. A failing look-up offers nothing.
 */
@Service
public class SessionIdCompleter implements Completer {
    /** Every status but the final ones. */
    static final SessionQuery LIVE = SessionQuery.ALL.withStatuses(
            EnumSet.complementOf(EnumSet.copyOf(SessionStatus.FINAL)));

    @Reference
    SessionService sessions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids;
        try {
            ids = sessions.list(BerthCommand.CALLER, LIVE, PageRequest.first(Lookups.PAGE))
                    .items().stream().map(io.berth.core.session.Session::id).toList();
        } catch (BerthException e) {
            ids = List.of();
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
