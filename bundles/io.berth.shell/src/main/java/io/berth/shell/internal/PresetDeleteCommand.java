package io.berth.shell.internal;

import io.berth.core.error.ReferencedException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code berth:preset-delete} (SPEC A5): deletes a resource preset. */
@Service
@Command(scope = "berth", name = "preset-delete", description = "Deletes a resource preset")
public class PresetDeleteCommand extends PolicyCommand {

    @Argument(index = 0, name = "name", description = "The preset name", required = true)
    @Completion(PresetNameCompleter.class)
    String name;

    @Override
    protected void run() throws CommandException {
        try {
            policies.deletePreset(CALLER, name);
        } catch (ReferencedException e) {
            Format.referrers(e, err());
            throw new CommandException("Resource preset " + name + " was not deleted");
        }
        out().println("Resource preset " + name + " deleted.");
    }
}
