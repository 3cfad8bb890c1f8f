package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:agent-show} (SPEC A1–A3): one agent as last reported, with its devices. */
@Service
@Command(scope = "berth", name = "agent-show", description = "Shows an agent and its devices")
public class AgentShowCommand extends AgentCommand {

    @Argument(index = 0, name = "id", description = "The agent id", required = true)
    @Completion(AgentIdCompleter.class)
    String id;

    @Override
    protected void run() {
        AgentViews.agent(agents.get(CALLER, id), kinds(), out());
    }
}
