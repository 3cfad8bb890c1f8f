package io.berth.shell.internal;

import io.berth.core.identity.PageRequest;
import org.apache.karaf.shell.api.action.Option;

/** Base of the list commands: the paging options shared by all of them. */
abstract class ListCommand extends BerthCommand {

    @Option(name = "--limit", aliases = "-n", description = "Rows to show, 1 to 500 (default 20)")
    int limit = PageRequest.DEFAULT_LIMIT;

    @Option(name = "--offset", description = "Rows to skip (default 0)")
    int offset;

    @Option(name = "--desc", description = "Sort in descending order")
    boolean descending;

    /** The page to request, sorted by {@code orderBy} ({@code null}: the service's default order). */
    PageRequest page(String orderBy) {
        return new PageRequest(offset, limit, orderBy, descending);
    }
}
