package io.berth.shell.internal;

import io.berth.core.session.UsageRecalculation;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:recalculate-usage} (SPEC Y2): rebuilds every agent's occupied slots from its live sessions'
 * containers, printing progress as it goes and then what changed.
 */
@Service
@Command(scope = "berth", name = "recalculate-usage",
        description = "Rebuilds the agents' occupied slots from the live sessions")
public class RecalculateUsageCommand extends SessionCommand {

    @Override
    protected void run() {
        UsageRecalculation r = sessions.recalculateUsage(CALLER, line -> {
            out().println(line);
            out().flush();
        });
        SessionViews.recalculation(r, kinds(), out());
    }
}
