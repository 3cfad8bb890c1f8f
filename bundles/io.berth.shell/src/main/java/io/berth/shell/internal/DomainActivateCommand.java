package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:domain-activate} (SPEC R2): makes the domain active again. */
@Service
@Command(scope = "berth", name = "domain-activate", description = "Activates a domain")
public class DomainActivateCommand extends BerthCommand {

    @Argument(index = 0, name = "name", description = "The domain name", required = true)
    @Completion(DomainNameCompleter.class)
    String name;

    @Override
    protected void run() {
        Domain d = identity.updateDomain(CALLER, name, new DomainUpdate(null, Boolean.TRUE, null, null, null));
        out().println("Domain " + d.name() + " is active.");
    }
}
