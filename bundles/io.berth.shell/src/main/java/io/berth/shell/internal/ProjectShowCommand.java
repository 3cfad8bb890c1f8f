package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:project-show} (SPEC R2): one project, given by id or as {@code domain/name}. */
@Service
@Command(scope = "berth", name = "project-show", description = "Shows a project (by id or domain/name)")
public class ProjectShowCommand extends BerthCommand {

    @Argument(index = 0, name = "project", description = "Project id, or domain/name", required = true)
    @Completion(ProjectCompleter.class)
    String project;

    @Override
    protected void run() {
        Views.project(Lookups.project(identity, project), kinds(), out());
    }
}
