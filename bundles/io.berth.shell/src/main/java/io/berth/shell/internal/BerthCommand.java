package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of every {@code berth:*} command: holds the identity service (and, optionally, the slot registry
 * used to write resource slots), runs the command body as the shell operator ({@link Caller#SYSTEM}, a
 * superadmin: Karaf has already authenticated the shell user) and turns a {@link BerthException} into one
 * line on stderr instead of a stack trace.
 */
abstract class BerthCommand implements Action {

    /** The caller every shell command acts as. */
    static final Caller CALLER = Caller.SYSTEM;

    @Reference
    IdentityService identity;

    /**
     * Optional so that no command depends on it for registration; without it slot amounts are written as
     * plain numbers.
     */
    @Reference(optional = true)
    SlotRegistry slotRegistry;

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

    /** The kind of each slot, for writing amounts ({@code mem=8g} rather than bytes). */
    Function<String, SlotKind> kinds() {
        return SlotText.kinds(slotRegistry);
    }

    PrintStream out() {
        return out != null ? out : System.out;
    }

    PrintStream err() {
        return err != null ? err : System.err;
    }
}
