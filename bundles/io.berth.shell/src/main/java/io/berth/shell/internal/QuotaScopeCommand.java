package io.berth.shell.internal;

import io.berth.core.storage.FolderOwner;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The commands on one quota scope (SPEC S4): its volume, whether it is a user's or a project's, and whose. */
abstract class QuotaScopeCommand extends StorageCommand {

    @Argument(index = 0, name = "volume", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Argument(index = 1, name = "type", description = "user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Argument(index = 2, name = "scope", description = "A user's id or email, or a project's id or domain/name",
            required = true)
    String scope;

    FolderOwner kind() {
        return FolderOwner.parse(type, "type");
    }
}
