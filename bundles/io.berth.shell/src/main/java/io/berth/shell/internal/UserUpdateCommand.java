package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.Role;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserStatus;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:user-update} (SPEC U5): changes the given fields of a user and leaves the others as they are.
 * The e-mail never changes. {@code --project} replaces the memberships (the domain's model-store project
 * is always kept). Setting a status other than active also deactivates all the user's keypairs (U8).
 */
@Service
@Command(scope = "berth", name = "user-update", description = "Changes a user's fields; omitted fields stay as they are")
public class UserUpdateCommand extends BerthCommand {

    @Argument(index = 0, name = "email", description = "The user's e-mail", required = true)
    @Completion(UserEmailCompleter.class)
    String email;

    @Option(name = "--username", description = "New username")
    String username;

    @Option(name = "--full-name", description = "New full name")
    String fullName;

    @Option(name = "--description", description = "New description")
    String description;

    @Option(name = "--password", censor = true, description = "New password")
    String password;

    @Option(name = "--role", description = "New role: superadmin, admin, user or monitor")
    @Completion(value = StringsCompleter.class, values = {"superadmin", "admin", "user", "monitor"})
    String role;

    @Option(name = "--status", description = "New status: active, inactive or before-verification")
    @Completion(value = StringsCompleter.class, values = {"active", "inactive", "before-verification"})
    String status;

    @Option(name = "--project", multiValued = true,
            description = "The projects the user belongs to, replacing the current ones (repeatable or "
                    + "comma-separated): id, name in the user's domain, or domain/name")
    @Completion(ProjectCompleter.class)
    List<String> projects;

    @Option(name = "--need-password-change", description = "true or false")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String needPasswordChange;

    @Option(name = "--sudo", description = "Sudo in sessions: true or false")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String sudo;

    @Option(name = "--resource-policy", description = "New user resource policy")
    @Completion(UserPolicyCompleter.class)
    String resourcePolicy;

    @Override
    protected void run() {
        Role r = role == null ? null : Role.parse(role);
        UserStatus s = status == null ? null : UserStatus.parse(status);
        Boolean npc = Format.bool(needPasswordChange, "need_password_change");
        Boolean sudoEnabled = Format.bool(sudo, "sudo_session_enabled");
        Set<String> projectRefs = Lookups.projectRefs(identity, Format.values(projects));
        if (username == null && fullName == null && description == null && password == null && r == null
                && s == null && projectRefs == null && npc == null && sudoEnabled == null && resourcePolicy == null) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        UserDetail before = s == null ? null : identity.getUser(CALLER, email);
        UserDetail after = identity.updateUser(CALLER, email,
                new UserUpdate(username, fullName, description, password, r, s, projectRefs, npc, sudoEnabled,
                        resourcePolicy));
        Views.user(after, out());
        if (before != null) {
            UserStatusNotes.print(before, after, out());
        }
    }
}
