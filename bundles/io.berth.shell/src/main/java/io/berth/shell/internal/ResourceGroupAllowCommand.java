package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:resource-group-allow} (SPEC A4): makes a resource group available to domains, projects, keypairs. */
@Service
@Command(scope = "berth", name = "resource-group-allow",
        description = "Makes a resource group available to domains, projects (id or domain/name) or keypairs")
public class ResourceGroupAllowCommand extends ResourceGroupAccessCommand {

    @Override
    boolean allow() {
        return true;
    }
}
