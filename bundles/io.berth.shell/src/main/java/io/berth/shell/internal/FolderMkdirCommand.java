package io.berth.shell.internal;

import io.berth.core.storage.FileEntry;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:folder-mkdir} (SPEC S7): creates a directory (and its parents) in a folder. */
@Service
@Command(scope = "berth", name = "folder-mkdir", description = "Creates a directory in a virtual folder")
public class FolderMkdirCommand extends StorageCommand {

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "path", description = "The directory, relative to the folder's root",
            required = true)
    String path;

    @Override
    protected void run() {
        FileEntry e = storage.makeDirectory(CALLER, folder, path);
        out().println("Directory " + folder + ":" + e.path() + " created.");
    }
}
