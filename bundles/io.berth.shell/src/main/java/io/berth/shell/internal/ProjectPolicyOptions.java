package io.berth.shell.internal;

import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import org.apache.karaf.shell.api.action.Option;

/** The options project-policy-create and project-policy-update share (SPEC P3); core parses the values. */
abstract class ProjectPolicyOptions extends PolicyCommand {

    @Option(name = "--max-folders", description = "Virtual folders a project may own: a number or inf")
    String maxFolders;

    @Option(name = "--max-folder-size", description = "Quota of each folder: bytes with a unit (1t) or inf")
    String maxFolderSize;

    boolean noOptions() {
        return maxFolders == null && maxFolderSize == null;
    }

    ProjectPolicyInput input(String name) {
        return new ProjectPolicyInput(name, maxFolders, maxFolderSize);
    }
}
