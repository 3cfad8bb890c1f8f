package io.berth.shell.internal;

import io.berth.core.storage.FolderView;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:folder-clone} (SPEC S2): copies a folder into a new one described like a new folder, owned by the
 * user given with {@code --owner}, or by the first superadmin. Its volume defaults to the source's.
 */
@Service
@Command(scope = "berth", name = "folder-clone", description = "Copies a virtual folder into a new one")
public class FolderCloneCommand extends FolderOptions {

    @Argument(index = 0, name = "folder", description = "The id of the folder to copy", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "name", description = "The new folder's name", required = true)
    String name;

    @Override
    protected void run() {
        FolderView v = storage.cloneFolder(creator(true), folder, input(name));
        out().println("Folder " + folder + " cloned into " + v.folder().name() + " (" + v.folder().id() + ").");
        StorageViews.folder(v, out());
    }
}
