package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:preset-list} (SPEC A5): resource presets by name, optionally those usable in one resource group. */
@Service
@Command(scope = "berth", name = "preset-list", description = "Lists resource presets")
public class PresetListCommand extends PolicyCommand {

    @Option(name = "--resource-group", description = "Only presets for this resource group or for every group")
    String resourceGroup;

    @Override
    protected void run() {
        PolicyViews.presets(policies.listPresets(CALLER, resourceGroup), kinds(), out());
    }
}
