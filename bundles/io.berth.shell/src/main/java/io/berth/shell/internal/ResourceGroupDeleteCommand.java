package io.berth.shell.internal;

import io.berth.core.error.ReferencedException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code berth:resource-group-delete} (SPEC A4): deletes a resource group and its associations. While agents
 * that are not terminated belong to it the delete is refused: the command prints core's message and the
 * agents, one per line, and fails.
 */
@Service
@Command(scope = "berth", name = "resource-group-delete",
        description = "Deletes a resource group (refused while agents belong to it)")
public class ResourceGroupDeleteCommand extends ResourceGroupCommand {

    @Argument(index = 0, name = "name", description = "The resource group name", required = true)
    @Completion(ResourceGroupNameCompleter.class)
    String name;

    @Override
    protected void run() throws CommandException {
        try {
            groups.delete(CALLER, name);
        } catch (ReferencedException e) {
            Format.referrers(e, err());
            throw new CommandException("Resource group " + name + " was not deleted");
        }
        out().println("Resource group " + name + " deleted.");
    }
}
