package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:image-forget} (SPEC I1): forgets an image; a later rescan finds it again if it is still there. */
@Service
@Command(scope = "berth", name = "image-forget", description = "Forgets an image (until a rescan finds it again)")
public class ImageForgetCommand extends ImageCommand {

    @Argument(index = 0, name = "reference", description = "Image reference", required = true)
    @Completion(ImageReferenceCompleter.class)
    String reference;

    @Override
    protected void run() {
        images.forget(CALLER, reference);
        out().println("Image " + reference + " forgotten.");
    }
}
