package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:folder-rm} (SPEC S7): deletes a file of a folder, or a directory with {@code --recursive}. */
@Service
@Command(scope = "berth", name = "folder-rm", description = "Deletes a file or directory of a virtual folder")
public class FolderRmCommand extends StorageCommand {

    @Option(name = "--recursive", aliases = "-r", description = "Delete a directory with everything in it")
    boolean recursive;

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "path", description = "The file or directory, relative to the folder's root",
            required = true)
    String path;

    @Override
    protected void run() {
        storage.deleteFile(CALLER, folder, path, recursive);
        out().println("Deleted " + folder + ":" + path + ".");
    }
}
