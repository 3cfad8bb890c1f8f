package io.berth.shell.internal;

import io.berth.core.session.SessionService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** Base of the session commands (SPEC C1, C7, A5, Y2): holds the session service. */
abstract class SessionCommand extends BerthCommand {

    @Reference
    SessionService sessions;
}
