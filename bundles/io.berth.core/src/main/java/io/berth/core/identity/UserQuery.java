package io.berth.core.identity;

import java.util.Set;

/**
 * SPEC U1 filters: substrings of email, username and main access key; the status view; an optional
 * domain restriction (set by core for domain admins).
 */
public record UserQuery(String email, String username, String accessKey, Set<UserStatus> statuses, String domain) {
    public static final Set<String> SORT_KEYS = Set.of("email", "username", "created_at", "modified_at", "role",
            "status", "domain_name", "full_name");

    public UserQuery withDomain(String d) {
        return new UserQuery(email, username, accessKey, statuses, d);
    }
}
