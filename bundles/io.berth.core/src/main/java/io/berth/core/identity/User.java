package io.berth.core.identity;

import java.time.Instant;
import java.util.Set;

/**
 * SPEC U1–U8. {@code email} is the user id and never changes; {@code id} is the internal key.
 * {@code passwordHash} is a salted slow hash and never leaves core. {@code resourcePolicy} names the user
 * resource policy (SPEC P2).
 */
public record User(String id, String email, String username, String fullName, String description,
        String passwordHash, String domainName, Role role, UserStatus status, boolean needPasswordChange,
        boolean sudoSessionEnabled, String mainAccessKey, String resourcePolicy, Set<String> projectIds, Instant createdAt,
        Instant modifiedAt) {

    public User {
        projectIds = Set.copyOf(projectIds);
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public User withStatus(UserStatus s, Instant now) {
        return new User(id, email, username, fullName, description, passwordHash, domainName, role, s,
                needPasswordChange, sudoSessionEnabled, mainAccessKey, resourcePolicy, projectIds, createdAt, now);
    }

    public User withMainAccessKey(String ak, Instant now) {
        return new User(id, email, username, fullName, description, passwordHash, domainName, role, status,
                needPasswordChange, sudoSessionEnabled, ak, resourcePolicy, projectIds, createdAt, now);
    }

    public User withProjects(Set<String> projects, Instant now) {
        return new User(id, email, username, fullName, description, passwordHash, domainName, role, status,
                needPasswordChange, sudoSessionEnabled, mainAccessKey, resourcePolicy, projects, createdAt, now);
    }
}
