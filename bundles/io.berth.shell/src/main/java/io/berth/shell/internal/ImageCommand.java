package io.berth.shell.internal;

import io.berth.core.image.ImageService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the registry, rescan and image commands (SPEC I1, I3, I4): holds the image service. */
abstract class ImageCommand extends BerthCommand {

    @Reference
    ImageService images;
}
