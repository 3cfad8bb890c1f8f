package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.Image;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes image references ({@code registry/namespace/name:tag}): those of the first {@link Lookups#PAGE}
 * images (in the service's order) whose reference contains the word typed so far. A failing look-up offers
 * nothing.
 */
@Service
public class ImageReferenceCompleter implements Completer {

    @Reference
    ImageService images;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String word = commandLine.getCursorArgument() == null ? "" : commandLine.getCursorArgument()
                .substring(0, Math.min(commandLine.getArgumentPosition(), commandLine.getCursorArgument().length()));
        List<String> refs;
        try {
            refs = images.list(BerthCommand.CALLER, new ImageQuery(null, word.isEmpty() ? null : word, null),
                    PageRequest.first(Lookups.PAGE)).items().stream().map(Image::reference).toList();
        } catch (BerthException e) {
            refs = List.of();
        }
        return new StringsCompleter(refs).complete(session, commandLine, candidates);
    }
}
