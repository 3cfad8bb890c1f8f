package io.berth.shell.internal;

import io.berth.core.session.Session;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:session-terminate} (SPEC C1): a pending session is cancelled, a placed one terminated once its
 * agent has destroyed its containers; {@code --forced} releases its resources at once without waiting.
 */
@Service
@Command(scope = "berth", name = "session-terminate", description = "Terminates (or cancels) a compute session")
public class SessionTerminateCommand extends SessionCommand {

    @Option(name = "--forced", description = "Release the resources at once, without waiting for the agent")
    boolean forced;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    @Completion(SessionIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Session s = sessions.terminate(CALLER, id, forced);
        out().println("Session " + s.id() + " is " + s.status().wire()
                + (s.statusReason() == null || s.statusReason().isEmpty() ? "" : " (" + s.statusReason() + ")")
                + ".");
    }
}
