package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.storage.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code berth:folder-upload} (SPEC S7): copies a local file of the manager's host into a folder, streamed;
 * parent directories are created. An existing file is replaced only with {@code --overwrite}.
 */
@Service
@Command(scope = "berth", name = "folder-upload", description = "Uploads a local file into a virtual folder")
public class FolderUploadCommand extends StorageCommand {

    @Option(name = "--overwrite", aliases = "-f", description = "Replace the file if it exists")
    boolean overwrite;

    @Argument(index = 0, name = "folder", description = "The folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Argument(index = 1, name = "file", description = "The local file to upload", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Argument(index = 2, name = "path", description = "Where to put it in the folder, e.g. data/train.csv",
            required = true)
    String path;

    @Override
    protected void run() {
        Path source = Paths.get(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new ValidationException(source + " is not a file", "file");
        }
        FileEntry e;
        try (InputStream in = Files.newInputStream(source)) {
            e = storage.upload(CALLER, folder, path, in, overwrite);
        } catch (IOException x) {
            throw new ValidationException("cannot read " + source + ": " + x, "file");
        }
        out().println("Uploaded " + source + " to " + folder + ":" + e.path() + " (" + StorageViews.bytes(e.size())
                + ").");
    }
}
