package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** Row of {@code keypairs}; see {@link io.berth.core.identity.KeyPair}. */
@Entity
@Table(name = "keypairs")
class KeyPairEntity {
    @Id
    @Column(name = "access_key")
    String accessKey;

    @Column(name = "secret_key")
    String secretKey;

    @Column(name = "user_id")
    String userId;

    @Column(name = "is_active")
    boolean active;

    @Column(name = "is_admin")
    boolean admin;

    @Column(name = "resource_policy")
    String resourcePolicy;

    @Column(name = "rate_limit")
    int rateLimit;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "last_used")
    Timestamp lastUsed;

    @Column(name = "num_queries")
    long numQueries;

    protected KeyPairEntity() {
    }
}
