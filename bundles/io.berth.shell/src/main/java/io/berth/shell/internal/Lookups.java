package io.berth.shell.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Look-ups the identity service does not offer directly: a project by {@code domain/name}, and the
 * e-mail of a keypair's owner (keypairs carry only the owner's internal id). Both page through lists, a
 * bounded number of pages.
 */
final class Lookups {
    /** Page size of the look-ups and of the completers (the service's maximum). */
    static final int PAGE = PageRequest.MAX_LIMIT;
    /** At most this many pages are read by one look-up. */
    static final int MAX_PAGES = 20;
    private static final Caller CALLER = BerthCommand.CALLER;

    private Lookups() {
    }

    /** Every status, so a user query lists all users. */
    static Set<UserStatus> allStatuses() {
        return EnumSet.allOf(UserStatus.class);
    }

    /**
     * A project given by its id or as {@code domain/name}.
     *
     * @throws NotFoundException when no such project exists
     */
    static Project project(IdentityService identity, String ref) {
        int slash = ref == null ? -1 : ref.indexOf('/');
        if (slash < 0) {
            return identity.getProject(CALLER, ref);
        }
        String domain = ref.substring(0, slash);
        String name = ref.substring(slash + 1);
        identity.getDomain(CALLER, domain);
        for (int i = 0, offset = 0; i < MAX_PAGES; i++) {
            Page<Project> page = identity.listProjects(CALLER, domain, null, new PageRequest(offset, PAGE, "name", false));
            for (Project p : page.items()) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                break;
            }
        }
        throw new NotFoundException("no project named '" + name + "' in domain '" + domain + "'");
    }

    /**
     * Project references for a user's membership: {@code domain/name} becomes the project id, anything else
     * (an id, or a name within the user's domain) is passed on as given.
     */
    static Set<String> projectRefs(IdentityService identity, List<String> refs) {
        if (refs == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String ref : refs) {
            out.add(ref.indexOf('/') < 0 ? ref : project(identity, ref).id());
        }
        return out;
    }

    /** Maps user ids to e-mails; ids that were not found are absent from the result. */
    static Map<String, String> emails(IdentityService identity, Collection<String> userIds) {
        return identity.userEmails(CALLER, userIds);
    }
}
