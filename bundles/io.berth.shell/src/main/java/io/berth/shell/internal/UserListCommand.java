package io.berth.shell.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code berth:user-list} (SPEC U1): lists users with substring filters on e-mail, username and main access
 * key, paging and sorting. Active users are listed by default; {@code --inactive} shows the inactive view
 * (inactive and before-verification users), {@code --status} picks statuses, {@code --all} shows every user.
 * While a second factor is installed, a {@code 2FA} column names the factors active for each user (SPEC T1).
 */
@Service
@Command(scope = "berth", name = "user-list", description = "Lists users: active ones, or the inactive view with --inactive")
public class UserListCommand extends ListCommand {

    @Option(name = "--email", description = "Only users whose e-mail contains this text")
    String email;

    @Option(name = "--username", description = "Only users whose username contains this text")
    String username;

    @Option(name = "--access-key", description = "Only users whose main access key contains this text")
    String accessKey;

    @Option(name = "--inactive", description = "The inactive view: inactive and before-verification users")
    boolean inactive;

    @Option(name = "--status", multiValued = true,
            description = "Only users with this status (repeatable): active, inactive, before-verification")
    @Completion(value = StringsCompleter.class, values = {"active", "inactive", "before-verification"})
    List<String> statuses;

    @Option(name = "--all", description = "Users of every status")
    boolean all;

    @Option(name = "--domain", description = "Only users of this domain")
    @Completion(DomainNameCompleter.class)
    String domain;

    @Option(name = "--order-by", description = "Sort key: email, username, full_name, role, status, domain_name, "
            + "created_at or modified_at")
    @Completion(value = StringsCompleter.class, values = {"email", "username", "full_name", "role", "status",
        "domain_name", "created_at", "modified_at"})
    String orderBy;

    /** Optional: without it (or without an installed factor) there is no 2FA column. */
    @Reference(optional = true)
    TwoFactorService twoFactor;

    @Override
    protected void run() {
        UserQuery query = new UserQuery(email, username, accessKey, statuses(), domain);
        Page<User> page = identity.listUsers(CALLER, query, page(orderBy));
        boolean factors = twoFactor != null && !twoFactor.installedFactors().isEmpty();
        Map<String, Set<String>> active = !factors || page.items().isEmpty() ? Map.of()
                : twoFactor.activeFactors(page.items().stream().map(User::id).toList());
        ShellTable table = new ShellTable().emptyTableText("No users.");
        table.column("EMAIL").maxSize(30);
        table.column("USERNAME").maxSize(16);
        table.column("DOMAIN").maxSize(12);
        table.column("ROLE");
        table.column("STATUS");
        table.column("MAIN ACCESS KEY").maxSize(20);
        if (factors) {
            table.column("2FA").maxSize(16);
        }
        for (User u : page.items()) {
            List<Object> cells = new ArrayList<>(List.of(Format.cut(u.email(), 30), Format.cut(u.username(), 16),
                    Format.cut(u.domainName(), 12), u.role().wire(), u.status().wire(),
                    Format.cut(Format.text(u.mainAccessKey()), 20)));
            if (factors) {
                Set<String> mine = active.get(u.id());
                cells.add(Format.cut(mine == null || mine.isEmpty() ? Format.NONE : String.join(",", mine), 16));
            }
            table.addRow().addContent(cells);
        }
        table.print(out());
        out().println(Format.footer(page, "users"));
    }

    private Set<UserStatus> statuses() {
        int views = (inactive ? 1 : 0) + (statuses != null ? 1 : 0) + (all ? 1 : 0);
        if (views > 1) {
            throw new ValidationException("give only one of --inactive, --status and --all", "status");
        }
        if (all) {
            return Lookups.allStatuses();
        }
        if (inactive) {
            return EnumSet.of(UserStatus.INACTIVE, UserStatus.BEFORE_VERIFICATION);
        }
        if (statuses != null) {
            Set<UserStatus> out = EnumSet.noneOf(UserStatus.class);
            Format.values(statuses).forEach(s -> out.add(UserStatus.parse(s)));
            if (out.isEmpty()) {
                throw new ValidationException("--status needs a value: active, inactive or before-verification",
                        "status");
            }
            return out;
        }
        return EnumSet.of(UserStatus.ACTIVE);
    }
}
