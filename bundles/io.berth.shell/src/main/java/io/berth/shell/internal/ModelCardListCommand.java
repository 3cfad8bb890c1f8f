package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:model-card-list} (SPEC S6): the model cards of every model-store project. */
@Service
@Command(scope = "berth", name = "model-card-list", description = "Lists the model store's cards")
public class ModelCardListCommand extends StorageCommand {

    @Override
    protected void run() {
        StorageViews.cards(storage.listModelCards(CALLER), out());
    }
}
