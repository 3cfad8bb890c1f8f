package io.berth.shell.internal;

import io.berth.core.identity.UserDetail;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:user-deactivate} (SPEC U8): sets the user inactive and deactivates all its keypairs in one
 * transaction; requests signed with any of them fail from then on. Users are never deleted.
 */
@Service
@Command(scope = "berth", name = "user-deactivate",
        description = "Sets a user inactive and deactivates all its keypairs")
public class UserDeactivateCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Override
    protected void run() {
        UserDetail before = identity.getUser(CALLER, email);
        UserDetail after = identity.deactivateUser(CALLER, email);
        out().println("User " + after.user().email() + " is " + after.user().status().wire() + ".");
        UserStatusNotes.print(before, after, out());
    }
}
