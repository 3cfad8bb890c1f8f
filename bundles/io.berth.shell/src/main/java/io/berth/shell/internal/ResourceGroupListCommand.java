package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:resource-group-list} (SPEC A4): every resource group, by name. */
@Service
@Command(scope = "berth", name = "resource-group-list", description = "Lists resource groups")
public class ResourceGroupListCommand extends ResourceGroupCommand {

    @Override
    protected void run() {
        ResourceGroupViews.table(groups.list(CALLER), out());
    }
}
