package io.berth.shell.internal;

import io.berth.core.agent.Agent;
import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:agent-schedulable} (SPEC A2): whether an agent receives new sessions. A non-schedulable agent
 * keeps the sessions it runs.
 */
@Service
@Command(scope = "berth", name = "agent-schedulable",
        description = "Lets an agent receive new sessions (true) or not (false; it keeps its sessions)")
public class AgentSchedulableCommand extends AgentCommand {

    @Argument(index = 0, name = "id", description = "The agent id", required = true)
    @Completion(AgentIdCompleter.class)
    String id;

    @Argument(index = 1, name = "schedulable", description = "true or false", required = true)
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String schedulable;

    @Override
    protected void run() {
        Boolean value = Format.bool(schedulable, "schedulable");
        if (value == null) {
            throw new ValidationException("schedulable must be true or false", "schedulable");
        }
        Agent a = agents.setSchedulable(CALLER, id, value);
        out().println(a.schedulable() ? "Agent " + a.id() + " is schedulable."
                : "Agent " + a.id() + " is not schedulable: it keeps its sessions but receives no new ones.");
    }
}
