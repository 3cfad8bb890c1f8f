package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of every {@code berth:*} command: holds the identity service, runs the command body as the shell
 * operator ({@link Caller#SYSTEM}, a superadmin: Karaf has already authenticated the shell user) and turns
 * a {@link BerthException} into one line on stderr instead of a stack trace.
 */
abstract class BerthCommand implements Action {

    /** The caller every shell command acts as. */
    static final Caller CALLER = Caller.SYSTEM;

    @Reference
    IdentityService identity;

    /** Output streams; {@code null} means the session's {@code System.out} / {@code System.err}. */
    PrintStream out;
    PrintStream err;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (BerthException e) {
            err().println(Format.error(e));
        }
        return null;
    }

    /** The command body; a {@link BerthException} it throws is reported as one error line. */
    protected abstract void run() throws Exception;

    PrintStream out() {
        return out != null ? out : System.out;
    }

    PrintStream err() {
        return err != null ? err : System.err;
    }
}
