package io.berth.shell.internal;

import io.berth.core.resource.ProjectResourcePolicy;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:project-policy-create} (SPEC P3): a new project resource policy; omitted limits get core's defaults. */
@Service
@Command(scope = "berth", name = "project-policy-create", description = "Creates a project resource policy")
public class ProjectPolicyCreateCommand extends ProjectPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    String name;

    @Override
    protected void run() {
        ProjectResourcePolicy p = policies.createProjectPolicy(CALLER, input(name));
        out().println("Project policy " + p.name() + " created.");
        PolicyViews.projectPolicy(p, out());
    }
}
