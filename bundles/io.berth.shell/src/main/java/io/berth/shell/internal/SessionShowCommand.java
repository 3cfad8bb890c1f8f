package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:session-show} (SPEC C1, C3): one session with why it waits, its containers and its history. */
@Service
@Command(scope = "berth", name = "session-show",
        description = "Shows a compute session with its containers and status history")
public class SessionShowCommand extends SessionCommand {

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    @Completion(SessionIdCompleter.class)
    String id;

    @Override
    protected void run() {
        SessionViews.detail(sessions.get(CALLER, id), kinds(), out());
    }
}
