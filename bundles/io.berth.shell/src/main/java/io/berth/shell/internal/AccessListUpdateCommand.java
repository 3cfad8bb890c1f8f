package io.berth.shell.internal;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Option;

/**
 * The options domain-update and project-update share: description, the allowed vfolder hosts and docker
 * registries (SPEC R2) and the total resource slots. A list option replaces the whole list; the
 * {@code --clear-*} flags empty it. {@code --slots} replaces the whole slot map; {@code --slots none} (or
 * {@code ""}) removes every limit.
 */
abstract class AccessListUpdateCommand extends BerthCommand {

    @Option(name = "--description", description = "New description")
    String description;

    @Option(name = "--vfolder-host", multiValued = true,
            description = "Allowed vfolder hosts, replacing the current list (repeatable or comma-separated)")
    List<String> vfolderHosts;

    @Option(name = "--clear-vfolder-hosts", description = "Allow no vfolder host")
    boolean clearVfolderHosts;

    @Option(name = "--registry", multiValued = true,
            description = "Allowed docker registries, replacing the current list (repeatable or comma-separated)")
    List<String> registries;

    @Option(name = "--clear-registries", description = "Allow no docker registry")
    boolean clearRegistries;

    @Option(name = "--slots", description = "Total resource slots, replacing the current ones, e.g. "
            + "cpu=64,mem=256g,cuda.shares=inf; 'none' removes every limit (a slot not named is unlimited)")
    String slots;

    /** The new vfolder host list, or null to leave it as it is. */
    List<String> hosts() {
        return Format.replacement(vfolderHosts, clearVfolderHosts, "vfolder-host");
    }

    /** The new total resource slots (raw, for core to parse), or null to leave them as they are. */
    Map<String, String> totalSlots() {
        return SlotText.parse(slots, "slots", "total_resource_slots");
    }

    /** The new docker registry list, or null to leave it as it is. */
    List<String> registryList() {
        return Format.replacement(registries, clearRegistries, "registry");
    }
}
