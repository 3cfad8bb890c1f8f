package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Project;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:project-update} (SPEC R2): changes a project's description, allowed vfolder hosts, allowed
 * docker registries or resource policy. A list option replaces the whole list; the {@code --clear-*} flags
 * empty it. The name and domain never change.
 */
@Service
@Command(scope = "berth", name = "project-update", description = "Changes a project; omitted fields stay as they are")
public class ProjectUpdateCommand extends BerthCommand {

    @Argument(index = 0, name = "project", description = "Project id, or domain/name", required = true)
    @Completion(ProjectCompleter.class)
    String project;

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

    @Option(name = "--resource-policy", description = "New project resource policy")
    String resourcePolicy;

    @Override
    protected void run() {
        List<String> hosts = Format.replacement(vfolderHosts, clearVfolderHosts, "vfolder-host");
        List<String> regs = Format.replacement(registries, clearRegistries, "registry");
        if (description == null && hosts == null && regs == null && resourcePolicy == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        Project p = Lookups.project(identity, project);
        Views.project(identity.updateProject(CALLER, p.id(),
                new ProjectUpdate(description, null, hosts, regs, resourcePolicy)), out());
    }
}
