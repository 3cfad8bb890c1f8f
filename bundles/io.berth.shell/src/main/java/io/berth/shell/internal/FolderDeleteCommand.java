package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:folder-delete} (SPEC S2): deletes a virtual folder and its files. */
@Service
@Command(scope = "berth", name = "folder-delete", description = "Deletes a virtual folder and its files")
public class FolderDeleteCommand extends StorageCommand {

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Override
    protected void run() {
        storage.deleteFolder(CALLER, folder);
        out().println("Folder " + folder + " deleted.");
    }
}
