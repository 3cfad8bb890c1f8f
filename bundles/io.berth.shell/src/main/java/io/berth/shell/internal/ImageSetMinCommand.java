package io.berth.shell.internal;

import io.berth.core.image.ImageUpdate;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:image-set-min} (SPEC I1): replaces an image's minimum resources ({@code cpu=1,mem=256m};
 * {@code none} removes them). Core parses the amounts and names the slot in errors.
 */
@Service
@Command(scope = "berth", name = "image-set-min", description = "Sets the minimum resources of an image")
public class ImageSetMinCommand extends ImageCommand {

    @Option(name = "--resources", aliases = "-r", description = "Minimums such as cpu=1,mem=256m (none: no minimums)",
            required = true)
    String resources;

    @Argument(index = 0, name = "reference", description = "Image reference", required = true)
    @Completion(ImageReferenceCompleter.class)
    String reference;

    @Override
    protected void run() {
        var min = SlotText.parse(resources, "resources", "min_resources");
        var image = images.update(CALLER, reference, new ImageUpdate(min, null, null));
        out().println("Minimum resources of " + image.reference() + ": "
                + SlotText.format(image.minResources(), kinds(), "none"));
    }
}
