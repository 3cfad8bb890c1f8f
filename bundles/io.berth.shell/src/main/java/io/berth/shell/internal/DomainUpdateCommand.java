package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:domain-update} (SPEC R2): changes a domain's description, allowed vfolder hosts, allowed
 * docker registries or total resource slots. A list option replaces the whole list; the {@code --clear-*}
 * flags empty it; {@code --slots} replaces the whole slot map ({@code --slots none} removes every limit).
 */
@Service
@Command(scope = "berth", name = "domain-update", description = "Changes a domain; omitted fields stay as they are")
public class DomainUpdateCommand extends AccessListUpdateCommand {

    @Argument(index = 0, name = "name", description = "The domain name", required = true)
    @Completion(DomainNameCompleter.class)
    String name;

    @Override
    protected void run() {
        List<String> hosts = hosts();
        List<String> regs = registryList();
        Map<String, String> total = totalSlots();
        if (description == null && hosts == null && regs == null && total == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        Domain d = identity.updateDomain(CALLER, name, new DomainUpdate(description, null, hosts, regs, total));
        DomainShowCommand.print(identity, d, kinds(), out());
    }
}
