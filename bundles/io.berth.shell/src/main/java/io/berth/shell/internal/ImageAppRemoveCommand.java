package io.berth.shell.internal;

import io.berth.core.image.ImageUpdate;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:image-app-remove} (SPEC I1): removes an app from an image. */
@Service
@Command(scope = "berth", name = "image-app-remove", description = "Removes an app of an image")
public class ImageAppRemoveCommand extends ImageCommand {

    @Argument(index = 0, name = "reference", description = "Image reference", required = true)
    @Completion(ImageReferenceCompleter.class)
    String reference;

    @Argument(index = 1, name = "name", description = "App name", required = true)
    String name;

    @Override
    protected void run() {
        var image = images.update(CALLER, reference, new ImageUpdate(null, null, List.of(name)));
        out().println("App " + name + " removed from " + image.reference() + ".");
    }
}
