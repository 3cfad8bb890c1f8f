package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:preset-check} (SPEC A5): per resource group, its free capacity, the remaining limits and
 * which presets can be launched now (and why not).
 */
@Service
@Command(scope = "berth", name = "preset-check", description = "Shows which resource presets can be launched now")
public class PresetCheckCommand extends SessionCommand {

    @Option(name = "--group", aliases = "--resource-group", description = "Only this resource group")
    @Completion(ResourceGroupNameCompleter.class)
    String group;

    @Override
    protected void run() {
        SessionViews.presetChecks(sessions.checkPresets(CALLER, group == null || group.isBlank() ? null
                : group.trim()), kinds(), out());
    }
}
