package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:project-policy-update} (SPEC P3): changes the given limits of a project resource policy. */
@Service
@Command(scope = "berth", name = "project-policy-update",
        description = "Changes a project resource policy; omitted limits stay as they are")
public class ProjectPolicyUpdateCommand extends ProjectPolicyOptions {

    @Argument(index = 0, name = "name", description = "Policy name", required = true)
    @Completion(ProjectPolicyCompleter.class)
    String name;

    @Override
    protected void run() {
        if (noOptions()) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        PolicyViews.projectPolicy(policies.updateProjectPolicy(CALLER, name, input(null)), out());
    }
}
