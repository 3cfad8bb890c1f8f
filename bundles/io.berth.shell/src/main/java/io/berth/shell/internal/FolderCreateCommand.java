package io.berth.shell.internal;

import io.berth.core.storage.FolderView;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:folder-create} (SPEC S2): a virtual folder. A user folder belongs to the user given with
 * {@code --owner}, or to the first superadmin; a project folder to its project.
 */
@Service
@Command(scope = "berth", name = "folder-create", description = "Creates a virtual folder")
public class FolderCreateCommand extends FolderOptions {

    @Argument(index = 0, name = "name", description = "The folder name", required = true)
    String name;

    @Override
    protected void run() {
        FolderView v = storage.createFolder(creator(userFolder()), input(name));
        out().println("Folder " + v.folder().name() + " created (" + v.folder().id() + ").");
        StorageViews.folder(v, out());
    }
}
