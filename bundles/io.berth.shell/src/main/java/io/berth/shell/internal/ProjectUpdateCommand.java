package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Project;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:project-update} (SPEC R2): changes a project's description, allowed vfolder hosts, allowed
 * docker registries, resource policy or total resource slots. A list option replaces the whole list; the
 * {@code --clear-*} flags empty it; {@code --slots} replaces the whole slot map ({@code --slots none}
 * removes every limit). The name and domain never change.
 */
@Service
@Command(scope = "berth", name = "project-update", description = "Changes a project; omitted fields stay as they are")
public class ProjectUpdateCommand extends AccessListUpdateCommand {

    @Argument(index = 0, name = "project", description = "Project id, or domain/name", required = true)
    @Completion(ProjectCompleter.class)
    String project;

    @Option(name = "--resource-policy", description = "New project resource policy")
    @Completion(ProjectPolicyCompleter.class)
    String resourcePolicy;

    @Override
    protected void run() {
        List<String> hosts = hosts();
        List<String> regs = registryList();
        Map<String, String> total = totalSlots();
        if (description == null && hosts == null && regs == null && resourcePolicy == null && total == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        Project p = Lookups.project(identity, project);
        Views.project(identity.updateProject(CALLER, p.id(),
                new ProjectUpdate(description, null, hosts, regs, resourcePolicy, total)), kinds(), out());
    }
}
