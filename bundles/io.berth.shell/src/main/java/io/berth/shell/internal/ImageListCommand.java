package io.berth.shell.internal;

import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:image-list} (SPEC I1): the images the rescans found, a page at a time, with filters. */
@Service
@Command(scope = "berth", name = "image-list", description = "Lists images")
public class ImageListCommand extends ListCommand {

    @Reference
    ImageService images;

    @Option(name = "--registry", description = "Only images of this registry hostname")
    @Completion(RegistryHostnameCompleter.class)
    String registry;

    @Option(name = "--name", description = "Only images whose reference contains this text")
    String name;

    @Option(name = "--architecture", aliases = "--arch", description = "Only images for this architecture, e.g. x86_64")
    String architecture;

    @Option(name = "--order-by", description = "Sort key: reference (default) or scanned_at")
    @Completion(value = StringsCompleter.class, values = {"reference", "scanned_at"})
    String orderBy;

    @Override
    protected void run() {
        ImageViews.images(images.list(CALLER, new ImageQuery(registry, name, architecture), page(orderBy)), kinds(),
                out());
    }
}
