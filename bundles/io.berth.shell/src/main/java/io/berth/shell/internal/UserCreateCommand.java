package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserStatus;
import java.io.IOException;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:user-create} (SPEC U2, U3): creates a user with its first keypair and adds it to the given
 * projects plus its domain's model-store project. The new keypair's secret key is printed once. Without
 * {@code --password} the password is asked for twice on the console, unechoed.
 */
@Service
@Command(scope = "berth", name = "user-create",
        description = "Creates a user and its first keypair; prints the secret key once")
public class UserCreateCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "E-mail address, the user's id (at most 64 characters)",
            required = true)
    String email;

    @Option(name = "--password", censor = true,
            description = "Password: 8 or more characters with a letter, a digit and a special character "
                    + "(asked for on the console when omitted)")
    String password;

    @Option(name = "--username", description = "Username (default: the e-mail)")
    String username;

    @Option(name = "--full-name", description = "Full name")
    String fullName;

    @Option(name = "--description", description = "Free text")
    String description;

    @Option(name = "--domain", description = "Domain (default: default)")
    @Completion(DomainNameCompleter.class)
    String domain;

    @Option(name = "--role", description = "Role: superadmin, admin, user (default) or monitor")
    @Completion(value = StringsCompleter.class, values = {"superadmin", "admin", "user", "monitor"})
    String role;

    @Option(name = "--status", description = "Status: active (default), inactive or before-verification")
    @Completion(value = StringsCompleter.class, values = {"active", "inactive", "before-verification"})
    String status;

    @Option(name = "--project", multiValued = true,
            description = "Project to join (repeatable or comma-separated): id, name in the user's domain, "
                    + "or domain/name")
    @Completion(ProjectCompleter.class)
    List<String> projects;

    @Option(name = "--resource-policy",
            description = "User resource policy (default: default); the first keypair gets the default keypair policy")
    @Completion(UserPolicyCompleter.class)
    String resourcePolicy;

    @Option(name = "--need-password-change", description = "Ask the user to change the password")
    boolean needPasswordChange;

    @Option(name = "--sudo", description = "Enable sudo in the user's sessions")
    boolean sudo;

    @Reference(optional = true)
    Session session;

    @Override
    protected void run() throws IOException {
        Role r = role == null ? null : Role.parse(role);
        UserStatus s = status == null ? null : UserStatus.parse(status);
        String pw = password != null ? password : promptPassword();
        NewUser input = new NewUser(email, username, pw, fullName, description, domain, r, s, needPasswordChange,
                sudo, Lookups.projectRefs(identity, Format.values(projects)), resourcePolicy);
        CreatedUser created = identity.createUser(CALLER, input);
        Views.user(created.detail(), out());
        out().println();
        out().println("Access key: " + created.keyPair().accessKey());
        out().println("Secret key: " + created.keyPair().secretKey());
        out().println("The secret key is shown only now; store it safely.");
    }

    private String promptPassword() throws IOException {
        if (session == null) {
            throw new ValidationException("a password is required: give --password", "password");
        }
        String first = session.readLine("Password: ", '*');
        String second = session.readLine("Repeat password: ", '*');
        if (first == null || !first.equals(second)) {
            throw new ValidationException("the passwords do not match", "password");
        }
        return first;
    }
}
