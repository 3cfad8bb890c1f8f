package io.berth.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Option;

/**
 * The options domain-update and project-update share: description and the allowed vfolder hosts and
 * docker registries (SPEC R2). A list option replaces the whole list; the {@code --clear-*} flags empty it.
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

    /** The new vfolder host list, or null to leave it as it is. */
    List<String> hosts() {
        return Format.replacement(vfolderHosts, clearVfolderHosts, "vfolder-host");
    }

    /** The new docker registry list, or null to leave it as it is. */
    List<String> registryList() {
        return Format.replacement(registries, clearRegistries, "registry");
    }
}
