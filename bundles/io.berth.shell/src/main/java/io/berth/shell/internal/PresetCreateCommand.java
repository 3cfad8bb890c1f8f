package io.berth.shell.internal;

import io.berth.core.resource.ResourcePreset;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:preset-create} (SPEC A5): a named set of resource slots users can pick for a session. */
@Service
@Command(scope = "berth", name = "preset-create", description = "Creates a resource preset")
public class PresetCreateCommand extends PresetOptions {

    @Argument(index = 0, name = "name", description = "Preset name", required = true)
    String name;

    @Override
    protected void run() {
        ResourcePreset p = policies.createPreset(CALLER, input(name));
        out().println("Resource preset " + p.name() + " created.");
        PolicyViews.preset(p, kinds(), out());
    }
}
