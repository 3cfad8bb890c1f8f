package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:image-show} (SPEC I1): one image with its minimums, apps and labels. */
@Service
@Command(scope = "berth", name = "image-show", description = "Shows an image")
public class ImageShowCommand extends ImageCommand {

    @Argument(index = 0, name = "reference", description = "Image reference (registry/namespace/name:tag)",
            required = true)
    @Completion(ImageReferenceCompleter.class)
    String reference;

    @Override
    protected void run() {
        ImageViews.image(images.get(CALLER, reference), kinds(), out());
    }
}
