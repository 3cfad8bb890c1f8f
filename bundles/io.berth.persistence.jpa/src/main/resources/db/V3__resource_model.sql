-- Berth schema version 3: the resource model. Keypair, user and project resource policies (SPEC P1-P4),
-- resource presets (A5), system settings with their audit trail (Y1), total resource slots of domains
-- and projects, and the user resource policy of each user.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- Slot maps are compact JSON text of slot name to wire amount with sorted keys, such as
-- {"cpu":"4","mem":"8589934592"}. Single amounts are wire text: a plain decimal or 'Infinity'.
-- Host lists are comma-joined as in V1. Enumerations are stored by their Java constant name.

CREATE TABLE keypair_resource_policies (
    name VARCHAR(64) NOT NULL,
    default_for_unspecified VARCHAR(16) NOT NULL,
    total_resource_slots VARCHAR(4096) NOT NULL,
    max_session_lifetime BIGINT NOT NULL,
    max_concurrent_sessions INTEGER NOT NULL,
    max_pending_session_count VARCHAR(64) NOT NULL,
    max_pending_session_resource_slots VARCHAR(4096) NOT NULL,
    max_containers_per_session INTEGER NOT NULL,
    idle_timeout BIGINT NOT NULL,
    allowed_vfolder_hosts VARCHAR(32672) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_keypair_resource_policies PRIMARY KEY (name)
);

CREATE TABLE user_resource_policies (
    name VARCHAR(64) NOT NULL,
    max_vfolder_count VARCHAR(64) NOT NULL,
    max_quota_scope_size VARCHAR(64) NOT NULL,
    max_session_count_per_model_session INTEGER NOT NULL,
    max_customized_image_count VARCHAR(64) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_user_resource_policies PRIMARY KEY (name)
);

CREATE TABLE project_resource_policies (
    name VARCHAR(64) NOT NULL,
    max_vfolder_count VARCHAR(64) NOT NULL,
    max_quota_scope_size VARCHAR(64) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_project_resource_policies PRIMARY KEY (name)
);

-- shared_memory NULL: the image's default. resource_group NULL: the preset applies to every group.
CREATE TABLE resource_presets (
    name VARCHAR(64) NOT NULL,
    resource_slots VARCHAR(4096) NOT NULL,
    shared_memory BIGINT,
    resource_group VARCHAR(64),
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_resource_presets PRIMARY KEY (name)
);

-- Settings as text by dotted name; a name without a row takes its default.
CREATE TABLE system_settings (
    name VARCHAR(128) NOT NULL,
    value VARCHAR(4096) NOT NULL,
    CONSTRAINT pk_system_settings PRIMARY KEY (name)
);

-- The audit trail of setting changes; a NULL value means the setting was absent.
CREATE TABLE setting_changes (
    id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY,
    setting VARCHAR(128) NOT NULL,
    old_value VARCHAR(4096),
    new_value VARCHAR(4096),
    changed_by VARCHAR(128) NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_setting_changes PRIMARY KEY (id)
);

CREATE INDEX ix_setting_changes_changed_at ON setting_changes (changed_at, id);

ALTER TABLE domains ADD COLUMN total_resource_slots VARCHAR(4096) DEFAULT '{}' NOT NULL;
ALTER TABLE projects ADD COLUMN total_resource_slots VARCHAR(4096) DEFAULT '{}' NOT NULL;
ALTER TABLE users ADD COLUMN resource_policy VARCHAR(64) DEFAULT 'default' NOT NULL;

-- The 'default' policy of each kind, with the values of core's KeyPairResourcePolicy.defaults,
-- UserResourcePolicy.defaults and ProjectResourcePolicy.defaults.
INSERT INTO keypair_resource_policies (name, default_for_unspecified, total_resource_slots,
    max_session_lifetime, max_concurrent_sessions, max_pending_session_count,
    max_pending_session_resource_slots, max_containers_per_session, idle_timeout, allowed_vfolder_hosts,
    created_at, modified_at)
VALUES ('default', 'UNLIMITED', '{}', 0, 30, 'Infinity', '{}', 1, 3600, '', CURRENT_TIMESTAMP,
    CURRENT_TIMESTAMP);

INSERT INTO user_resource_policies (name, max_vfolder_count, max_quota_scope_size,
    max_session_count_per_model_session, max_customized_image_count, created_at, modified_at)
VALUES ('default', 'Infinity', 'Infinity', 10, '3', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

INSERT INTO project_resource_policies (name, max_vfolder_count, max_quota_scope_size, created_at, modified_at)
VALUES ('default', 'Infinity', 'Infinity', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Before version 3 policy names were free text. Every name already in use becomes a policy with the
-- default values, so that the foreign keys below hold for the existing rows.
INSERT INTO keypair_resource_policies (name, default_for_unspecified, total_resource_slots,
    max_session_lifetime, max_concurrent_sessions, max_pending_session_count,
    max_pending_session_resource_slots, max_containers_per_session, idle_timeout, allowed_vfolder_hosts,
    created_at, modified_at)
SELECT DISTINCT k.resource_policy, 'UNLIMITED', '{}', 0, 30, 'Infinity', '{}', 1, 3600, '', CURRENT_TIMESTAMP,
    CURRENT_TIMESTAMP
FROM keypairs k
WHERE k.resource_policy NOT IN (SELECT p.name FROM keypair_resource_policies p);

INSERT INTO project_resource_policies (name, max_vfolder_count, max_quota_scope_size, created_at, modified_at)
SELECT DISTINCT j.resource_policy, 'Infinity', 'Infinity', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM projects j
WHERE j.resource_policy NOT IN (SELECT p.name FROM project_resource_policies p);

-- PostgreSQL does not index the referring side of a foreign key by itself: the indexes serve the
-- referrer counts of SPEC P4 and the checks made when a policy is deleted.
ALTER TABLE keypairs ADD CONSTRAINT fk_keypairs_policy
    FOREIGN KEY (resource_policy) REFERENCES keypair_resource_policies (name);
CREATE INDEX ix_keypairs_resource_policy ON keypairs (resource_policy);

ALTER TABLE users ADD CONSTRAINT fk_users_policy
    FOREIGN KEY (resource_policy) REFERENCES user_resource_policies (name);
CREATE INDEX ix_users_resource_policy ON users (resource_policy);

ALTER TABLE projects ADD CONSTRAINT fk_projects_policy
    FOREIGN KEY (resource_policy) REFERENCES project_resource_policies (name);
CREATE INDEX ix_projects_resource_policy ON projects (resource_policy);
