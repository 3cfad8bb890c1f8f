package io.berth.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code berth:2fa-status EMAIL} (SPEC T1): every installed second factor and whether it is active for the user. */
@Service
@Command(scope = "berth", name = "2fa-status",
        description = "Shows the installed second factors and whether each is active for a user")
public class TwoFactorStatusCommand extends TwoFactorCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Override
    protected void run() {
        Map<String, Boolean> status = twoFactor.status(CALLER, email);
        if (status.isEmpty()) {
            out().println("User " + email + ": " + NONE_INSTALLED + ".");
            return;
        }
        out().println("Second factors of " + email + ":");
        status.forEach((name, active) -> out().println("  " + name + ": "
                + (Boolean.TRUE.equals(active) ? "active" : "inactive")));
    }
}
