package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:registry-delete} (SPEC I3): deletes a container registry and forgets its images. */
@Service
@Command(scope = "berth", name = "registry-delete",
        description = "Deletes a container registry and forgets its images")
public class RegistryDeleteCommand extends ImageCommand {

    @Argument(index = 0, name = "hostname", description = "The registry hostname", required = true)
    @Completion(RegistryHostnameCompleter.class)
    String hostname;

    @Override
    protected void run() {
        images.deleteRegistry(CALLER, hostname);
        out().println("Container registry " + hostname + " deleted.");
    }
}
