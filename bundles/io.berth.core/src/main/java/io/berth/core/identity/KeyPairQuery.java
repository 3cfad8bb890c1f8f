package io.berth.core.identity;

import java.util.Set;

/** SPEC K2 list filters: active view, owner, access key substring, domain restriction. */
public record KeyPairQuery(Boolean active, String userId, String accessKey, String email, String domain) {
    public static final Set<String> SORT_KEYS = Set.of("access_key", "created_at", "last_used", "num_queries",
            "rate_limit", "user_id");

    public KeyPairQuery withDomain(String d) {
        return new KeyPairQuery(active, userId, accessKey, email, d);
    }

    public KeyPairQuery withUser(String u) {
        return new KeyPairQuery(active, u, accessKey, email, domain);
    }
}
