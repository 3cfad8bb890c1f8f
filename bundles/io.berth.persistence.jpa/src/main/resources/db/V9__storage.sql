-- Berth schema version 9: storage volumes (SPEC S1), virtual folders (S2) and the quota limits that
-- administrators set explicitly (S4).
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- Enumerations are stored by their Java constant name (owner_kind 'USER', usage_mode 'GENERAL',
-- permission 'RW'), as in V3. Long texts are VARCHAR(32672), the longest VARCHAR of Derby, rather than CLOB,
-- which PostgreSQL does not have. Constraint names are mapped by PersistenceErrors.
-- No volume row is inserted here: core creates the configured volumes itself.

-- options is a JSON object of strings with sorted keys (Columns.stringMapText), secret_options a JSON array
-- of the names of the options stored sealed, sorted (Columns.stringListText). The stored value of a secret
-- option is its sealed form, never clear text.
CREATE TABLE storage_volumes (
    name VARCHAR(64) NOT NULL,
    backend VARCHAR(64) NOT NULL,
    mount_path VARCHAR(4096) NOT NULL,
    options VARCHAR(32672) NOT NULL,
    secret_options VARCHAR(32672) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_storage_volumes PRIMARY KEY (name)
);

-- owner_id is the owning user's or project's id (owner_kind 'USER' or 'PROJECT'), domain_name the owner's
-- domain. owner_id, domain_name and creator_id have no foreign keys: core deletes an owner's folders (and
-- their files) itself. creator_id NULL: not known. The volume's foreign key has no cascade: core refuses to
-- delete a volume that still holds folders, and the key refuses it when a folder appears meanwhile.
CREATE TABLE vfolders (
    id VARCHAR(64) NOT NULL,
    name VARCHAR(64) NOT NULL,
    volume VARCHAR(64) NOT NULL,
    owner_kind VARCHAR(16) NOT NULL,
    owner_id VARCHAR(64) NOT NULL,
    domain_name VARCHAR(64) NOT NULL,
    creator_id VARCHAR(64),
    usage_mode VARCHAR(16) NOT NULL,
    permission VARCHAR(16) NOT NULL,
    cloneable BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_vfolders PRIMARY KEY (id),
    CONSTRAINT uq_vfolders_owner_name UNIQUE (owner_kind, owner_id, name),
    CONSTRAINT fk_vfolders_volume FOREIGN KEY (volume) REFERENCES storage_volumes (name)
);

-- byOwner, byOwners and countByOwner
CREATE INDEX ix_vfolders_owner ON vfolders (owner_kind, owner_id);
-- byVolume, countByVolume and the key check of a volume delete (PostgreSQL does not index the referring side
-- of a foreign key)
CREATE INDEX ix_vfolders_volume ON vfolders (volume);
-- byDomain
CREATE INDEX ix_vfolders_domain ON vfolders (domain_name);

-- scope_id is the user's or project's id (owner_kind 'USER' or 'PROJECT'). A volume's limits go with it.
-- The primary key serves the lookups by volume and kind.
CREATE TABLE quota_limits (
    volume VARCHAR(64) NOT NULL,
    owner_kind VARCHAR(16) NOT NULL,
    scope_id VARCHAR(128) NOT NULL,
    hard_limit_bytes BIGINT NOT NULL,
    CONSTRAINT pk_quota_limits PRIMARY KEY (volume, owner_kind, scope_id),
    CONSTRAINT fk_quota_limits_volume FOREIGN KEY (volume) REFERENCES storage_volumes (name) ON DELETE CASCADE
);
