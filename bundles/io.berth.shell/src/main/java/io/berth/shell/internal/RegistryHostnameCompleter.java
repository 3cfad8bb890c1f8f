package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.ImageService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes container registry hostnames. A failing look-up offers nothing. */
@Service
public class RegistryHostnameCompleter implements Completer {

    @Reference
    ImageService images;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = images.listRegistries(BerthCommand.CALLER).stream().map(ContainerRegistry::hostname).toList();
        } catch (BerthException e) {
            names = List.of();
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
