package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:session-logs} (SPEC C1): the end of the main container's output. */
@Service
@Command(scope = "berth", name = "session-logs", description = "Prints the last lines of a session's output")
public class SessionLogsCommand extends SessionCommand {
    static final int DEFAULT_TAIL = 500;
    static final int MAX_TAIL = 10_000;

    @Option(name = "--tail", description = "Lines to show, 1 to 10000 (default 500)")
    int tail = DEFAULT_TAIL;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    @Completion(SessionIdCompleter.class)
    String id;

    @Override
    protected void run() {
        if (tail < 1 || tail > MAX_TAIL) {
            throw new ValidationException("--tail must be between 1 and " + MAX_TAIL, "tail");
        }
        String logs = sessions.logs(CALLER, id, tail);
        if (logs == null || logs.isEmpty()) {
            err().println("(no output)");
            return;
        }
        out().print(logs.endsWith("\n") ? logs : logs + "\n");
        out().flush();
    }
}
