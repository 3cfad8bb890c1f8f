package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:domain-show} (SPEC R2): a domain's settings, total resource slots and the names of its projects. */
@Service
@Command(scope = "berth", name = "domain-show", description = "Shows a domain and its projects")
public class DomainShowCommand extends BerthCommand {
    /** At most this many project names are listed. */
    static final int PROJECT_NAMES = 20;

    @Argument(index = 0, name = "name", description = "The domain name", required = true)
    @Completion(DomainNameCompleter.class)
    String name;

    @Override
    protected void run() {
        print(identity, identity.getDomain(CALLER, name), kinds(), out());
    }

    /** Prints the domain with the names of its first projects. */
    static void print(IdentityService identity, Domain d, Function<String, SlotKind> kinds, PrintStream out) {
        Page<Project> projects = identity.listProjects(CALLER, d.name(), null,
                new PageRequest(0, PROJECT_NAMES, "name", false));
        Views.domain(d, projects.items().stream().map(Project::name).toList(), projects.total(), kinds, out);
    }
}
