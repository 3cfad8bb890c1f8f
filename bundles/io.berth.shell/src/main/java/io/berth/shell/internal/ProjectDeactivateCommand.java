package io.berth.shell.internal;

import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Project;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:project-deactivate} (SPEC R2): marks the project inactive. */
@Service
@Command(scope = "berth", name = "project-deactivate", description = "Deactivates a project (by id or domain/name)")
public class ProjectDeactivateCommand extends BerthCommand {

    @Argument(index = 0, name = "project", description = "Project id, or domain/name", required = true)
    @Completion(ProjectCompleter.class)
    String project;

    @Override
    protected void run() {
        Project p = Lookups.project(identity, project);
        p = identity.updateProject(CALLER, p.id(), new ProjectUpdate(null, Boolean.FALSE, null, null, null, null));
        out().println("Project " + p.domainName() + "/" + p.name() + " (" + p.id() + ") is inactive.");
    }
}
