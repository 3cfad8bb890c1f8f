package io.berth.core.session;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;

/**
 * SPEC A5 "check presets": for one resource group the caller may use, its free capacity, the caller's
 * remaining limits and, per preset, whether it can be launched now and if not why.
 */
public record PresetCheck(String resourceGroup, ResourceSlots groupFree, ResourceSlots keypairRemaining,
        List<PresetAvailability> presets) {

    public PresetCheck {
        presets = List.copyOf(presets);
    }

    public record PresetAvailability(String preset, ResourceSlots slots, boolean allocatable, List<String> reasons) {
        public PresetAvailability {
            reasons = List.copyOf(reasons);
        }
    }
}
