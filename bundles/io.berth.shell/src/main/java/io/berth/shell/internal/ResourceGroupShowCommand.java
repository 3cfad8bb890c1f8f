package io.berth.shell.internal;

import io.berth.core.group.ResourceGroup;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:resource-group-show} (SPEC A4): one resource group and who it is available to. */
@Service
@Command(scope = "berth", name = "resource-group-show",
        description = "Shows a resource group and the domains, projects and keypairs it is available to")
public class ResourceGroupShowCommand extends ResourceGroupCommand {

    @Argument(index = 0, name = "name", description = "The resource group name", required = true)
    @Completion(ResourceGroupNameCompleter.class)
    String name;

    @Override
    protected void run() {
        ResourceGroup g = groups.get(CALLER, name);
        ResourceGroupViews.group(g, out());
        out().println();
        out().println(g.isPublic() ? "Available to everyone (public), and associated with:" : "Available to:");
        ResourceGroupViews.associations(groups.associations(CALLER, name), identity, out());
    }
}
