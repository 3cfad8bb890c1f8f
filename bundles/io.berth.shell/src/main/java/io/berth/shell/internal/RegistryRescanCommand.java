package io.berth.shell.internal;

import io.berth.core.image.RescanTask;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:registry-rescan} (SPEC I4, Y2): starts a background rescan of one registry, or of all when no
 * hostname is given, and prints its id. With {@code --wait} it polls the task every 500 ms, printing each new
 * progress line, until the task is no longer running, then prints the per-registry outcomes.
 */
@Service
@Command(scope = "berth", name = "registry-rescan",
        description = "Rescans a container registry (or all) for images in the background")
public class RegistryRescanCommand extends ImageCommand {
    static final long POLL_MILLIS = 500;

    @Option(name = "--wait", aliases = "-w", description = "Follow the rescan until it is done")
    boolean waitForIt;

    @Argument(index = 0, name = "hostname", description = "The registry hostname; all registries when omitted")
    @Completion(RegistryHostnameCompleter.class)
    String hostname;

    /** How long to wait between polls; tests shorten it. */
    long pollMillis = POLL_MILLIS;

    @Override
    protected void run() throws InterruptedException {
        RescanTask t = images.rescan(CALLER, hostname);
        out().println("Rescan " + t.id() + " of " + ImageViews.target(t) + " started.");
        if (!waitForIt) {
            out().println("Follow it with berth:rescan-status " + t.id());
            return;
        }
        int printed = print(t, 0);
        while (t.state() == RescanTask.State.RUNNING) {
            Thread.sleep(pollMillis);
            t = images.task(CALLER, t.id());
            printed = print(t, printed);
        }
        out().println("Rescan " + t.id() + " " + ImageViews.state(t) + ": " + t.done() + " of " + t.total()
                + " repositories read.");
        ImageViews.outcomes(t, out());
    }

    /** Prints the progress lines after the first {@code printed}; answers how many are printed now. */
    private int print(RescanTask t, int printed) {
        for (int i = printed; i < t.progress().size(); i++) {
            out().println(t.progress().get(i));
        }
        out().flush();
        return Math.max(printed, t.progress().size());
    }
}
