-- Berth schema version 7: two counters on each session row that let JpaSessionRepository.update write a
-- session, its kernels and a history row without first reading kernels or history.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.

-- history_seq is the seq that the session's next session_history row gets. The compare-and-set UPDATE of a
-- change raises it and the history row is inserted with the raised value less one, so appending a change
-- needs no SELECT MAX(seq). Sessions written before this version continue after their last history row.
ALTER TABLE sessions ADD COLUMN history_seq INTEGER DEFAULT 0 NOT NULL;

UPDATE sessions SET history_seq = (SELECT COALESCE(MAX(h.seq) + 1, 0) FROM session_history h
    WHERE h.session_id = sessions.id);

-- kernel_count is the number of kernels rows of the session. An update whose compare-and-set finds it equal
-- to the number of kernels it writes, each of which then updates a stored row of the session, has the same
-- kernels and deletes none.
ALTER TABLE sessions ADD COLUMN kernel_count INTEGER DEFAULT 0 NOT NULL;

UPDATE sessions SET kernel_count = (SELECT COUNT(*) FROM kernels k WHERE k.session_id = sessions.id);
