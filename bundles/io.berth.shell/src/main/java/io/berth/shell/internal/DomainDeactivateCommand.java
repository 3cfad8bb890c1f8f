package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.Inputs.DomainUpdate;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:domain-deactivate} (SPEC R2): marks the domain inactive; its projects and users are left as they are. */
@Service
@Command(scope = "berth", name = "domain-deactivate", description = "Deactivates a domain")
public class DomainDeactivateCommand extends BerthCommand {

    @Argument(index = 0, name = "name", description = "The domain name", required = true)
    @Completion(DomainNameCompleter.class)
    String name;

    @Override
    protected void run() {
        Domain d = identity.updateDomain(CALLER, name, new DomainUpdate(null, Boolean.FALSE, null, null, null));
        out().println("Domain " + d.name() + " is inactive.");
    }
}
