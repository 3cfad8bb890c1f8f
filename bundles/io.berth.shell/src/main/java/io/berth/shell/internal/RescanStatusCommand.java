package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:rescan-status} (SPEC I4, Y2): one rescan with its progress log and per-registry outcomes, or,
 * without an id, the recent rescans, newest first.
 */
@Service
@Command(scope = "berth", name = "rescan-status", description = "Shows a registry rescan, or lists the recent ones")
public class RescanStatusCommand extends ImageCommand {

    @Argument(index = 0, name = "id", description = "The rescan id; the recent rescans when omitted")
    String id;

    @Override
    protected void run() {
        if (id == null) {
            ImageViews.tasks(images.tasks(CALLER), out());
            return;
        }
        var t = images.task(CALLER, id);
        ImageViews.task(t, out());
        if (!t.progress().isEmpty()) {
            out().println("Progress:");
            t.progress().forEach(line -> out().println("  " + line));
        }
    }
}
