package io.berth.shell.internal;

import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes user e-mails (users of every status). */
@Service
public class UserEmailCompleter extends IdentityCompleter {
    @Override
    List<String> values(PageRequest page) {
        UserQuery all = new UserQuery(null, null, null, Lookups.allStatuses(), null);
        return identity.listUsers(CALLER, all, page).items().stream().map(User::email).toList();
    }
}
