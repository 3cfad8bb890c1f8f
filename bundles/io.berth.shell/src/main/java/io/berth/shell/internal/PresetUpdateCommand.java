package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:preset-update} (SPEC A5): changes a preset's slots (the whole map), shared memory or resource
 * group; {@code --resource-group ""} makes it apply to every group.
 */
@Service
@Command(scope = "berth", name = "preset-update",
        description = "Changes a resource preset; omitted fields stay as they are")
public class PresetUpdateCommand extends PresetOptions {

    @Argument(index = 0, name = "name", description = "Preset name", required = true)
    @Completion(PresetNameCompleter.class)
    String name;

    @Override
    protected void run() {
        if (noOptions()) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        PolicyViews.preset(policies.updatePreset(CALLER, name, input(null)), kinds(), out());
    }
}
