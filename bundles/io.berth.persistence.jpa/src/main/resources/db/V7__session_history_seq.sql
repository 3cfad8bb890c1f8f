-- Berth schema version 7: the next history sequence number of each session, kept on its row.
-- Portable SQL for Derby 10.14 and PostgreSQL. Statements are split on ';' by SchemaMigrator,
-- so no statement may contain a semicolon.

-- history_seq is the seq that the session's next session_history row gets (the number of rows it has had
-- when they count from 0 without gaps). JpaSessionRepository.update raises it in its compare-and-set UPDATE
-- and inserts the history row with the raised value less one, so appending a change needs no
-- SELECT MAX(seq). Sessions written before this version start after their last history row.
ALTER TABLE sessions ADD COLUMN history_seq INTEGER DEFAULT 0 NOT NULL;

UPDATE sessions SET history_seq = (SELECT COALESCE(MAX(h.seq) + 1, 0) FROM session_history h
    WHERE h.session_id = sessions.id);
