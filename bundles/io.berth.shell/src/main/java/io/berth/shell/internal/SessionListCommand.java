package io.berth.shell.internal;

import io.berth.core.identity.PageRequest;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:session-list} (SPEC C1): sessions matching the filters, a page at a time, with their status,
 * owner, group, requested slots and, for pending ones, why they wait.
 */
@Service
@Command(scope = "berth", name = "session-list", description = "Lists compute sessions")
public class SessionListCommand extends SessionFilters {

    @Option(name = "--limit", aliases = "-n", description = "Rows to show, 1 to 500 (default 20)")
    int limit = PageRequest.DEFAULT_LIMIT;

    @Option(name = "--offset", description = "Rows to skip (default 0)")
    int offset;

    @Option(name = "--desc", description = "Sort in descending order")
    boolean descending;

    @Option(name = "--order-by", description = "Sort key: created_at (default), name or status")
    @Completion(value = StringsCompleter.class, values = {"created_at", "name", "status", "priority"})
    String orderBy;

    @Override
    protected void run() {
        SessionViews.table(sessions.list(CALLER, query(), new PageRequest(offset, limit, orderBy, descending)),
                kinds(), out());
    }
}
