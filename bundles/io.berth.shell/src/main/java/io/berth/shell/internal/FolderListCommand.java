package io.berth.shell.internal;

import io.berth.core.storage.FolderQuery;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:folder-list} (SPEC S2): every virtual folder, with filters. */
@Service
@Command(scope = "berth", name = "folder-list", description = "Lists virtual folders")
public class FolderListCommand extends StorageCommand {

    @Option(name = "--type", description = "Only user or project folders")
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Option(name = "--project", description = "Only the folders of this project (id or name)")
    String project;

    @Option(name = "--usage-mode", description = "Only general, model or data folders")
    @Completion(value = StringsCompleter.class, values = {"general", "model", "data"})
    String usageMode;

    @Option(name = "--volume", description = "Only folders on this volume")
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Option(name = "--owner", description = "Only folders of this owner (a user's email or a project's name)")
    String owner;

    @Override
    protected void run() {
        StorageViews.folders(storage.listFolders(CALLER, new FolderQuery(type, project, usageMode, volume, owner,
                true)), out());
    }
}
