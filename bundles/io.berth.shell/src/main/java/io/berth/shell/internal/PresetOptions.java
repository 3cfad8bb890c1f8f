package io.berth.shell.internal;

import io.berth.core.resource.ResourceInputs.PresetInput;
import org.apache.karaf.shell.api.action.Option;

/** The options preset-create and preset-update share (SPEC A5); core parses the amounts. */
abstract class PresetOptions extends PolicyCommand {

    @Option(name = "--slots", description = "Resource slots of the preset, e.g. cpu=4,mem=16g,cuda.shares=1")
    String slots;

    @Option(name = "--shared-memory", description = "Shared memory (/dev/shm) in bytes or with a unit, e.g. 64m")
    String sharedMemory;

    @Option(name = "--resource-group", description = "The resource group the preset is for (default: every "
            + "group; \"\" on update makes it apply to every group again)")
    String resourceGroup;

    boolean noOptions() {
        return slots == null && sharedMemory == null && resourceGroup == null;
    }

    PresetInput input(String name) {
        return new PresetInput(name, SlotText.parse(slots, "slots", "resource_slots"), sharedMemory, resourceGroup);
    }
}
