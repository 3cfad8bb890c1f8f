-- Berth schema version 6: compute sessions (SPEC C1) with their kernels (containers) and status history,
-- and the manager's allocation on each agent.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- Enumerations are stored by their Java constant name (sessions.status 'PENDING', session_type
-- 'INTERACTIVE', cluster_mode 'SINGLE_NODE'). Slot maps are JSON text as in V3. environment is a JSON object
-- of strings with sorted keys, mounts, dependencies and pending_reasons JSON arrays of strings
-- (Columns.stringMapText, Columns.stringListText). Long texts are VARCHAR(32672), the longest VARCHAR of
-- Derby, rather than CLOB, which PostgreSQL does not have. Constraint names are mapped by PersistenceErrors.

-- access_key, user_id, project_id and domain_name have no foreign keys: sessions outlive what they were
-- created by for accounting, and core refuses to delete a keypair that sessions were created with
-- (KeyPairReferences). version grows with every change (compare-and-set in JpaSessionRepository.update).
CREATE TABLE sessions (
    id VARCHAR(36) NOT NULL,
    name VARCHAR(64),
    access_key VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    owner_email VARCHAR(128),
    project_id VARCHAR(64),
    domain_name VARCHAR(64) NOT NULL,
    resource_group VARCHAR(64) NOT NULL,
    session_type VARCHAR(16) NOT NULL,
    image VARCHAR(512),
    architecture VARCHAR(128),
    cluster_size INTEGER NOT NULL,
    cluster_mode VARCHAR(16) NOT NULL,
    slots_per_container VARCHAR(4096) NOT NULL,
    requested_slots VARCHAR(4096) NOT NULL,
    environment VARCHAR(32672) NOT NULL,
    mounts VARCHAR(32672) NOT NULL,
    startup_command VARCHAR(32672),
    priority INTEGER NOT NULL,
    dependencies VARCHAR(32672) NOT NULL,
    starts_at TIMESTAMP,
    sudo BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    status_reason VARCHAR(2000),
    status_changed_at TIMESTAMP NOT NULL,
    pending_reasons VARCHAR(32672) NOT NULL,
    retries INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    terminated_at TIMESTAMP,
    last_activity TIMESTAMP,
    version BIGINT NOT NULL,
    CONSTRAINT pk_sessions PRIMARY KEY (id)
);

-- pending(group) and groupsWithPending, live() and the status filter of the list
CREATE INDEX ix_sessions_status_group_created ON sessions (status, resource_group, created_at);
-- countByAccessKey (keypair delete protection) and the owner filter
CREATE INDEX ix_sessions_access_key ON sessions (access_key);
-- a domain admin's list, newest first
CREATE INDEX ix_sessions_domain_created ON sessions (domain_name, created_at);
-- the default list order and the keyset paging of forEach
CREATE INDEX ix_sessions_created ON sessions (created_at, id);

-- agent_id has no foreign key: agents are terminated and deleted while their sessions stay for accounting.
-- exit_code NULL: the container has not exited.
CREATE TABLE kernels (
    id VARCHAR(64) NOT NULL,
    session_id VARCHAR(36) NOT NULL,
    kernel_index INTEGER NOT NULL,
    agent_id VARCHAR(64),
    container_id VARCHAR(128),
    status VARCHAR(16) NOT NULL,
    status_reason VARCHAR(2000),
    slots VARCHAR(4096) NOT NULL,
    exit_code INTEGER,
    log_tail VARCHAR(32672),
    created_at TIMESTAMP NOT NULL,
    terminated_at TIMESTAMP,
    CONSTRAINT pk_kernels PRIMARY KEY (id),
    CONSTRAINT fk_kernels_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
);

-- withKernelsOn(agent) and the agent filter of the list
CREATE INDEX ix_kernels_agent_status ON kernels (agent_id, status);
-- the kernels of a page of sessions (PostgreSQL does not index the referring side of a foreign key)
CREATE INDEX ix_kernels_session ON kernels (session_id);

-- seq counts from 0 per session: the order of the changes.
CREATE TABLE session_history (
    session_id VARCHAR(36) NOT NULL,
    seq INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    reason VARCHAR(2000),
    changed_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_session_history PRIMARY KEY (session_id, seq),
    CONSTRAINT fk_session_history_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
);

-- What the manager has placed on each agent (the sum of its live kernels' slots) and the version of that
-- allocation. Only JpaAgentRepository.allocate writes them, never the heartbeat update.
ALTER TABLE agents ADD COLUMN allocated_slots VARCHAR(4096) DEFAULT '{}' NOT NULL;
ALTER TABLE agents ADD COLUMN allocation_version BIGINT DEFAULT 0 NOT NULL;
