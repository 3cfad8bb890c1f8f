package io.berth.shell.internal;

import io.berth.core.resource.ResourcePreset;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

/** Completes resource preset names (of every resource group). */
@Service
public class PresetNameCompleter extends PolicyCompleter {
    @Override
    List<String> values(CommandLine commandLine) {
        return policies.listPresets(BerthCommand.CALLER, null).stream().map(ResourcePreset::name).toList();
    }
}
