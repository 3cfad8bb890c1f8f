package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:registry-show} (SPEC I3): one container registry. */
@Service
@Command(scope = "berth", name = "registry-show", description = "Shows a container registry")
public class RegistryShowCommand extends ImageCommand {

    @Argument(index = 0, name = "hostname", description = "The registry hostname", required = true)
    @Completion(RegistryHostnameCompleter.class)
    String hostname;

    @Override
    protected void run() {
        ImageViews.registry(images.getRegistry(CALLER, hostname), out());
    }
}
