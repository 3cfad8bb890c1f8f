package io.berth.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:user-show} (SPEC U4): a user's domain, projects, role, status, flags, main access key and
 * keypairs (never their secrets).
 */
@Service
@Command(scope = "berth", name = "user-show", description = "Shows a user with its projects and keypairs")
public class UserShowCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Override
    protected void run() {
        Views.user(identity.getUser(CALLER, email), out());
    }
}
