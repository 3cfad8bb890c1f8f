package io.berth.shell.internal;

import io.berth.core.group.ResourceGroupService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the resource group commands: holds the resource group service. */
abstract class ResourceGroupCommand extends BerthCommand {

    @Reference
    ResourceGroupService groups;
}
