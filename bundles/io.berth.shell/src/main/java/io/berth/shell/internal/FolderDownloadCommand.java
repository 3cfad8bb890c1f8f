package io.berth.shell.internal;

import io.berth.core.storage.FileContent;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code berth:folder-download} (SPEC S7): copies a file of a folder to a local file of the manager's host. It is
 * written beside the target under a temporary name and moved into place when complete, so a failed download
 * leaves no partial file; an existing file is replaced only with {@code --force}.
 */
@Service
@Command(scope = "berth", name = "folder-download", description = "Downloads a file of a virtual folder")
public class FolderDownloadCommand extends StorageCommand {

    @Option(name = "--force", aliases = "-f", description = "Replace the local file if it exists")
    boolean force;

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "path", description = "The file in the folder, e.g. data/train.csv", required = true)
    String path;

    @Argument(index = 2, name = "file", description = "The local file to write", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    protected void run() {
        Path target = ExportFile.target(file, force);
        FileContent content = storage.download(CALLER, folder, path);
        long bytes = ExportFile.write(target, force, content.stream());
        out().println("Downloaded " + folder + ":" + path + " to " + target + " (" + StorageViews.bytes(bytes)
                + ").");
    }
}
