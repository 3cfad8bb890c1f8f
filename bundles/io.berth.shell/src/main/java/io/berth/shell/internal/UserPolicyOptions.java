package io.berth.shell.internal;

import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import org.apache.karaf.shell.api.action.Option;

/** The options user-policy-create and user-policy-update share (SPEC P2); core parses the values. */
abstract class UserPolicyOptions extends PolicyCommand {

    @Option(name = "--max-folders", description = "Virtual folders a user may own: a number or inf")
    String maxFolders;

    @Option(name = "--max-folder-size", description = "Quota of each folder: bytes with a unit (100g) or inf")
    String maxFolderSize;

    @Option(name = "--max-model-sessions", description = "Sessions per model service")
    Integer maxModelSessions;

    @Option(name = "--max-custom-images", description = "Customized images a user may keep: a number or inf")
    String maxCustomImages;

    boolean noOptions() {
        return maxFolders == null && maxFolderSize == null && maxModelSessions == null && maxCustomImages == null;
    }

    UserPolicyInput input(String name) {
        return new UserPolicyInput(name, maxFolders, maxFolderSize, maxModelSessions, maxCustomImages);
    }
}
