package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:folder-ls} (SPEC S7): the entries of a directory of a folder (its root by default). */
@Service
@Command(scope = "berth", name = "folder-ls", description = "Lists the files of a virtual folder's directory")
public class FolderLsCommand extends StorageCommand {

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "path",
            description = "The directory, relative to the folder's root (default: the root)")
    String path;

    @Override
    protected void run() {
        StorageViews.files(storage.listFiles(CALLER, folder, path == null ? "" : path), out());
    }
}
