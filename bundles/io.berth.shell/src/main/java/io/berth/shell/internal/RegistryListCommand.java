package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:registry-list} (SPEC I3): every container registry; passwords show only as set or not. */
@Service
@Command(scope = "berth", name = "registry-list", description = "Lists container registries")
public class RegistryListCommand extends ImageCommand {

    @Override
    protected void run() {
        ImageViews.registries(images.listRegistries(CALLER), out());
    }
}
