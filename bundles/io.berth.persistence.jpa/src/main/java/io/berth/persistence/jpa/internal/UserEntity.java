package io.berth.persistence.jpa.internal;

import io.berth.core.identity.Role;
import io.berth.core.identity.UserStatus;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Set;
import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;

/**
 * Row of {@code users}; see {@link io.berth.core.identity.User}. Project memberships live in the join
 * table {@code user_projects(user_id, project_id)}.
 */
@Entity
@Table(name = "users")
class UserEntity {
    @Id
    @Column(name = "id")
    String id;

    @Column(name = "email")
    String email;

    @Column(name = "username")
    String username;

    @Column(name = "full_name")
    String fullName;

    @Column(name = "description")
    String description;

    @Column(name = "password_hash")
    String passwordHash;

    @Column(name = "domain_name")
    String domainName;

    @Enumerated(EnumType.STRING)
    @Column(name = "role")
    Role role;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    UserStatus status;

    @Column(name = "need_password_change")
    boolean needPasswordChange;

    @Column(name = "sudo_session_enabled")
    boolean sudoSessionEnabled;

    @Column(name = "main_access_key")
    String mainAccessKey;

    @Column(name = "resource_policy")
    String resourcePolicy;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "user_projects", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "project_id")
    Set<String> projectIds = new HashSet<>();

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected UserEntity() {
    }
}
