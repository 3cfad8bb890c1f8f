package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code berth:image-app-add} (SPEC I1): adds an app to an image, or replaces the app of that name. */
@Service
@Command(scope = "berth", name = "image-app-add", description = "Adds (or replaces) an app of an image")
public class ImageAppAddCommand extends ImageCommand {

    @Option(name = "--protocol", description = "The app's protocol: http, tcp, pty, ...", required = true)
    @Completion(value = StringsCompleter.class, values = {"http", "tcp", "pty", "preopen"})
    String protocol;

    @Option(name = "--ports", description = "The app's container ports, comma-separated (8080,8081)",
            required = true)
    String ports;

    @Argument(index = 0, name = "reference", description = "Image reference", required = true)
    @Completion(ImageReferenceCompleter.class)
    String reference;

    @Argument(index = 1, name = "name", description = "App name", required = true)
    String name;

    @Override
    protected void run() {
        var image = images.update(CALLER, reference,
                new ImageUpdate(null, List.of(new ImageApp(name, protocol, ports(ports))), null));
        out().println("App " + name + " added to " + image.reference() + ".");
        image.apps().forEach(a -> out().println("  " + ImageViews.app(a)));
    }

    /** {@code 8080,8081} as port numbers. */
    static List<Integer> ports(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new ValidationException("--ports: '" + part.trim() + "' is not a port number", "ports");
            }
        }
        if (out.isEmpty()) {
            throw new ValidationException("--ports: give at least one port number", "ports");
        }
        return out;
    }
}
