package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:folder-update} (SPEC S2): renames a folder, changes its permission or whether it is cloneable. */
@Service
@Command(scope = "berth", name = "folder-update",
        description = "Changes a virtual folder; omitted fields stay as they are")
public class FolderUpdateCommand extends StorageCommand {

    @Option(name = "--name", description = "The new name")
    String name;

    @Option(name = "--permission", description = "What project members may do: ro, rw or wd")
    @Completion(value = StringsCompleter.class, values = {"ro", "rw", "wd"})
    String permission;

    @Option(name = "--cloneable", description = "true or false")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String cloneable;

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Override
    protected void run() {
        if (name == null && permission == null && cloneable == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        StorageViews.folder(storage.updateFolder(CALLER, folder, new io.berth.core.storage.FolderUpdate(name,
                permission, Format.bool(cloneable, "cloneable"))), out());
    }
}
