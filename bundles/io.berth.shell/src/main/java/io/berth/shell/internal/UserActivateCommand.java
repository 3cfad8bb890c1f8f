package io.berth.shell.internal;

import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserStatus;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:user-activate} (SPEC U8): sets the user's status to active. Its keypairs are not
 * re-activated; the command lists the inactive ones so they can be activated with
 * {@code berth:keypair-activate}.
 */
@Service
@Command(scope = "berth", name = "user-activate",
        description = "Sets a user active (its keypairs stay inactive)")
public class UserActivateCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Override
    protected void run() {
        UserDetail before = identity.getUser(CALLER, email);
        UserDetail after = identity.updateUser(CALLER, email,
                new UserUpdate(null, null, null, null, null, UserStatus.ACTIVE, null, null, null, null));
        out().println("User " + after.user().email() + " is " + after.user().status().wire() + ".");
        UserStatusNotes.print(before, after, out());
    }
}
