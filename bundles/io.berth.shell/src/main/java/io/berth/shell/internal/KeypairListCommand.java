package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code berth:keypair-list} (SPEC K2): lists keypairs, active ones by default and the inactive view with
 * {@code --inactive}, optionally of one user. Secrets are never shown.
 */
@Service
@Command(scope = "berth", name = "keypair-list", description = "Lists keypairs: active ones, or inactive ones with --inactive")
public class KeypairListCommand extends ListCommand {

    @Option(name = "--inactive", description = "The inactive view: inactive keypairs only")
    boolean inactive;

    @Option(name = "--all", description = "Active and inactive keypairs")
    boolean all;

    @Option(name = "--user", description = "Only the keypairs of the user with this e-mail")
    @Completion(UserEmailCompleter.class)
    String user;

    @Option(name = "--access-key", description = "Only keypairs whose access key contains this text")
    String accessKey;

    @Option(name = "--domain", description = "Only keypairs of users in this domain")
    @Completion(DomainNameCompleter.class)
    String domain;

    @Option(name = "--order-by",
            description = "Sort key: access_key, created_at, last_used, num_queries, rate_limit or user_id")
    @Completion(value = StringsCompleter.class, values = {"access_key", "created_at", "last_used", "num_queries",
        "rate_limit", "user_id"})
    String orderBy;

    @Override
    protected void run() {
        if (inactive && all) {
            throw new ValidationException("give only one of --inactive and --all", "active");
        }
        Boolean active = all ? null : !inactive;
        String userId = user == null ? null : identity.getUser(CALLER, user).user().id();
        Page<KeyPair> page = identity.listKeyPairs(CALLER, new KeyPairQuery(active, userId, accessKey, null, domain),
                page(orderBy));
        Map<String, String> owners = Lookups.emails(identity, page.items().stream().map(KeyPair::userId).toList());
        ShellTable table = new ShellTable().emptyTableText("No keypairs.");
        table.column("ACCESS KEY").maxSize(24);
        table.column("OWNER").maxSize(28);
        table.column("ACTIVE");
        table.column("ADMIN");
        table.column("POLICY").maxSize(14);
        table.column("RATE LIMIT").alignRight();
        table.column("QUERIES").alignRight();
        for (KeyPair k : page.items()) {
            table.addRow().addContent(Format.cut(k.accessKey(), 24),
                    Format.cut(owners.getOrDefault(k.userId(), k.userId()), 28), Format.yesNo(k.active()),
                    Format.yesNo(k.admin()), Format.cut(k.resourcePolicy(), 14), k.rateLimit(), k.numQueries());
        }
        table.print(out());
        out().println(Format.footer(page, "keypairs"));
    }
}
