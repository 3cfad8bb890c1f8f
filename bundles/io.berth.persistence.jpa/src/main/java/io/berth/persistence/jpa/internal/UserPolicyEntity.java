package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code user_resource_policies}; see {@link io.berth.core.resource.UserResourcePolicy}. Amounts are
 * wire text ({@link Columns#amountText}).
 */
@Entity
@Table(name = "user_resource_policies")
class UserPolicyEntity {
    @Id
    @Column(name = "name")
    String name;

    @Column(name = "max_vfolder_count")
    String maxVfolderCount;

    @Column(name = "max_quota_scope_size")
    String maxQuotaScopeSize;

    @Column(name = "max_session_count_per_model_session")
    int maxSessionCountPerModelSession;

    @Column(name = "max_customized_image_count")
    String maxCustomizedImageCount;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected UserPolicyEntity() {
    }

    UserPolicyEntity(String name) {
        this.name = name;
    }
}
