package io.berth.shell.internal;

import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Project;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:project-create} (SPEC R2): creates a general project in a domain; its name is unique there. */
@Service
@Command(scope = "berth", name = "project-create", description = "Creates a project in a domain")
public class ProjectCreateCommand extends BerthCommand {

    @Argument(index = 0, name = "domain", description = "The domain the project belongs to", required = true)
    @Completion(DomainNameCompleter.class)
    String domain;

    @Argument(index = 1, name = "name", description = "Project name: a slug unique within the domain",
            required = true)
    String name;

    @Option(name = "--description", description = "Free text")
    String description;

    @Option(name = "--vfolder-host", multiValued = true,
            description = "Allowed vfolder host (repeatable or comma-separated)")
    List<String> vfolderHosts;

    @Option(name = "--registry", multiValued = true,
            description = "Allowed docker registry (repeatable or comma-separated)")
    List<String> registries;

    @Option(name = "--resource-policy", description = "Project resource policy (default: default)")
    @Completion(ProjectPolicyCompleter.class)
    String resourcePolicy;

    @Option(name = "--slots", description = "Total resource slots of the project's sessions together, e.g. "
            + "cpu=16,mem=64g,cuda.shares=4 (a slot not named is unlimited)")
    String slots;

    @Option(name = "--inactive", description = "Create the project inactive")
    boolean inactive;

    @Override
    protected void run() {
        List<String> hosts = Format.values(vfolderHosts);
        List<String> regs = Format.values(registries);
        Map<String, String> total = SlotText.parse(slots, "slots", "total_resource_slots");
        Project p = identity.createProject(CALLER, new NewProject(domain, name, description, !inactive,
                hosts == null ? List.of() : hosts, regs == null ? List.of() : regs, resourcePolicy, total));
        out().println("Project " + p.domainName() + "/" + p.name() + " created.");
        Views.project(p, kinds(), out());
    }
}
