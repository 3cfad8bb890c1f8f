package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:domain-update} (SPEC R2): changes a domain's description, allowed vfolder hosts or allowed
 * docker registries. A list option replaces the whole list; the {@code --clear-*} flags empty it.
 */
@Service
@Command(scope = "berth", name = "domain-update", description = "Changes a domain; omitted fields stay as they are")
public class DomainUpdateCommand extends BerthCommand {

    @Argument(index = 0, name = "name", description = "The domain name", required = true)
    @Completion(DomainNameCompleter.class)
    String name;

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

    @Override
    protected void run() {
        List<String> hosts = Format.replacement(vfolderHosts, clearVfolderHosts, "vfolder-host");
        List<String> regs = Format.replacement(registries, clearRegistries, "registry");
        if (description == null && hosts == null && regs == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        Domain d = identity.updateDomain(CALLER, name, new DomainUpdate(description, null, hosts, regs));
        DomainShowCommand.print(identity, d, out());
    }
}
