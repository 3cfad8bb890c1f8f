package io.berth.shell.internal;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:2fa-disable [--factor NAME] EMAIL} (SPEC T2): disables one second factor of a user, or,
 * without {@code --factor}, every factor active for the user. The user logs in with the password alone
 * afterwards and may enrol again over REST. Options go before the e-mail.
 */
@Service
@Command(scope = "berth", name = "2fa-disable",
        description = "Disables a user's second factor (all active ones without --factor)")
public class TwoFactorDisableCommand extends TwoFactorCommand {

    @Option(name = "--factor", description = "The factor to disable, e.g. totp (default: every active one)")
    @Completion(SecondFactorCompleter.class)
    String factor;

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Override
    protected void run() {
        if (factor != null) {
            twoFactor.disable(CALLER, email, factor.trim());
            out().println("Second factor " + factor.trim() + " of " + email + " disabled.");
            return;
        }
        Map<String, Boolean> status = twoFactor.status(CALLER, email);
        if (status.isEmpty()) {
            out().println("User " + email + ": " + NONE_INSTALLED + "; nothing to disable.");
            return;
        }
        List<String> active = status.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (active.isEmpty()) {
            out().println("User " + email + " has no active second factor; nothing to disable.");
            return;
        }
        for (String name : active) {
            twoFactor.disable(CALLER, email, name);
            out().println("Second factor " + name + " of " + email + " disabled.");
        }
    }
}
