package io.berth.shell.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentService;
import io.berth.core.error.BerthException;
import io.berth.core.identity.PageRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes agent ids (of every status; the first {@link Lookups#PAGE} by id). A failing look-up offers nothing. */
@Service
public class AgentIdCompleter implements Completer {

    @Reference
    AgentService agents;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids;
        try {
            ids = agents.list(BerthCommand.CALLER, AgentQuery.ALL, PageRequest.first(Lookups.PAGE))
                    .items().stream().map(Agent::id).toList();
        } catch (BerthException e) {
            ids = List.of();
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
