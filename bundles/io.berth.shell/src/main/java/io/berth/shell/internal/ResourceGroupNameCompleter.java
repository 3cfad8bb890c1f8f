package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.ResourceGroupService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes resource group names (active and inactive). A failing look-up offers nothing. */
@Service
public class ResourceGroupNameCompleter implements Completer {

    @Reference
    ResourceGroupService groups;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = groups.list(BerthCommand.CALLER).stream().map(ResourceGroup::name).toList();
        } catch (BerthException e) {
            names = List.of();
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
