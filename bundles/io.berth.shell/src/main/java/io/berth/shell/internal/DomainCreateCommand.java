package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.NewDomain;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:domain-create} (SPEC R2): creates a domain together with its model-store project. */
@Service
@Command(scope = "berth", name = "domain-create", description = "Creates a domain and its model-store project")
public class DomainCreateCommand extends BerthCommand {

    @Argument(index = 0, name = "name", description = "Domain name: a slug of at most 64 characters", required = true)
    String name;

    @Option(name = "--description", description = "Free text")
    String description;

    @Option(name = "--vfolder-host", multiValued = true,
            description = "Allowed vfolder host (repeatable or comma-separated)")
    List<String> vfolderHosts;

    @Option(name = "--registry", multiValued = true,
            description = "Allowed docker registry (repeatable or comma-separated)")
    List<String> registries;

    @Option(name = "--slots", description = "Total resource slots of the domain's sessions together, e.g. "
            + "cpu=64,mem=256g,cuda.shares=inf (a slot not named is unlimited)")
    String slots;

    @Option(name = "--inactive", description = "Create the domain inactive")
    boolean inactive;

    @Override
    protected void run() {
        List<String> hosts = Format.values(vfolderHosts);
        List<String> regs = Format.values(registries);
        Map<String, String> total = SlotText.parse(slots, "slots", "total_resource_slots");
        Domain d = identity.createDomain(CALLER, new NewDomain(name, description, !inactive,
                hosts == null ? List.of() : hosts, regs == null ? List.of() : regs, total));
        out().println("Domain " + d.name() + " created (with its model-store project).");
        DomainShowCommand.print(identity, d, kinds(), out());
    }
}
