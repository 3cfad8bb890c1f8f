package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.StorageService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes folder ids, of every folder the shell operator manages. A failing look-up offers nothing. */
@Service
public class FolderIdCompleter implements Completer {

    @Reference
    StorageService storage;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids;
        try {
            ids = storage.listFolders(BerthCommand.CALLER, StorageCommand.ALL_FOLDERS).stream().map(FolderView::folder)
                    .map(f -> f.id()).toList();
        } catch (BerthException e) {
            ids = List.of();
        }
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
