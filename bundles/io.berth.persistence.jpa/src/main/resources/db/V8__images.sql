-- Berth schema version 8: container registries (SPEC I3) and the images their rescans found (I1).
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- No registry row is inserted here: core creates the default registry once at startup.

-- hostname is the key and the prefix of the registry's image references. registry_type is 'docker'.
-- project NULL: a rescan reads every repository. username and encrypted_password NULL: anonymous access.
-- encrypted_password is sealed by core with the manager's registry key, never clear text.
CREATE TABLE container_registries (
    hostname VARCHAR(255) NOT NULL,
    url VARCHAR(2048) NOT NULL,
    registry_type VARCHAR(32) NOT NULL,
    project VARCHAR(255),
    username VARCHAR(255),
    encrypted_password VARCHAR(4096),
    ssl_verify BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_container_registries PRIMARY KEY (hostname)
);

-- reference is registry/namespace/name:tag, namespace may be empty (or NULL). A registry's images go with it.
-- min_resources and max_resources are slot maps as in V3, labels a JSON object of strings with sorted keys,
-- installed_on a JSON array of agent ids, apps a JSON array of {"name","protocol","ports":[...]} objects
-- (Columns.appsText). Long texts are VARCHAR(32672), the longest VARCHAR of Derby.
CREATE TABLE images (
    reference VARCHAR(1024) NOT NULL,
    registry VARCHAR(255) NOT NULL,
    namespace VARCHAR(255),
    name VARCHAR(255) NOT NULL,
    tag VARCHAR(128) NOT NULL,
    architecture VARCHAR(128) NOT NULL,
    digest VARCHAR(256),
    size_bytes BIGINT NOT NULL,
    base_distro VARCHAR(128),
    min_resources VARCHAR(4096) NOT NULL,
    max_resources VARCHAR(4096) NOT NULL,
    labels VARCHAR(32672) NOT NULL,
    apps VARCHAR(32672) NOT NULL,
    installed_on VARCHAR(32672) NOT NULL,
    scanned_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_images PRIMARY KEY (reference),
    CONSTRAINT fk_images_registry FOREIGN KEY (registry) REFERENCES container_registries (hostname)
        ON DELETE CASCADE
);

-- byRegistry, the registry filter and the cascade (PostgreSQL does not index the referring side of a key)
CREATE INDEX ix_images_registry ON images (registry);
-- the rescan and the name lookups
CREATE INDEX ix_images_name ON images (name);
