package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:resource-group-disallow} (SPEC A4): withdraws a resource group from domains, projects, keypairs. */
@Service
@Command(scope = "berth", name = "resource-group-disallow",
        description = "Withdraws a resource group from domains, projects (id or domain/name) or keypairs")
public class ResourceGroupDisallowCommand extends ResourceGroupAccessCommand {

    @Override
    boolean allow() {
        return false;
    }
}
