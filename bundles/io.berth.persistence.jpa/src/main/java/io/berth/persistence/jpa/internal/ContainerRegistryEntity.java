package io.berth.persistence.jpa.internal;

import java.sql.Timestamp;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * Row of {@code container_registries}; see {@link io.berth.core.image.ContainerRegistry}. The key attribute is
 * {@code name} (as {@link NamedRows} expects) over the {@code hostname} column; project, username and the
 * sealed password may be null.
 */
@Entity
@Table(name = "container_registries")
class ContainerRegistryEntity {
    @Id
    @Column(name = "hostname")
    String name;

    @Column(name = "url")
    String url;

    @Column(name = "registry_type")
    String type;

    @Column(name = "project")
    String project;

    @Column(name = "username")
    String username;

    @Column(name = "encrypted_password")
    String encryptedPassword;

    @Column(name = "ssl_verify")
    boolean sslVerify;

    @Column(name = "created_at")
    Timestamp createdAt;

    @Column(name = "modified_at")
    Timestamp modifiedAt;

    protected ContainerRegistryEntity() {
    }

    ContainerRegistryEntity(String name) {
        this.name = name;
    }
}
