package io.berth.shell.internal;

import io.berth.core.agent.AgentService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the agent commands that are not lists: holds the agent service. */
abstract class AgentCommand extends BerthCommand {

    @Reference
    AgentService agents;
}
