-- Berth schema version 5: resource groups (SPEC A4) with who they are made available to, and agents
-- (SPEC A1-A3) as last reported.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- Enumerations are stored by their Java constant name (agents.status 'ALIVE', resource_groups.agent_selection
-- 'DISPERSED'), as in V3. allowed_session_types is a comma list of SessionType wire names in enum order,
-- such as 'interactive,batch'. Slot maps are JSON text as in V3. agents.devices is the JSON text of the
-- DeviceInfo list, see Columns.devicesText. Constraint names are mapped by PersistenceErrors.

-- wsproxy_address NULL: none. retries_to_skip NULL: the system setting of the group's scheduler.
CREATE TABLE resource_groups (
    name VARCHAR(64) NOT NULL,
    description VARCHAR(1024),
    is_active BOOLEAN NOT NULL,
    is_public BOOLEAN NOT NULL,
    wsproxy_address VARCHAR(2048),
    scheduler VARCHAR(64) NOT NULL,
    allowed_session_types VARCHAR(256) NOT NULL,
    pending_timeout BIGINT NOT NULL,
    retries_to_skip INTEGER,
    agent_selection VARCHAR(32) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_resource_groups PRIMARY KEY (name)
);

-- Associations. The group side has no cascade: a group is deleted after its associations are cleared
-- (ResourceGroupRepository.clearAssociations). The target side cascades, so that deleting a keypair
-- (or a project or domain) takes its associations with it instead of failing on the foreign key.
-- PostgreSQL does not index the referring side of a foreign key by itself: the indexes on the second
-- column serve availableTo and the cascading deletes.
CREATE TABLE resource_group_domains (
    group_name VARCHAR(64) NOT NULL,
    domain_name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_resource_group_domains PRIMARY KEY (group_name, domain_name),
    CONSTRAINT fk_resource_group_domains_group FOREIGN KEY (group_name) REFERENCES resource_groups (name),
    CONSTRAINT fk_resource_group_domains_domain FOREIGN KEY (domain_name) REFERENCES domains (name)
        ON DELETE CASCADE
);

CREATE INDEX ix_resource_group_domains_domain ON resource_group_domains (domain_name);

CREATE TABLE resource_group_projects (
    group_name VARCHAR(64) NOT NULL,
    project_id VARCHAR(64) NOT NULL,
    CONSTRAINT pk_resource_group_projects PRIMARY KEY (group_name, project_id),
    CONSTRAINT fk_resource_group_projects_group FOREIGN KEY (group_name) REFERENCES resource_groups (name),
    CONSTRAINT fk_resource_group_projects_project FOREIGN KEY (project_id) REFERENCES projects (id)
        ON DELETE CASCADE
);

CREATE INDEX ix_resource_group_projects_project ON resource_group_projects (project_id);

CREATE TABLE resource_group_keypairs (
    group_name VARCHAR(64) NOT NULL,
    access_key VARCHAR(64) NOT NULL,
    CONSTRAINT pk_resource_group_keypairs PRIMARY KEY (group_name, access_key),
    CONSTRAINT fk_resource_group_keypairs_group FOREIGN KEY (group_name) REFERENCES resource_groups (name),
    CONSTRAINT fk_resource_group_keypairs_keypair FOREIGN KEY (access_key) REFERENCES keypairs (access_key)
        ON DELETE CASCADE
);

CREATE INDEX ix_resource_group_keypairs_keypair ON resource_group_keypairs (access_key);

-- resource_group NULL: the agent named no group (core always names one). The foreign key has no cascade:
-- a group that agents which are not TERMINATED still belong to cannot be deleted. TERMINATED agents move to
-- the default group when theirs is deleted (JpaResourceGroupRepository.delete).
CREATE TABLE agents (
    id VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    status_reason VARCHAR(256),
    region VARCHAR(128),
    architecture VARCHAR(128),
    version VARCHAR(128),
    address VARCHAR(128),
    resource_group VARCHAR(64),
    schedulable BOOLEAN NOT NULL,
    available_slots VARCHAR(4096) NOT NULL,
    occupied_slots VARCHAR(4096) NOT NULL,
    cpu_percent DOUBLE PRECISION NOT NULL,
    memory_used_bytes BIGINT NOT NULL,
    container_count INTEGER NOT NULL,
    devices VARCHAR(32672) NOT NULL,
    first_contact TIMESTAMP NOT NULL,
    last_heartbeat TIMESTAMP NOT NULL,
    status_changed_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_agents PRIMARY KEY (id),
    CONSTRAINT fk_agents_group FOREIGN KEY (resource_group) REFERENCES resource_groups (name)
);

-- aliveSince (status = 'ALIVE' AND last_heartbeat < cutoff) and inGroup / the group filter of the list.
CREATE INDEX ix_agents_status_heartbeat ON agents (status, last_heartbeat);
CREATE INDEX ix_agents_resource_group ON agents (resource_group);

-- The 'default' group with core's SchedulerOptions.DEFAULTS: every session type, no pending timeout,
-- the scheduler's system setting for retries, dispersed agent selection. Active, not public.
INSERT INTO resource_groups (name, description, is_active, is_public, wsproxy_address, scheduler,
    allowed_session_types, pending_timeout, retries_to_skip, agent_selection, created_at, modified_at)
VALUES ('default', 'Default resource group', TRUE, FALSE, NULL, 'fifo', 'interactive,batch,inference', 0, NULL,
    'DISPERSED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Available to the default domain when it exists already (an upgraded database). On a fresh database the
-- migration runs before core creates the default domain, so this inserts nothing there.
INSERT INTO resource_group_domains (group_name, domain_name)
SELECT 'default', d.name FROM domains d WHERE d.name = 'default';
