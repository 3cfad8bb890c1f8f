package io.berth.shell.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.identity.UserDetail;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:user-show} (SPEC U4): a user's domain, projects, role, status, flags, main access key and
 * keypairs (never their secrets), and the user's second factors while any is installed (SPEC T1).
 */
@Service
@Command(scope = "berth", name = "user-show", description = "Shows a user with its projects and keypairs")
public class UserShowCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    /** Optional: without it (or without an installed factor) no second factors are shown. */
    @Reference(optional = true)
    TwoFactorService twoFactor;

    @Override
    protected void run() {
        UserDetail detail = identity.getUser(CALLER, email);
        Views.user(detail, twoFactor == null ? null : twoFactor.status(CALLER, detail.user().email()), out());
    }
}
