-- Berth schema version 4: the plugin key-value store (io.berth.spi.data.PluginStore). One row per
-- (namespace, key); the version starts at 1 and grows by one with every write, so that plugins can use
-- it for compare-and-set. Values are stored as given (a plugin encrypts what must stay secret).
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.
-- Limits as in PluginStore: keys at most 128 characters, values at most 8192. The primary key's name
-- is mapped by PersistenceErrors.

CREATE TABLE plugin_data (
    namespace VARCHAR(64) NOT NULL,
    data_key VARCHAR(128) NOT NULL,
    data_value VARCHAR(8192) NOT NULL,
    version BIGINT NOT NULL,
    modified_at TIMESTAMP NOT NULL,
    CONSTRAINT pk_plugin_data PRIMARY KEY (namespace, data_key)
);
