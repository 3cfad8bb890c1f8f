-- Identity schema: domains, projects, users with their project memberships, keypairs.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon. Lengths leave room for 64-character names given as
-- code points outside the Basic Multilingual Plane.

CREATE TABLE domains (
    name VARCHAR(64) NOT NULL,
    description VARCHAR(1024),
    is_active BOOLEAN NOT NULL,
    allowed_vfolder_hosts VARCHAR(32672) NOT NULL,
    allowed_docker_registries VARCHAR(32672) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_domains PRIMARY KEY (name)
);

CREATE TABLE projects (
    id VARCHAR(64) NOT NULL,
    domain_name VARCHAR(64) NOT NULL,
    name VARCHAR(64) NOT NULL,
    description VARCHAR(1024),
    is_active BOOLEAN NOT NULL,
    type VARCHAR(32) NOT NULL,
    allowed_vfolder_hosts VARCHAR(32672) NOT NULL,
    allowed_docker_registries VARCHAR(32672) NOT NULL,
    resource_policy VARCHAR(64) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_projects PRIMARY KEY (id),
    CONSTRAINT uq_projects_domain_name UNIQUE (domain_name, name),
    CONSTRAINT fk_projects_domain FOREIGN KEY (domain_name) REFERENCES domains (name)
);

CREATE TABLE users (
    id VARCHAR(64) NOT NULL,
    email VARCHAR(128) NOT NULL,
    username VARCHAR(128) NOT NULL,
    full_name VARCHAR(128),
    description VARCHAR(1024),
    password_hash VARCHAR(512),
    domain_name VARCHAR(64) NOT NULL,
    role VARCHAR(16) NOT NULL,
    status VARCHAR(32) NOT NULL,
    need_password_change BOOLEAN NOT NULL,
    sudo_session_enabled BOOLEAN NOT NULL,
    main_access_key VARCHAR(64),
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT uq_users_username UNIQUE (username),
    CONSTRAINT fk_users_domain FOREIGN KEY (domain_name) REFERENCES domains (name)
);

CREATE INDEX ix_users_domain_name ON users (domain_name);

CREATE TABLE user_projects (
    user_id VARCHAR(64) NOT NULL,
    project_id VARCHAR(64) NOT NULL,
    CONSTRAINT pk_user_projects PRIMARY KEY (user_id, project_id),
    CONSTRAINT fk_user_projects_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_user_projects_project FOREIGN KEY (project_id) REFERENCES projects (id)
);

CREATE INDEX ix_user_projects_project ON user_projects (project_id);

-- users.main_access_key has no foreign key on purpose: core inserts a user naming its first
-- keypair before the keypair itself, and Derby has no deferrable constraints.
CREATE TABLE keypairs (
    access_key VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    secret_key VARCHAR(128) NOT NULL,
    is_active BOOLEAN NOT NULL,
    is_admin BOOLEAN NOT NULL,
    resource_policy VARCHAR(64) NOT NULL,
    rate_limit INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used TIMESTAMP,
    num_queries BIGINT NOT NULL,
    CONSTRAINT pk_keypairs PRIMARY KEY (access_key),
    CONSTRAINT fk_keypairs_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE INDEX ix_keypairs_user_id ON keypairs (user_id);
