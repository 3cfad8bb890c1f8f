package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:folder-show} (SPEC S2): one virtual folder. */
@Service
@Command(scope = "berth", name = "folder-show", description = "Shows a virtual folder")
public class FolderShowCommand extends StorageCommand {

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Override
    protected void run() {
        StorageViews.folder(storage.getFolder(CALLER, folder), out());
    }
}
