package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:preset-show} (SPEC A5): one resource preset. */
@Service
@Command(scope = "berth", name = "preset-show", description = "Shows a resource preset")
public class PresetShowCommand extends PolicyCommand {

    @Argument(index = 0, name = "name", description = "The preset name", required = true)
    @Completion(PresetNameCompleter.class)
    String name;

    @Override
    protected void run() {
        PolicyViews.preset(policies.getPreset(CALLER, name), kinds(), out());
    }
}
