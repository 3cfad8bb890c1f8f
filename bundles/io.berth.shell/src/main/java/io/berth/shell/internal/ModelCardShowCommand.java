package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:model-card-show} (SPEC S6): one model card with its models and their metadata. */
@Service
@Command(scope = "berth", name = "model-card-show", description = "Shows a model card")
public class ModelCardShowCommand extends StorageCommand {

    @Argument(index = 0, name = "folder", description = "The card's folder id", required = true)
    @Completion(FolderIdCompleter.class)
    String folder;

    @Override
    protected void run() {
        StorageViews.card(storage.getModelCard(CALLER, folder), out());
    }
}
