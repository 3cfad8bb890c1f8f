package io.berth.shell.internal;

import io.berth.core.group.ResourceGroup;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:resource-group-create} (SPEC A4): a set of agents with its scheduler. Omitted options get
 * core's defaults (active, not public, fifo, every session type, no pending timeout, dispersed).
 */
@Service
@Command(scope = "berth", name = "resource-group-create", description = "Creates a resource group")
public class ResourceGroupCreateCommand extends ResourceGroupOptions {

    @Argument(index = 0, name = "name", description = "Resource group name", required = true)
    String name;

    @Override
    protected void run() {
        ResourceGroup g = groups.create(CALLER, input(name, inactive ? Boolean.FALSE : null,
                makePublic ? Boolean.TRUE : null, wsproxy, retriesToSkip));
        out().println("Resource group " + g.name() + " created.");
        ResourceGroupViews.group(g, out());
    }
}
