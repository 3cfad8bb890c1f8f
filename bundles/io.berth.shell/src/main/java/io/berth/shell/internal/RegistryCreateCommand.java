package io.berth.shell.internal;

import io.berth.core.image.ContainerRegistry;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:registry-create} (SPEC I3): a container registry to scan for images. Omitted options get
 * core's defaults (type docker, no project, no credentials, TLS verified).
 */
@Service
@Command(scope = "berth", name = "registry-create", description = "Adds a container registry")
public class RegistryCreateCommand extends RegistryOptions {

    @Argument(index = 0, name = "hostname", description = "Registry hostname, the prefix of its images' names",
            required = true)
    String hostname;

    @Override
    protected void run() {
        ContainerRegistry r = images.createRegistry(CALLER, input(hostname, password,
                noSslVerify ? Boolean.FALSE : null));
        out().println("Container registry " + r.hostname() + " created.");
        ImageViews.registry(r, out());
    }
}
