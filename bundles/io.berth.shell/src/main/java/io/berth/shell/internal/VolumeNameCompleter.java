package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.storage.StorageService;
import io.berth.core.storage.VolumeView;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes storage volume names. A failing look-up offers nothing. */
@Service
public class VolumeNameCompleter implements Completer {

    @Reference
    StorageService storage;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = storage.listVolumes(BerthCommand.CALLER).stream().map(VolumeView::name).toList();
        } catch (BerthException e) {
            names = List.of();
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
