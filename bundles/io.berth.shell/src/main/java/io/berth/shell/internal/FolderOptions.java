package io.berth.shell.internal;

import io.berth.core.identity.Caller;
import io.berth.core.storage.FolderInput;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The options of {@code folder-create} and {@code folder-clone} (SPEC S2): a new folder as described. A user folder
 * (and every clone) belongs to a real user: the one given with {@code --owner}, or the first superadmin.
 */
abstract class FolderOptions extends StorageCommand {

    @Option(name = "--type", description = "user (default) or project")
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Option(name = "--project", description = "The project of a project folder: its id or domain/name")
    String project;

    @Option(name = "--volume", description = "The volume (default: the system's default, or a clone's source's)")
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Option(name = "--usage-mode", description = "general (default), model or data")
    @Completion(value = StringsCompleter.class, values = {"general", "model", "data"})
    String usageMode;

    @Option(name = "--permission", description = "What project members may do: ro, rw (default) or wd")
    @Completion(value = StringsCompleter.class, values = {"ro", "rw", "wd"})
    String permission;

    @Option(name = "--cloneable", description = "Others who can read the folder may clone it")
    boolean cloneable;

    @Option(name = "--owner", description = "Email of the user who owns a user folder (default: the first "
            + "superadmin)")
    @Completion(UserEmailCompleter.class)
    String owner;

    FolderInput input(String name) {
        return new FolderInput(name, type, project, volume, usageMode, permission, cloneable ? Boolean.TRUE : null);
    }

    /** Who creates it: a real user for a user folder or a clone, the shell operator for a project folder. */
    Caller creator(boolean userNeeded) {
        return userNeeded || owner != null ? owner(owner) : CALLER;
    }

    boolean userFolder() {
        return type == null || type.isBlank() || "user".equalsIgnoreCase(type.strip());
    }
}
